"""``python -m jdlens`` runs the command line."""

from jdlens.cli import main

main()
