"""What plcpub keeps or changes for the whole process, in one place, each with why.

1. The file-digest memo (cache.DIGESTS): a file's sha256 remembered by its stat, as git's index
   does, so a rebuild stats thousands of photos instead of reading gigabytes. One table serves
   every module that hashes files; `session` loads it from the project's cache when a command
   starts and saves it when the command ends.
2. The cyclic garbage collector: loading a city allocates millions of objects that live until
   the command ends, and the collector would walk them again and again while they are created
   (half the load time of a one-page rebuild). `collector_paused` holds it off while loading; with
   `freeze`, what was loaded is moved out of its sight for the rest of a one-shot command, and
   `session` gives it back when the command ends (tests and `serve` run many in one process).
3. odfpy's class-level namespace table: odfpy declares every namespace it has seen in this
   process, in first-seen order, in every document it writes; `reset_odf_namespaces` starts each
   document from one fixed list, so the same sheet has the same bytes whatever came before it.
4. Process pools: forking copies the parent's memory at once, and with it any lock another
   thread holds at that moment (the build stages the previous site in a thread; `serve` runs
   server threads). `pool_context` forks only while this is the only thread, else starts workers
   from a fork server.
"""
from __future__ import annotations

import gc
import multiprocessing
import threading
from contextlib import contextmanager

from plcpub.cache import DIGESTS
from plcpub.paths import Paths


@contextmanager
def session(paths: Paths):
    """One command's process-wide state: the digest memo loaded and saved, frozen objects released."""
    DIGESTS.load(paths.digests)
    try:
        yield
    finally:
        DIGESTS.save(paths.digests)
        gc.unfreeze()


@contextmanager
def collector_paused(freeze: bool = False):
    """Pause the cyclic collector; with `freeze` (one-shot commands), what was loaded is moved out
    of its sight until the command ends (`session`)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def release_frozen() -> None:
    """Give frozen objects back to the collector (`serve` loads again and again)."""
    gc.unfreeze()


def reset_odf_namespaces() -> None:
    """odfpy keeps the namespaces it has seen in one process-wide dict and declares them all in
    every document it writes, in first-seen order: the same sheet came out differently after an
    ODT had been written. Start every document from one fixed list instead."""
    from odf import namespaces as ns
    from odf.element import Element

    Element.namespaces.clear()
    for uri in (ns.OFFICENS, ns.STYLENS, ns.TEXTNS, ns.TABLENS, ns.FONS, ns.SVGNS, ns.METANS, ns.DCNS, ns.XLINKNS,
                ns.NUMBERNS, ns.MANIFESTNS, ns.CHARTNS, ns.DRAWNS, ns.PRESENTATIONNS, ns.OFNS):
        Element.namespaces[uri] = ns.nsdict[uri]


def pool_context():
    """The multiprocessing context for a pool started now: fork (instant, shares what is loaded)
    while this is the only thread, a fork server otherwise (a forked child would inherit locks
    that other threads hold)."""
    return multiprocessing.get_context("fork" if threading.active_count() == 1 else "forkserver")
