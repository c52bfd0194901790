"""`python -m relcore` — the command line (see relcore.cli)."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
