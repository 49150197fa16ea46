"""The site's search, answered by Pagefind: a phone downloads only the few index chunks a query
needs (Material's whole-site index was 7.3 MiB at 1,000 communities; docs/performance.md).

Chinese has no spaces, and Pagefind cuts a query in the browser with the browser's own word
segmenter (ICU), which no index-side segmenter matches: 社群 became 社 群 and whole community
names found nothing. So neither side segments. Every run of Chinese characters is indexed as its
overlapping character pairs (閱讀素養 → 閱讀 讀素 素養), each written as one ASCII word no segmenter
splits (`words`), and the search box turns a query into the same words (`search_js`, generated
from the same constants): whatever two or more characters are typed are found where they stand
(跨校 never matches 跨域, 國中 never 國小), one character finds the pairs it begins, and no
dictionary has to be kept. Variant forms (台 for 臺, as most people type) are folded on both sides.

Pagefind reads a copy of each page (`index_document`): its <title> and headings keep their
weight, the plan's navigation line is left out, and the page's own text rides along as metadata,
from which the search box cuts the snippet it shows.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# Variant forms typed for the standard ones (教育部標準字體): folded in the index and the query.
VARIANTS = {"台": "臺", "裏": "裡", "峯": "峰", "羣": "群", "綫": "線", "衞": "衛", "麪": "麵", "菓": "果"}
HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+"  # CJK ideographs, extensions A–H
PREFIX, WIDTH = "zh", 5  # a pair is one word: zh + each character's code point in 5 hex digits
OUTPUT = "pagefind"  # the index of the whole site, beside the pages
assert all(len(k) == len(v) == 1 and ord(k) < 0x10000 > ord(v) for k, v in VARIANTS.items())  # offsets survive folding

_HAN = re.compile(HAN)
_FOLD = str.maketrans(VARIANTS)


def fold(text: str) -> str:
    return text.translate(_FOLD)


def _code(c: str) -> str:
    return f"{ord(c):0{WIDTH}x}"


def words(text: str) -> str:
    """Text as the index holds it (and the search box sends it): folded, each run of Chinese
    characters replaced by its pairs, every other word as it was."""
    def pairs(m: re.Match) -> str:
        run = m.group()
        if len(run) == 1:
            return f" {PREFIX}{_code(run)} "
        return " " + " ".join(PREFIX + _code(a) + _code(b) for a, b in zip(run, run[1:])) + " "
    return " ".join(_HAN.sub(pairs, fold(text)).split())


# Reading a built page: Material's content column, its blocks and headings.
_CONTENT = re.compile(r'<article class="md-content__inner\b[^>]*>')
_SKIPPED = re.compile(r"<(svg|script|style|(\w+)[^>]*\bdata-pagefind-ignore\b)[^>]*>.*?</(?:svg|script|style|\2)>", re.S)
_BLOCK = re.compile(r"<(/?)(h[1-6]|p|li|td|th|tr|div|dt|dd|figcaption|caption|table|ul|ol|section|article|"
                    r"blockquote|br|hr|details|summary|label|figure)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def page_blocks(page: str) -> list[tuple[int, str]]:
    """(heading level or 0, text) of each block in the page's content column; adjacent table
    cells, list items and paragraphs stay apart."""
    start = _CONTENT.search(page)
    if start is None:
        return []
    main_end = page.find("</main>", start.end())
    end = page.rfind("</article>", start.end(), main_end if main_end >= 0 else len(page))  # nested stories end earlier
    body = _SKIPPED.sub(" ", page[start.end():end if end >= 0 else len(page)])
    out: list[tuple[int, str]] = []
    level, pos = 0, 0
    for tag in _BLOCK.finditer(body):
        text = _text(body[pos:tag.start()])
        if text:
            out.append((level, text))
        pos = tag.end()
        name = tag.group(2).lower()
        if name[0] == "h" and name[1:].isdigit():
            level = 0 if tag.group(1) else int(name[1])
    text = _text(body[pos:])
    if text:
        out.append((level, text))
    return out


def page_title(page: str, site_name: str) -> str:
    m = _TITLE.search(page)
    return _text(m.group(1)).removesuffix(f" - {site_name}") if m else ""


def index_document(page: str, site_name: str) -> str:
    """What Pagefind reads for one built page: its title and headings as headings (weighted),
    its blocks as paragraphs, all as `words`; the title and text as they stand, as metadata."""
    title = page_title(page, site_name)
    blocks = page_blocks(page)
    lang = _LANG.search(page)
    out = [f'<!doctype html><html lang="{lang.group(1) if lang else "zh-Hant-TW"}"><body><main data-pagefind-body>',
           f"<h1>{html.escape(words(title))}</h1>"]
    for level, text in blocks:
        tag = f"h{min(level, 6)}" if level else "p"
        out.append(f"<{tag}>{html.escape(words(text))}</{tag}>")
    out.append(f'<div data-pagefind-ignore><p data-pagefind-meta="title">{html.escape(title)}</p>'
               f'<p data-pagefind-meta="text">{html.escape(" ".join(t for _, t in blocks))}</p></div>')
    out.append("</main></body></html>")
    return "\n".join(out)


def indexed_pages(site: Path) -> list[Path]:
    """Every page of the site but the 404 page and what is not a page (assets, the index)."""
    return sorted(p for p in site.rglob("index.html")
                  if p.parent == site or p.relative_to(site).parts[0] not in ("assets", OUTPUT, DELTA))


DELTA = "pagefind-delta"  # pages changed since the whole site was indexed, merged in by the search box
MANIFEST = "plcpub.json"  # in OUTPUT: whether there is a delta, and the base index's pages it replaces
DELTA_SHARE = 0.05  # above this share of pages changed since the base, the whole site is indexed again


PARALLEL_MIN_PAGES = 300


def _write_document(page: str, doc: str, site_name: str) -> None:
    Path(doc).parent.mkdir(parents=True, exist_ok=True)
    Path(doc).write_text(index_document(Path(page).read_text("utf-8"), site_name), "utf-8")


def _pagefind(site: Path, pages: list[Path], out: Path, site_name: str) -> dict[str, str]:
    """Index `pages` into `out`; returns each page's id in that index by URL (Pagefind's result id)."""
    import gzip

    shutil.rmtree(out, ignore_errors=True)  # unlinks only: a staged site shares files with the live one
    with tempfile.TemporaryDirectory(prefix="plcpub-search-") as tmp:
        jobs = [(str(page), str(Path(tmp) / page.relative_to(site)), site_name) for page in pages]
        if len(jobs) < PARALLEL_MIN_PAGES or (os.cpu_count() or 1) == 1:
            for job in jobs:
                _write_document(*job)
        else:  # ~1 ms a page: 10 s at national scale on one core
            from concurrent.futures import ProcessPoolExecutor

            from plcpub.process import pool_context
            with ProcessPoolExecutor(os.cpu_count(), mp_context=pool_context()) as pool:
                list(pool.map(_write_document, *zip(*jobs), chunksize=64))
        from pagefind_bin import get_executable  # the indexer pagefind[bin] installs, run without a Python in between

        done = subprocess.run([str(get_executable()), "--site", tmp, "--output-path", str(out), "--quiet"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"Pagefind: {done.stderr.strip() or done.stdout.strip()}")
    for unused in out.glob("pagefind-*ui*"):  # Pagefind's own search widgets: the site's box is search.js
        unused.unlink()
    (out / "pagefind-highlight.js").unlink(missing_ok=True)
    ids = {}
    for fragment in (out / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        ids[json.loads(data[data.index(b"{"):])["url"]] = fragment.name.removesuffix(".pf_fragment")
    return ids


def _url(site: Path, page: Path) -> str:
    rel = page.parent.relative_to(site).as_posix()
    return "/" if rel == "." else f"/{rel}/"


def update_index(site: Path, site_name: str, base: dict | None = None) -> dict:
    """Bring the built site's search index up to date and return what the base index holds (for
    the next build's `base`). Pagefind cannot update an index, and indexing a city takes seconds, so
    after a one-page rebuild only the pages changed since the base are indexed, into a small delta
    the search box merges, and the base's copies of them are listed as replaced (MANIFEST). When
    more than DELTA_SHARE of the pages have changed, or there is no base, the whole site is indexed."""
    pages = indexed_pages(site)
    stamps = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in pages}
    changed = removed = None
    if base and (site / OUTPUT / "pagefind-entry.json").is_file():
        old = base.get("stamps", {})
        changed = [p for p in pages if old.get(p.relative_to(site).as_posix()) != stamps[p.relative_to(site).as_posix()]]
        removed = [rel for rel in old if rel not in stamps]
        if len(changed) + len(removed) > max(20, DELTA_SHARE * len(pages)):
            changed = None
    if changed is None:
        base = {"stamps": stamps, "ids": _pagefind(site, pages, site / OUTPUT, site_name)}
        shutil.rmtree(site / DELTA, ignore_errors=True)
        manifest = {"delta": False, "replaced": []}
    else:
        if changed:
            _pagefind(site, changed, site / DELTA, site_name)
        else:
            shutil.rmtree(site / DELTA, ignore_errors=True)
        gone = [_url(site, p) for p in changed] + ["/" + rel.removesuffix("index.html") for rel in removed]
        manifest = {"delta": bool(changed), "replaced": sorted(base["ids"][u] for u in gone if u in base["ids"])}
    tmp = site / OUTPUT / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest), "utf-8")
    tmp.replace(site / OUTPUT / MANIFEST)  # a new file: the live site's copy (a hard link) is not written into
    return base


SEARCH_JS = r"""/* plcpub: the site's search box, answered by Pagefind (written by render/site/search.py). A query
   becomes the words the index holds: variant forms folded, Chinese as overlapping character pairs. */
