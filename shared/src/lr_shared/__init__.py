"""Lerarenregister contracts and platform library.

Everything that crosses a service boundary (Kafka contracts, the CloudEvents envelope) and the
platform pieces every service shares (settings, database unit of work, inbox and outbox, Kafka,
telemetry, tokens, BSN handling). Services import this package; they never import each other.
"""
