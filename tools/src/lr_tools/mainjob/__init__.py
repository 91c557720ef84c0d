"""The main job (`lr run`, `make run`): a realistic national delivery followed end to end."""
