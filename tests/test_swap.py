"""The site swap is one step: after it the new site is in place and the old one gone; a build
killed half-way through the fallback is repaired by the next build."""
from __future__ import annotations

from plcpub.util.swap import recover, swap_in


def test_swap_replaces_the_site_in_one_step(tmp_path):
    out, new = tmp_path / "site", tmp_path / ".site-new"
    out.mkdir()
    (out / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    swap_in(new, out)
    assert (out / "index.html").read_text() == "new" and not new.exists()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "index.html").write_text("first")
    swap_in(fresh, tmp_path / "first-site")  # nothing published yet
    assert (tmp_path / "first-site" / "index.html").read_text() == "first"


def test_recover_puts_back_a_site_left_aside(tmp_path):
    old = tmp_path / "site.old"
    old.mkdir()
    (old / "index.html").write_text("old")
    recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "old" and not old.exists()


def test_the_previous_site_is_removed_in_the_background_or_by_the_next_build(tmp_path):
    import time

    from plcpub.util.swap import TRASH_PREFIX

    out, new = tmp_path / "site", tmp_path / ".site-new"
    for folder in (out, new):
        (folder / "a" / "b").mkdir(parents=True)
        (folder / "a" / "b" / "page.html").write_text(folder.name)
    swap_in(new, out)
    deadline = time.monotonic() + 10
    while list(tmp_path.glob(TRASH_PREFIX + "*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(tmp_path.glob(TRASH_PREFIX + "*"))
    left = tmp_path / (TRASH_PREFIX + "killed")  # a removal that never finished
    (left / "x").mkdir(parents=True)
    recover(out)
    assert not left.exists() and (out / "a" / "b" / "page.html").read_text() == ".site-new"


def test_the_spare_site_is_synced_by_relinking_only_what_differs(tmp_path):
    import os

    from plcpub.render.site.incremental import sync_tree

    site, spare = tmp_path / "site", tmp_path / ".site-spare"
    (site / "a").mkdir(parents=True)
    (site / "a" / "same.html").write_text("same")
    (site / "changed.html").write_text("new")
    (site / "was-a-folder").write_text("now a file")
    (site / "new-folder").mkdir()
    (site / "new-folder" / "x.html").write_text("x")
    (spare / "a").mkdir(parents=True)
    os.link(site / "a" / "same.html", spare / "a" / "same.html")
    (spare / "changed.html").write_text("old")
    (spare / "was-a-folder").mkdir()
    (spare / "was-a-folder" / "y").write_text("y")
    (spare / "gone.html").write_text("gone")
    same_inode = (spare / "a" / "same.html").stat().st_ino
    sync_tree(str(site), str(spare))
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert sorted(p.relative_to(spare).as_posix() for p in spare.rglob("*")) == files
    for rel in files:
        if (site / rel).is_file():
            assert (spare / rel).stat().st_ino == (site / rel).stat().st_ino, rel
    assert (spare / "a" / "same.html").stat().st_ino == same_inode  # untouched
    assert (spare / "changed.html").read_text() == "new"


def test_swap_keeps_the_previous_site_as_the_spare(tmp_path):
    out, new, spare = tmp_path / "site", tmp_path / ".site-new", tmp_path / ".site-spare"
    for folder, text in ((out, "old"), (new, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    swap_in(new, out, keep=spare)
    assert (out / "index.html").read_text() == "new" and (spare / "index.html").read_text() == "old"
    (spare / "index.html").write_text("newer")  # the next build staged in the spare
    swap_in(spare, out, keep=spare)
    assert (out / "index.html").read_text() == "newer" and (spare / "index.html").read_text() == "new"
