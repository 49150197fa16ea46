"""Publishing the site: the engine builds the tree into a folder beside the live site, which is
then swapped in (never half a site). With `incremental`, a previous site whose frame (config,
theme, assets) is unchanged is staged and only the stale pages are rendered (incremental.py);
`inputs` is recorded for the next build's no-op check."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from plcpub.paths import Paths
from plcpub.render.site import SITE_NAME, SiteTree, engine, search
from plcpub.render.site.incremental import (StagedCopy, copy_site, docs_files, frame_digest, load_state, page_url,
                                            remove_outputs, save_state, spare_of, stale_pages)
from plcpub.util.swap import recover, swap_in


@dataclass
class BuildResult:
    pages: int
    mode: str  # full | pages (only changed pages rendered)
    rendered: int  # pages MkDocs rendered


def publish(tree: SiteTree, out: Path, cache: Path, incremental: bool = True, inputs: str = "",
            staged: StagedCopy | None = None, keep_spare: bool = True) -> BuildResult:
    """Build `tree` with the engine and swap it in at `out`. `staged` (started by the command while
    it loaded the project) is used up or discarded either way; `keep_spare` keeps the replaced
    site for the next build to stage in."""
    recover(out)
    files = docs_files(tree.docs)
    pages = {page_url(f) for f in files if f.endswith(".md")}
    frame = frame_digest(tree.src)
    state = load_state(cache, out)
    dirty = incremental and out.is_dir() and state.get("frame") == frame
    out.parent.mkdir(parents=True, exist_ok=True)
    if staged is not None and not dirty:  # the frame changed after all: a full build into an empty folder
        staged.discard()
        staged = None
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent)) if staged is None else None
    try:
        if dirty:
            if staged is not None:
                tmp = staged.result()
            else:
                copy_site(out, tmp)
            remove_outputs(tmp, sorted(set(state.get("files", [])) - set(files)))
            rendered = stale_pages(tree.docs, tmp, files)
            engine.build(tree.src, tmp, dirty=True)
        else:
            rendered = pages
            engine.build(tree.src, tmp)
        indexed = search.update_index(tmp, SITE_NAME, state.get("search") if dirty else None)
        swap_in(tmp, out, keep=spare_of(out) if keep_spare else None)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if staged is not None:
            staged.discard()
        raise
    save_state(cache, out, {"frame": frame, "files": files, "inputs": inputs, "search": indexed})
    return BuildResult(len(pages), "pages" if dirty else "full", len(rendered))


def is_up_to_date(paths: Paths, out: Path, inputs: str) -> bool:
    """True when the last successful build into `out` read exactly these inputs."""
    return bool(inputs) and out.is_dir() and load_state(paths.cache, out).get("inputs") == inputs
