"""The local stack: Kafka, PostgreSQL and an SMTP sink, natively or with docker compose."""
