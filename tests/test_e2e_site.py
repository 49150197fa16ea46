"""The built site in a real browser (Debian's Chromium driven by Playwright), as a visitor uses it:
pages load, search finds Chinese terms, filters work, no console errors, no request leaves
localhost, and axe-core finds no serious or critical accessibility violation.
Screenshots are kept in tests/artifacts/ for people to look at."""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).parent / "artifacts"


class Visit:
    """A page plus everything it asked for and complained about."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, path: str):
        self.page.goto(self.base + path, wait_until="networkidle")
        return self.page

    def shot(self, name: str):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def check_clean(self):
        outside = [u for u in self.requests if not u.startswith(self.base) and not u.startswith("data:")]
        assert outside == [], f"requests left the site: {outside}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture
def visit(browser, server):
    v = Visit(browser, server)
    yield v
    v.page.close()


def test_home_lists_the_plans(visit):
    page = visit.go("")
    assert page.title().startswith("教師專業學習社群")
    assert page.locator("a", has_text="新竹市111學年度教師專業學習社群申請計畫").count() == 1
    visit.shot("home")
    visit.check_clean()


def test_plan_rules_page_shows_tiers_table(visit):
    page = visit.go("hsinchu-111/rules/")
    table = page.locator("table").first
    assert "課程研創學習社群" in table.inner_text() and "20,000元" in table.inner_text()
    visit.shot("hsinchu-rules")
    visit.check_clean()


def test_chinese_search_finds_communities(visit):
    page = visit.go("hsinchu-111/")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("公開授課")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("/communities/" in h for h in hrefs), hrefs
    visit.shot("search-公開授課")
    box.fill("竹風國中")
    page.wait_for_function("document.querySelector('.md-search-result__list').dataset.query === '竹風國中'")
    texts = page.locator(".md-search-result").inner_text()
    assert "竹風國中" in texts
    visit.check_clean()


def test_community_page_shows_budget_total(visit):
    page = visit.go("hsinchu-111/communities/183601-math-inquiry/")
    total = page.locator("td.plc-total").first.inner_text()
    assert total == "7,416元"
    assert "新臺幣柒仟肆佰壹拾陸元整" in page.content()
    assert page.locator(".plc-photos img").count() >= 1
    for img in page.locator(".plc-photos img").all():  # lazy images load as the reader scrolls to them
        img.scroll_into_view_if_needed()
    page.wait_for_function("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)", timeout=10000)
    visit.shot("community")
    visit.check_clean()


def test_community_list_filters_and_sorts(visit):
    page = visit.go("hsinchu-111/communities/")
    rows = page.locator("#plc-communities tbody tr")
    everything = rows.count()
    page.select_option("select[data-key='tier']", "專業自主學習社群")
    visible = page.locator("#plc-communities tbody tr:not([hidden])").count()
    assert 0 < visible < everything
    assert f"共 {visible} 個社群" in page.locator(".plc-count").inner_text()
    page.select_option("select[data-key='tier']", "")
    page.locator("#plc-communities th button", has_text="經費").click()
    amounts = [int(a.replace(",", "").replace("元", "")) for a in
               page.locator("#plc-communities tbody tr td:last-child").all_inner_texts()]
    assert amounts == sorted(amounts)
    visit.check_clean()


@pytest.mark.parametrize("path", ["", "hsinchu-111/", "hsinchu-111/rules/", "hsinchu-111/communities/",
                                  "hsinchu-111/communities/183601-math-inquiry/", "hsinchu-111/stats/",
                                  "keelung-113/timeline/", "hsinchu-111/schools/183601/", "hsinchu-111/downloads/",
                                  "keelung-113/review/", "taoyuan-111/results/", "hsinchu-111/booklet/"])
def test_no_serious_accessibility_violations(visit, path):
    axe_js = Path(pytest.importorskip("axe_playwright_python").__file__).parent / "axe.min.js"
    page = visit.go(path)
    page.add_script_tag(content=axe_js.read_text("utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []
