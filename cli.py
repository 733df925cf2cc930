"""`sto`: the command line of sto-toets, run from a checkout (`python cli.py assess PLAN`).

The installed `sto` command runs the same `main` (engine/cli.py); this file is its thin entry.
"""
import sys

from engine.cli import build_parser, main

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
