"""Intake's domain: pure Python rules for delivery files, rows and reference data."""
