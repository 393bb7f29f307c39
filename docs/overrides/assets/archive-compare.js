/*
 * Report archive: the compare view. The page names the report and its
 * first pair of languages; the texts and the alignments of every pair of
 * the report's languages (computed at build time) come from the report's
 * data script, compare/<slug>.js at the site root, loaded by the page.
 * This script shows two versions side by side and lets the reader pick
 * either language and swap the columns. The chosen pair is kept in the
 * address (?left=fr&right=de). Without it, the page links to each version.
 */
(function () {
  "use strict";

  var table = document.querySelector(".compare[data-report]");
  var form = document.querySelector("form[data-compare-controls]");
  var data = table && window.archiveCompareData && window.archiveCompareData[table.dataset.report];
  if (!data || !form) return;
  form.hidden = false;
  var codes = Object.keys(data.versions);
  var leftSelect = form.elements.left, rightSelect = form.elements.right;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function heading(code) {
    var version = data.versions[code];
    var cell = element("div", "compare-cell");
    cell.lang = code;
    cell.dir = version.dir || "auto";  // each column in its own direction (Arabic beside French)
    var link = element("a", "compare-version", version.name);
    link.href = version.href;
    link.setAttribute("hreflang", code);
    cell.appendChild(link);
    cell.appendChild(element("span", "compare-title", version.title));
    if (version.byline) cell.appendChild(element("span", "compare-byline", version.byline));
    return cell;
  }

  function cell(code, indexes) {
    if (!indexes.length) {
      var empty = element("div", "compare-cell compare-cell--empty");
      empty.appendChild(element("span", "", table.dataset.unmatched));
      return empty;
    }
    var node = element("div", "compare-cell");
    node.lang = code;
    node.dir = data.versions[code].dir || "auto";
    indexes.forEach(function (i) {
      var block = data.versions[code].blocks[i];
      var paragraph = element("p", "compare-" + block[0]);
      if (block[0] === "caption") {
        // The camera icon is drawn by CSS; this says it, in the page's language.
        var label = element("span", "visually-hidden", table.dataset.caption + ": ");
        label.lang = document.documentElement.lang;
        paragraph.appendChild(label);
      }
      paragraph.appendChild(document.createTextNode(block[1]));
      node.appendChild(paragraph);
    });
    return node;
  }

  function pairs(left, right) {
    var flipped = left > right;
    var key = flipped ? right + "|" + left : left + "|" + right;
    return data.alignments[key].map(function (pair) { return flipped ? [pair[1], pair[0]] : pair; });
  }

  function render(left, right) {
    table.textContent = "";
    table.dataset.left = left;
    table.dataset.right = right;
    var head = element("div", "compare-row compare-row--head");
    head.appendChild(heading(left));
    head.appendChild(heading(right));
    table.appendChild(head);
    pairs(left, right).forEach(function (pair) {
      var indexes = pair[0].length ? [left, pair[0]] : [right, pair[1]];
      var kind = data.versions[indexes[0]].blocks[indexes[1][0]][0];
      var matched = pair[0].length && pair[1].length;
      var row = element("div", "compare-row compare-row--" + kind + (matched ? "" : " compare-row--unmatched"));
      row.appendChild(cell(left, pair[0]));
      row.appendChild(cell(right, pair[1]));
      table.appendChild(row);
    });
    leftSelect.value = left;
    rightSelect.value = right;
    var params = new URLSearchParams(location.search);
    params.set("left", left);
    params.set("right", right);
    try { history.replaceState(null, "", "?" + params.toString() + location.hash); } catch (e) { /* some file:// setups */ }
  }

  function choose(left, right) {
    if (codes.indexOf(left) < 0) left = table.dataset.left;
    if (codes.indexOf(right) < 0 || right === left) {
      right = codes.filter(function (c) { return c !== left; })[0];
    }
    render(left, right);
  }

  leftSelect.addEventListener("change", function () {
    var right = rightSelect.value === leftSelect.value ? table.dataset.left : rightSelect.value;
    choose(leftSelect.value, right);
  });
  rightSelect.addEventListener("change", function () {
    var left = leftSelect.value === rightSelect.value ? table.dataset.right : leftSelect.value;
    choose(left, rightSelect.value);
  });
  form.querySelector(".compare-swap").addEventListener("click", function () {
    choose(table.dataset.right, table.dataset.left);
  });

  var params = new URLSearchParams(location.search);
  choose(params.get("left") || table.dataset.left, params.get("right") || table.dataset.right);
})();
