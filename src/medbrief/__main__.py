"""`python -m medbrief` runs the CLI."""

from medbrief.cli import app

app()
