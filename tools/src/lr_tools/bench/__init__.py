"""`lr bench`: the national delivery end to end on a fleet of service processes, next to the raw
limit of the same data, the consumer a user would otherwise write, and registry replicas."""
