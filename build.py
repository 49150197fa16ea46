#!/usr/bin/env python3
"""The plcpub command. `python build.py --help` lists the verbs; the console script `plcpub` is the same."""
import sys

from plcpub.cli import main

if __name__ == "__main__":
    sys.exit(main())
