"""Crash safety, measured: the audit of a run (from the databases, the broker and the mail sink),
the crash tests' helpers, and `lr chaos` (a large delivery while processes are killed)."""
