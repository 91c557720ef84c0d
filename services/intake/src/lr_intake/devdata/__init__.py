"""Realistic generated data for development, tests and benchmarks: a national reference set and
delivery files with a chosen share of faulty rows. Deterministic for a given seed."""
