/* plcpub: sortable tables and the tier/district filter of the community list. No dependencies. */
(function () {
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value") || cell.textContent.trim();
    return numeric ? parseFloat(raw.replace(/[^0-9.\-]/g, "")) || 0 : raw;
  }
  function makeSortable(table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-Hant-TW");
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  function makeFilter(block) {
    var table = document.getElementById(block.getAttribute("data-plc-filter"));
    if (!table) { return; }
    var selects = block.querySelectorAll("select[data-key]");
    var count = block.querySelector(".plc-count");
    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = Array.prototype.every.call(selects, function (s) {
          return !s.value || row.getAttribute("data-" + s.getAttribute("data-key")) === s.value;
        });
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = "共 " + shown + " 個社群"; }
    }
    Array.prototype.forEach.call(selects, function (s) { s.addEventListener("change", apply); });
  }
  function labelCells(table) {
    /* On a phone each row stacks into "column: value" lines; the labels are the header cells. */
    if (!table.tHead || !table.tHead.rows.length) { return; }
    var labels = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      for (var k = 0; k < (th.colSpan || 1); k += 1) { labels.push(th.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr, tfoot tr"), function (row) {
      var col = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (cell.tagName === "TD" && labels[col] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", labels[col]);
        }
        col += cell.colSpan || 1;
      });
    });
  }
  function focusableScroll() {
    /* A table wider than its column scrolls sideways: keyboard users must reach the region, and
       each region needs a name of its own (its caption, else the heading above it). */
    var seen = {};
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      var caption = wrap.querySelector("caption");
      var name = caption ? caption.textContent.trim() : "";
      if (!name) {
        var node = wrap;
        while (node && !name) {
          node = node.previousElementSibling || (node.parentElement && node.parentElement.previousElementSibling);
          if (node && /^H[1-6]$/.test(node.tagName)) { name = node.textContent.trim() + "表格"; }
        }
      }
      name = name || "表格";
      seen[name] = (seen[name] || 0) + 1;
      wrap.setAttribute("aria-label", seen[name] > 1 ? name + "（" + seen[name] + "）" : name);
    });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not(.plc-bars)"), labelCells);
    focusableScroll();
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-plc-filter]"), makeFilter);
  }
  if (window.document$) { window.document$.subscribe(init); } else { document.addEventListener("DOMContentLoaded", init); }
})();
