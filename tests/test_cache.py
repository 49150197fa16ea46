"""File digests remembered by stat (git's index trick): right answers after edits, no stale hits."""
from __future__ import annotations

import hashlib
import os

from plcpub.cache import FileDigests


def _age(path, seconds=10):
    """Make the file look written `seconds` ago (not racy: its digest may be remembered)."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 10**9))


def test_digest_is_the_content_hash_and_follows_edits(tmp_path, monkeypatch):
    f = tmp_path / "a.yaml"
    f.write_bytes(b"name: one\n")
    _age(f)
    monkeypatch.setattr(FileDigests, "RACY_NS", 0)  # ctime is always fresh here: trust what we just wrote
    d = FileDigests()
    assert d.digest(f) == hashlib.sha256(b"name: one\n").digest()
    assert str(f) in d.table
    f.write_bytes(b"name: two\n")  # same size, new content
    assert d.digest(f) == hashlib.sha256(b"name: two\n").digest()


def test_a_remembered_digest_is_reused_without_reading(tmp_path, monkeypatch):
    f = tmp_path / "photo.jpg"
    f.write_bytes(b"x" * 1000)
    monkeypatch.setattr(FileDigests, "RACY_NS", 0)
    d = FileDigests()
    first = d.digest(f)
    d.save(tmp_path / "digests.pickle")
    again = FileDigests()
    again.load(tmp_path / "digests.pickle")
    monkeypatch.setattr("builtins.open", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read")))
    assert again.digest(f) == first


def test_a_file_written_just_now_is_not_remembered(tmp_path):
    f = tmp_path / "community.yaml"
    f.write_bytes(b"summary: a\n")
    d = FileDigests()
    d.digest(f)
    assert str(f) not in d.table and not d.changed  # racily clean: re-read next time


def test_a_broken_table_is_ignored(tmp_path):
    bad = tmp_path / "digests.pickle"
    bad.write_bytes(b"not a pickle")
    d = FileDigests()
    d.load(bad)
    assert d.table == {}


def test_the_object_cache_forgets_what_was_neither_used_nor_written_for_a_week(tmp_path):
    from plcpub.cache import ObjectCache

    writer = ObjectCache(tmp_path / "objects")
    for key in ("aa01", "aa02", "bb03"):
        writer.put(key, {"key": key})
    week_ago = 8 * 86400
    for key in ("aa01", "aa02"):
        path = writer._path(key)
        st = path.stat()
        os.utime(path, (st.st_atime - week_ago, st.st_mtime - week_ago))
    run = ObjectCache(tmp_path / "objects")  # the next build
    assert run.get("aa01") == {"key": "aa01"}
    assert run.sweep() == 1
    assert run.get("aa02") is None  # old and unused: gone
    assert run.get("aa01") is not None and run.get("bb03") is not None  # used now / written lately


def test_the_digest_table_forgets_deleted_files(tmp_path, monkeypatch):
    monkeypatch.setattr(FileDigests, "RACY_NS", 0)
    kept, gone = tmp_path / "kept.jpg", tmp_path / "gone.jpg"
    kept.write_bytes(b"k")
    gone.write_bytes(b"g")
    d = FileDigests()
    d.digest(kept), d.digest(gone)
    gone.unlink()
    d.save(tmp_path / "digests.pickle")
    again = FileDigests()
    again.load(tmp_path / "digests.pickle")
    assert list(again.table) == [str(kept)]


def test_pools_fork_only_while_no_other_thread_runs():
    """A forked child inherits whatever lock another thread holds at that moment (the build stages
    the previous site in a thread while pools parse submissions)."""
    import threading

    from plcpub.process import pool_context
    assert pool_context().get_start_method() == "fork"
    gate = threading.Event()
    worker = threading.Thread(target=gate.wait)
    worker.start()
    try:
        assert pool_context().get_start_method() == "forkserver"
    finally:
        gate.set()
        worker.join()


def test_a_command_session_saves_the_digest_memo_and_releases_frozen_objects(tmp_path):
    import gc

    from plcpub.cache import DIGESTS, file_digest
    from plcpub.paths import Paths
    from plcpub.process import collector_paused, session
    paths = Paths(tmp_path)
    f = tmp_path / "a.txt"
    f.write_text("x")
    with session(paths):
        with collector_paused(freeze=True):
            DIGESTS.table[str(f)] = ((1, 2, 3, 4), file_digest(f))  # as a file older than the racy window would be
            DIGESTS.changed = True
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0 and not DIGESTS.changed
    assert paths.digests.is_file()  # saved, for the next command
