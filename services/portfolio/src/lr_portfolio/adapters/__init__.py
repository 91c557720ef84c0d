"""PostgreSQL, clock, metrics and file adapters of the portfolio."""
