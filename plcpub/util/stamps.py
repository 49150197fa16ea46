"""Skip rewriting an output whose inputs are unchanged: a stamp file beside the cache records the
hash of what the output was last made from (PDFs take ~1 s each; a build makes dozens)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable


def write_if_changed(target: Path, stamps: Path, inputs: str, write: Callable[[], object]) -> Path:
    """Call `write()` (which makes `target`) unless `target` exists and was made from `inputs`."""
    stamp = stamps / f"{target.name}.sha256"
    digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()
    if target.exists() and stamp.exists() and stamp.read_text() == digest:
        return target
    write()
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    return target
