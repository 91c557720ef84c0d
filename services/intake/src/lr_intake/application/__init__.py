"""Intake's handlers: receiving deliveries (file or batch), loading reference data, keeping
correction requests. They take their ports as parameters."""
