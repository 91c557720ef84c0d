"""Use cases: take in events, contacts and erasure requests; send what is due."""
