"""Issue #18, items 1, 4 and 5: every table readable on a 390 px phone and on a 1280 px screen,
charts legible with their figures as a table, and no money where a plan gives none. Measured in
Chromium: where each cell lies, how wide it is, on how many lines its text runs."""
from __future__ import annotations


import pytest

pytestmark = pytest.mark.slow

# Each cell: outside the viewport without a container that visibly scrolls, or squeezed (text of
# four or more characters broken onto several lines in a box under four characters wide).
MEASURE = """() => {
  const vw = document.documentElement.clientWidth, found = [];
  for (const cell of document.querySelectorAll('.md-content table td, .md-content table th')) {
    const r = cell.getBoundingClientRect();
    const head = cell.closest('thead');
    if (!r.width || (head && getComputedStyle(head).position === 'absolute')) continue;  // a phone's hidden header row
    let node = cell.parentElement, scrolls = false;
    for (; node && node !== document.body; node = node.parentElement) {
      const cs = getComputedStyle(node);
      if (['auto', 'scroll'].includes(cs.overflowX) && node.scrollWidth > node.clientWidth + 1) { scrolls = true; break; }
    }
    const text = cell.textContent.trim(), cs = getComputedStyle(cell), fs = parseFloat(cs.fontSize);
    if (r.right > vw + 1 && !scrolls) found.push(`outside: ${text.slice(0, 20)}`);
    if (scrolls) found.push(`scrolls: ${text.slice(0, 20)}`);
    const range = document.createRange(); range.selectNodeContents(cell);
    const lines = new Set([...range.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size;
    const inner = r.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if ([...text.replace(/\\s/g, '')].length >= 4 && lines > 1 && inner < 3.9 * fs) found.push(`squeezed: ${text.slice(0, 20)}`);
  }
  return found; }"""


def pages(built) -> list[str]:
    """Every page with a table: home, every plan page, one community and one school page a plan."""
    out = [""]
    for plan in sorted(p for p in built.iterdir() if p.is_dir() and (p / "rules").is_dir()):
        out += [f"{plan.name}/{d.name}/" for d in sorted(plan.iterdir()) if (d / "index.html").exists()]
        for kind in ("communities", "schools"):
            first = next((d for d in sorted((plan / kind).iterdir()) if d.is_dir()), None) if (plan / kind).is_dir() else None
            if first is not None:
                out.append(f"{plan.name}/{kind}/{first.name}/")
    return out


@pytest.mark.parametrize("width", [390, 1280])
def test_every_table_fits_or_visibly_scrolls_and_no_column_is_squeezed(browser, server, built, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = {}
    checked = pages(built)
    assert len(checked) > 40
    for path in checked:
        page.goto(server + path, wait_until="networkidle")
        found = page.evaluate(MEASURE)
        if found:
            problems[path] = found[:5]
    page.close()
    assert not problems, problems


def test_a_phone_reads_every_column_of_the_review_table_as_labelled_lines(browser, server):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(server + "keelung-113/review/", wait_until="networkidle")
    row = page.locator("table").nth(1).locator("tbody tr").first
    labels = row.evaluate("r => [...r.cells].map(c => getComputedStyle(c, '::before').content)")
    assert any("學校" in x for x in labels) and any("社群名稱" in x for x in labels)
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.close()


def test_charts_are_legible_tables_on_a_phone(browser, server):
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(server + "keelung-113/stats/", wait_until="networkidle")
    charts = page.locator("table.plc-bars")
    assert charts.count() == 3
    sizes = charts.first.evaluate("t => [...t.querySelectorAll('th, .plc-bar-value')].map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert min(sizes) >= 12
    assert "元" in charts.first.locator("tbody").inner_text() and charts.first.locator("caption").inner_text() == "各類別經費"
    page.close()


def test_a_plan_that_gives_no_money_shows_none(browser, server):
    """Taoyuan 111 selects among running communities and funds none: no 經費 column, total or chart."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "taoyuan-111/communities/", wait_until="networkidle")
    assert "經費" not in page.locator("table thead").inner_text()
    page.goto(server + "taoyuan-111/stats/", wait_until="networkidle")
    text = " ".join(page.locator(".md-content .plc-block").all_inner_texts())
    assert "經費合計" not in text and "元" not in text.replace("類別與經費", "") and "各類別社群數" in text
    page.close()


def test_a_community_page_links_to_its_review_slot_and_the_404_speaks_chinese(built):
    import re

    page = (built / "keelung-113" / "communities" / "173601-learning-diagnosis" / "index.html").read_text("utf-8")
    m = re.search(r'審查時段：<a href="([^"]+)#(case-[^"]+)">([^<]+)</a>', page)
    assert m and "113-" in m.group(3)
    review = (built / "keelung-113" / "review" / "index.html").read_text("utf-8")
    assert f'id="{m.group(2)}"' in review
    missing = (built / "404.html").read_text("utf-8")
    assert "找不到這個頁面" in missing and "回到首頁" in missing and "Not found" not in missing
