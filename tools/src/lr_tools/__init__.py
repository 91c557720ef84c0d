"""Lerarenregister operators' command line (`lr`): local stack, services, development tokens."""
