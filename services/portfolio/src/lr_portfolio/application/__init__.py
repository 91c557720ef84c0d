"""Use cases of the portfolio; each takes its ports as parameters."""
