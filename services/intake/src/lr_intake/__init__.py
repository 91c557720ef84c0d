"""Intake: boards deliver their teachers' appointments; every row is checked and answered."""
