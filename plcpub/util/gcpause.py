"""Loading a city's project allocates millions of small objects that all live until the build
ends; Python's cyclic collector would walk them over and over while they are created (half the
load time of a one-page rebuild). Collection waits until loading is done."""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused(freeze: bool = False):
    """Pause the cyclic collector; with `freeze` (one-shot commands), what was loaded is moved out
    of its sight for good. `serve` loads again and again, so it must not freeze."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
