"""`build` (the default): validate, then render the site. Rendering arrives with the site issue;
until then the build refuses to publish anything when validation fails."""
from __future__ import annotations

from pathlib import Path

from plcpub.commands import check


def run(root: Path, out: Path) -> int:
    return check.run([], "text", root)
