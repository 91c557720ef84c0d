"""Adapters: PostgreSQL repositories, the outbox encoding of intake's messages, reference files."""
