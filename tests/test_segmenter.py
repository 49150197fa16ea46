"""The search segmenter of incremental builds cuts Chinese exactly as jieba in-process does,
with the project's user dictionary, and keeps working if its helper process dies. No test changes
jieba's process-wide default tokenizer (later tests would see its dictionary)."""
from __future__ import annotations

import jieba

from plcpub.render.site.engine import segmenting_with
from plcpub.render.site.segmenter import Segmenter

TEXT = "晨光國小數位學習探究社群以素養導向教學設計進行公開授課與專業回饋".encode("utf-8")


def test_cuts_like_jieba_with_the_user_dictionary(tmp_path):
    words = tmp_path / "user.txt"
    words.write_text("數位學習探究社群 100000\n", "utf-8")
    seg = Segmenter()
    try:
        seg.load_userdict(str(words))
        got = list(seg.cut(TEXT))
    finally:
        seg.close()
    reference = jieba.Tokenizer()  # a tokenizer of its own: jieba's default one is shared by later tests
    reference.load_userdict(str(words))
    assert got == list(reference.cut(TEXT))
    assert "數位學習探究社群" in got


def test_falls_back_to_jieba_when_the_helper_is_gone(tmp_path):
    seg = Segmenter()
    seg._proc.kill()
    seg._proc.join()
    assert list(seg.cut(TEXT)) == list(jieba.cut(TEXT))


def test_material_uses_it_only_inside_the_block():
    from material.plugins.search import plugin

    seg = Segmenter()
    try:
        with segmenting_with(seg):
            assert plugin.jieba.inner is seg  # behind the variant folding (search.FoldingCut)
        assert plugin.jieba is jieba
    finally:
        seg.close()
