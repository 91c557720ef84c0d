"""Versioned Kafka contracts. Within a topic version only additive changes are allowed."""
