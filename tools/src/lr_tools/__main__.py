from lr_tools.cli import app

app()
