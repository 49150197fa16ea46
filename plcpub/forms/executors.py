"""Where the PDF work runs: this machine's cores (a process pool), or a Dask cluster given by
address (`--executor dask://host:port`, the optional `dask` extra). Either way the work is a list
of self-contained chunks, each a picklable call, and progress is shown as chunks finish.

A Dask cluster's workers must see the same files at the same paths (the project and its .cache
on a shared disk) and have plcpub installed; they return only counts, files are written in place.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Callable, Iterator

from plcpub.process import pool_context


class ExecutorError(ValueError):
    """A bad --executor value or an unreachable cluster; the message is for the user (zh-TW)."""


@contextmanager
def progress(total: int, label: str):
    """A progress bar with counts and time left (rich); silent when output is not a terminal."""
    import sys

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("剩餘"),
                   TimeRemainingColumn(), disable=not sys.stderr.isatty(), transient=True)
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _local(fn: Callable, chunks: list, jobs: int) -> Iterator[int]:
    if jobs <= 1:
        for chunk in chunks:
            yield fn(*chunk)
        return
    with ProcessPoolExecutor(jobs, mp_context=pool_context()) as pool:
        for future in as_completed([pool.submit(fn, *chunk) for chunk in chunks]):
            yield future.result()


def _dask(fn: Callable, chunks: list, address: str) -> Iterator[int]:
    try:
        from distributed import Client, as_completed as dask_completed
    except ImportError:
        raise ExecutorError("要使用 Dask 叢集，請先安裝：pip install 'plcpub[dask]'。") from None
    try:
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError):
        raise ExecutorError(f"連不上 Dask 叢集 {address}，請確認位址與網路。") from None
    try:
        futures = [client.submit(fn, *chunk, pure=False) for chunk in chunks]
        for future in dask_completed(futures):
            yield future.result()
    finally:
        client.close()


def run_chunks(fn: Callable, chunks: list, executor: str | None, jobs: int | None, label: str) -> int:
    """Run fn(*chunk) for every chunk; fn returns how many items it did. Returns the total."""
    total_items = 0
    jobs = max(1, jobs or os.cpu_count() or 1)
    if executor and not executor.startswith("dask://"):
        raise ExecutorError(f"不認得的執行環境「{executor}」：請寫 dask://主機:埠，或不指定（用本機所有核心）。")
    results = _dask(fn, chunks, "tcp://" + executor[len("dask://"):]) if executor else _local(fn, chunks, jobs)
    with progress(sum(len(c[-1]) for c in chunks), label) as advance:
        for done in results:
            total_items += done
            advance(done)
    return total_items
