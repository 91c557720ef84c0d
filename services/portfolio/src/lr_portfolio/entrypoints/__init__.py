"""How the world reaches the portfolio: HTTP, Kafka subscribers, the operator CLI."""
