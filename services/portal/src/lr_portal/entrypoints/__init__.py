"""The app, its dependencies and the page routers, one module per area."""