(function () {
  var FOLD = %(fold)s, HAN = new RegExp(%(han)s, "gu"), PREFIX = %(prefix)s, WIDTH = %(width)d, SHOWN = 10;
  var box = document.querySelector("input.md-search__input");
  var list = document.querySelector(".md-search-result__list");
  var meta = document.querySelector(".md-search-result__meta");
  var toggle = document.getElementById("__search");
  if (!box || !list || !meta || !toggle) { return; }
  var root = new URL("..", document.currentScript.src);  /* this file is assets/search.js */
  var t = JSON.parse(document.getElementById("__config").textContent).translations;

  function fold(s) { return Array.from(s, function (c) { return FOLD[c] || c; }).join(""); }
  function code(c) { return c.codePointAt(0).toString(16).padStart(WIDTH, "0"); }
  function words(query) {
    return fold(query).replace(HAN, function (run) {
      var cs = Array.from(run), out = [];
      if (cs.length === 1) { return " " + PREFIX + code(cs[0]) + " "; }
      for (var i = 0; i + 1 < cs.length; i++) { out.push(PREFIX + code(cs[i]) + code(cs[i + 1])); }
      return " " + out.join(" ") + " ";
    }).split(/\s+/).filter(Boolean).join(" ");
  }
  window.plcpubSearchWords = words;  /* the tests check it against the index side */

  var engine = null, replaced = {};
  function pagefind() {  /* the index, with the pages changed since it was built merged in (search.update_index) */
    if (!engine) {
      engine = Promise.all([import(new URL("pagefind/pagefind.js", root).href),
                            fetch(new URL("pagefind/%(manifest)s", root)).then(function (r) { return r.json(); })])
        .then(function (got) {
          var pf = got[0], manifest = got[1];
          manifest.replaced.forEach(function (id) { replaced[id] = true; });
          return pf.options({ baseUrl: root.pathname }).then(function () {
            return manifest.delta ? pf.mergeIndex(new URL("%(delta)s/", root).pathname, { baseUrl: root.pathname }) : null;
          }).then(function () { return pf; });
        });
    }
    return engine;
  }

  function count(n) {
    return n === 0 ? t["search.result.none"] : n === 1 ? t["search.result.one"] : t["search.result.other"].replace("#", n);
  }

  /* The snippet: the page's own text around the query (or its first word found), each match marked. */
  function snippet(text, query) {
    var folded = fold(text), terms = fold(query).split(/\s+/).filter(Boolean), p = document.createElement("p");
    var at = folded.indexOf(terms.join(" ")), len = terms.join(" ").length;
    for (var i = 0; at < 0 && i < terms.length; i++) { at = folded.indexOf(terms[i]); len = terms[i].length; }
    var start = Math.max(0, at - 30), end = Math.min(text.length, Math.max(at, 0) + len + 80);
    if (start > 0) { p.appendChild(document.createTextNode("…")); }
    var pos = start;
    while (pos < end) {
      var next = -1, hit = "";
      terms.forEach(function (w) { var k = folded.indexOf(w, pos); if (k >= 0 && k < end && (next < 0 || k < next)) { next = k; hit = w; } });
      if (next < 0) { p.appendChild(document.createTextNode(text.slice(pos, end))); break; }
      p.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + hit.length);
      p.appendChild(mark);
      pos = next + hit.length;
    }
    if (end < text.length) { p.appendChild(document.createTextNode("…")); }
    return p;
  }

  function item(data, query) {
    var li = document.createElement("li"), a = document.createElement("a"), article = document.createElement("article"), h = document.createElement("h1");
    li.className = "md-search-result__item";
    a.className = "md-search-result__link";
    a.href = data.url;
    a.tabIndex = -1;
    article.className = "md-search-result__article md-typeset";
    h.textContent = data.meta.title || data.url;
    article.appendChild(h);
    article.appendChild(snippet(data.meta.text || "", query));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  var asked = 0;
  function search(query) {
    var mine = ++asked, q = words(query);
    if (!q) { list.replaceChildren(); meta.textContent = t["search.result.placeholder"]; return; }
    pagefind().then(function (pf) {
      /* pages holding the query as typed (its pairs in a row) first, then those holding its parts */
      var phrase = q.indexOf(" ") > 0 ? pf.search('"' + q + '"') : Promise.resolve({ results: [] });
      return Promise.all([phrase, pf.search(q)]);
    }).then(function (found) {
      if (mine !== asked) { return; }
      var inPhrase = {};  /* Pagefind does not rank a phrase search: its pages go first in the ranked order */
      found[0].results.forEach(function (r) { inPhrase[r.id] = true; });
      var ranked = found[1].results.filter(function (r) { return !replaced[r.id]; });
      var results = ranked.filter(function (r) { return inPhrase[r.id]; })
        .concat(ranked.filter(function (r) { return !inPhrase[r.id]; }));
      meta.textContent = count(results.length);
      return Promise.all(results.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== asked) { return; }
        list.replaceChildren.apply(list, pages.map(function (d) { return item(d, query); }));
        list.dataset.query = query;  /* what the list shows results for */
      });
    }).catch(function () { if (mine === asked) { meta.textContent = t["search.result.none"]; } });
  }

  var timer = null;
  box.addEventListener("input", function (e) {
    if (e.isComposing) { return; }  /* an IME word is searched when it is committed */
    var folded = fold(box.value);
    if (folded !== box.value) { var at = box.selectionStart; box.value = folded; box.setSelectionRange(at, at); }
    clearTimeout(timer);
    timer = setTimeout(function () { search(box.value); }, 120);
  });
  box.addEventListener("compositionend", function () { box.dispatchEvent(new Event("input")); });
  box.addEventListener("focus", function () { toggle.checked = true; pagefind(); });
  toggle.addEventListener("change", function () { if (toggle.checked) { box.focus(); } else { box.blur(); } });
  box.form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) { location.href = first.href; }
  });
  box.form.addEventListener("reset", function () { setTimeout(function () { search(""); box.focus(); }); });
  document.addEventListener("keydown", function (e) {
    var typing = e.target.closest && e.target.closest("input, textarea, select, [contenteditable]");
    if (e.key === "Escape" && toggle.checked) { toggle.checked = false; box.blur(); }
    else if (!typing && (e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault(); toggle.checked = true; box.focus();
    }
  });
  list.addEventListener("click", function (e) { if (e.target.closest("a")) { toggle.checked = false; } });
  meta.textContent = t["search.result.placeholder"];
})();
"""


def search_js() -> str:
    return SEARCH_JS % {"fold": json.dumps(VARIANTS, ensure_ascii=False), "han": json.dumps(HAN),
                        "prefix": json.dumps(PREFIX), "width": WIDTH, "manifest": MANIFEST, "delta": DELTA}
