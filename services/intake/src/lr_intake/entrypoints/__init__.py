"""How intake is reached: HTTP routes, Kafka subscribers, the operator CLI."""
