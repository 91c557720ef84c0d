"""The registry: who each teacher is and where their registration stands."""
