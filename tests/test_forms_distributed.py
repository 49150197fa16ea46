"""Prefilled forms beyond one process: shards for CI matrices and their merge, and a Dask cluster
(a local one here, as CI runs it). Slow: renders PDFs."""
from __future__ import annotations

import json

import pytest

from plcpub.cli import main

from .conftest import project_copy

pytestmark = pytest.mark.slow
PLAN = "keelung-113"


def test_shards_merge_into_the_whole_and_a_missing_shard_is_refused(tmp_path):
    root = project_copy(tmp_path / "proj")
    for i in (1, 2):
        assert main(["--root", str(root), "forms", "--plan", PLAN, "--shard", f"{i}/2", "--out", f"shard-{i}"]) == 0
    one = json.loads((root / "shard-1" / "manifest-1-of-2.json").read_text("utf-8"))
    two = json.loads((root / "shard-2" / "manifest-2-of-2.json").read_text("utf-8"))
    assert one["files"] and two["files"] and not set(one["files"]) & set(two["files"])
    assert main(["--root", str(root), "forms", "--merge", "shard-1", "--out", "merged"]) == 1  # shard 2 missing
    assert main(["--root", str(root), "forms", "--merge", "shard-1", "shard-2", "--out", "merged"]) == 0
    for rel in one["expected"]:
        assert (root / "merged" / rel).is_file(), rel
    assert main(["--root", str(root), "forms", "--shard", "3/2"]) == 2


def test_dask_local_cluster_renders_the_same_files(tmp_path):
    distributed = pytest.importorskip("distributed")
    root = project_copy(tmp_path / "proj")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        assert main(["--root", str(root), "forms", "--plan", PLAN, "--executor", address, "--out", "dask"]) == 0
    manifest = json.loads((root / "dask" / "manifest-1-of-1.json").read_text("utf-8"))
    assert all((root / "dask" / rel).is_file() and (root / "dask" / rel).stat().st_size > 1000 for rel in manifest["expected"])
    assert main(["--root", str(root), "forms", "--plan", PLAN, "--executor", "dask://127.0.0.1:1", "--out", "x"]) == 2
