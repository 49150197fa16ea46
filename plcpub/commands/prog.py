"""How the user started plcpub, so messages suggest a command that exists for them: `python build.py`
in a clone of the repository, `plcpub` where the package is installed."""
from __future__ import annotations

import sys
from pathlib import Path


def invoked() -> str:
    return "python build.py" if Path(sys.argv[0]).name == "build.py" else "plcpub"


def command(args: str) -> str:
    """`args` as a full command line, e.g. command("check") -> "python build.py check"."""
    return f"{invoked()} {args}"
