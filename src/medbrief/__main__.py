"""`python -m medbrief` runs the CLI."""

from medbrief.entry import main

main()
