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
