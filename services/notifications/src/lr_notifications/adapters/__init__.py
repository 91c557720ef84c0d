"""Adapters: PostgreSQL, the outbox, SMTP, templates and metrics."""
