"""Issue #18, item 2: the site's Chinese search finds what visitors mean. tests/search_queries.yaml
holds what they type and the pages they mean; each is typed into the built site's search box in
Chromium and ≥ 90 % must have a meant page in the top 3."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text("utf-8"))


def test_the_query_set_is_realistic_and_large_enough():
    assert len(QUERIES) >= 40
    assert {"台南", "跨校", "成果集", "申請表", "申請截止"} <= {q["q"] for q in QUERIES}  # the issue's own misses


def test_variant_forms_are_folded_and_names_are_cut_into_searchable_words(project):
    from plcpub.render.site.search import FoldingCut, fold, words

    assert fold("台南市的社群裏") == "臺南市的社群裡"
    vocabulary = set(words(project))
    assert {"臺南", "臺南市", "新竹", "專業自主", "課程研創", "成果集", "申請表"} <= vocabulary
    assert not any(sb.sub.name in vocabulary for sb in project.submissions if len(sb.sub.name) > 6)  # cut into words

    class Echo:
        def cut(self, text):
            return iter([text])

    assert list(FoldingCut(Echo()).cut("台中".encode("utf-8"))) == ["臺中"]


def top3(page, base: str, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on keyup, which an IME fires when a word is committed
    page.wait_for_timeout(500)
    hrefs = page.eval_on_selector_all(".md-search-result__item > a", "as => as.slice(0, 3).map(a => a.href)")
    return [h.replace(base, "").split("?")[0].split("#")[0] for h in hrefs]


@pytest.mark.slow
def test_visitors_find_the_page_they_mean(browser, server):
    page = browser.new_page(viewport={"width": 390, "height": 900}, locale="zh-TW")  # as on a phone
    page.goto(server, wait_until="networkidle")
    page.locator("label.md-header__button[for='__search']").click()
    page.wait_for_timeout(1000)  # the worker loads the index
    missed = []
    for q in QUERIES:
        found = top3(page, server, q["q"])
        if not any(re.search(p, f) for p in q["pages"] for f in found):
            missed.append((q["q"], found))
    page.close()
    assert len(missed) <= len(QUERIES) // 10, missed


@pytest.mark.slow
def test_the_issues_misses_are_found(browser, server):
    """跨校 no longer ranks 跨域 first on 跨; 台南 (typed with 台) finds 臺南; an exact name is first."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page.goto(server, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    page.wait_for_timeout(1000)
    assert page.locator("input.md-search__input").input_value() == ""
    assert top3(page, server, "台南")[0].startswith("tainan-109/")
    assert page.locator("input.md-search__input").input_value() == "臺南"  # folded as typed
    assert top3(page, server, "閱讀素養共備社群")[0] == "newtaipei-111/communities/014601-reading-literacy/"
    first = top3(page, server, "跨校")[0]
    assert "跨域" not in page.locator(".md-search-result__item").first.inner_text()[:40], first
    page.close()


def test_snippets_keep_table_cells_apart(built):
    """Adjacent cells used to run together in the index (「6614,140元」): a space separates them."""
    import json

    index = json.loads((built / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(d["text"] for d in index["docs"] if d["location"].endswith("/communities/"))
    assert "元" in text and not re.search(r"\d元\d|\d{2,}\d{1,3},\d{3}元", text.replace("\u200b", ""))
