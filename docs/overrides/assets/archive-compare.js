/*
 * Report archive: the compare view. One page per language; the address
 * names the report and the pair of languages (compare.html?report=<slug>
 * &left=fr&right=de). What the view needs of the report (its versions and
 * the alignments of every pair of its languages, computed at build time)
 * comes from the report's data script, compare/<slug>.js at the site root;
 * the two texts shown come from the text store (<lang>/texts/<slug>.<page>.js,
 * shared with the search), each a text's blocks joined by newlines (deflated:
 * archiveInflate, archive-search.js). All are
 * loaded as classic scripts (they work from disk as well as hosted). The
 * script then titles the page, points the language switcher at the same
 * report, shows two versions side by side and lets the reader pick either
 * language and swap the columns; the chosen pair is kept in the address.
 */
(function () {
  "use strict";

  var table = document.querySelector(".compare[data-source]");
  var form = document.querySelector("form[data-compare-controls]");
  if (!table || !form) return;
  var query = new URLSearchParams(location.search);
  var slug = query.get("report") || "";

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function notFound() {
    table.hidden = true;
    var missing = document.querySelector(".compare-missing");
    if (missing) missing.hidden = false;
  }

  var loaded = {};  // script URL -> Promise
  function load(url) {
    if (!loaded[url]) {
      loaded[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("cannot load " + url)); };
        document.head.appendChild(script);
      });
    }
    return loaded[url];
  }

  // Only a report's own name: the address must not lead the script elsewhere.
  if (!new RegExp(table.dataset.slugPattern).test(slug)) return notFound();
  load(fill(table.dataset.source, { slug: slug })).then(function () {
    var data = (window.archiveCompareData || {})[slug];
    if (data && Object.keys(data.versions).length > 1) start(data); else notFound();
  }, notFound);

  /* A version's blocks ([kind, text], …): its pages of the text store, joined and split at newlines. */
  var blocks = {};
  function blocksOf(data, code) {
    if (!blocks[code]) {
      var version = data.versions[code], pages = [];
      for (var n = 0; n < version.pages; n++) pages.push(n);
      blocks[code] = Promise.all(pages.map(function (n) {
        return load(fill(table.dataset.text, { slug: slug, page: n, code: code })).then(function () {
          var page = (window.archiveText || {})[code + "/" + slug + "/" + n];
          if (!page) throw new Error("no text " + code + "/" + slug + "/" + n);
          return window.archiveInflate(page.z);
        });
      })).then(function (parts) {
        var texts = parts.join("").split("\n");
        if (texts.length !== version.blocks) throw new Error("the text of " + code + " does not match its data");
        return texts.map(function (text, i) { return [version.captions.indexOf(i) >= 0 ? "caption" : "paragraph", text]; });
      });
      blocks[code].catch(function () { delete blocks[code]; });
    }
    return blocks[code];
  }

  function start(data) {
    form.hidden = false;
    var codes = Object.keys(data.versions);
    var leftSelect = form.elements.left, rightSelect = form.elements.right;
    var pageLanguage = document.documentElement.lang;
    var first = codes.indexOf(pageLanguage) >= 0 ? pageLanguage : codes[0];

    codes.forEach(function (code) {
      [leftSelect, rightSelect].forEach(function (select) {
        var option = element("option", "", data.versions[code].name);
        option.value = code;
        select.appendChild(option);
      });
    });

    // The page's heading and title name the report, in the page's language if it has it.
    var own = data.versions[pageLanguage] || data.versions[codes[0]];
    var heading = document.querySelector(".md-content h1");
    var title = fill(table.dataset.title, { title: own.title });
    if (heading) {
      document.title = document.title.replace(heading.textContent, title);
      heading.textContent = title;
    }

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    function columnHead(code) {
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
      if (version.date) {
        var time = element("time", "compare-date", version.date_text);
        time.dateTime = version.date;
        cell.appendChild(time);
      }
      return cell;
    }

    function cell(code, indexes, shown) {
      if (!indexes.length) {
        var empty = element("div", "compare-cell compare-cell--empty");
        empty.appendChild(element("span", "", table.dataset.unmatched));
        return empty;
      }
      var node = element("div", "compare-cell");
      node.lang = code;
      node.dir = data.versions[code].dir || "auto";
      indexes.forEach(function (i) {
        var block = shown[code][i];
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

    var rendering = 0;
    function render(left, right) {
      var ticket = ++rendering;
      return Promise.all([blocksOf(data, left), blocksOf(data, right)]).then(function (both) {
        if (ticket !== rendering) return;  // the reader has chosen another pair meanwhile
        var shown = {};
        shown[left] = both[0];
        shown[right] = both[1];
        show(left, right, shown);
      }, notFound);
    }

    function show(left, right, shown) {
      table.textContent = "";
      table.dataset.left = left;
      table.dataset.right = right;
      var head = element("div", "compare-row compare-row--head");
      head.appendChild(columnHead(left));
      head.appendChild(columnHead(right));
      table.appendChild(head);
      pairs(left, right).forEach(function (pair) {
        var indexes = pair[0].length ? [left, pair[0]] : [right, pair[1]];
        var kind = shown[indexes[0]][indexes[1][0]][0];
        var matched = pair[0].length && pair[1].length;
        var row = element("div", "compare-row compare-row--" + kind + (matched ? "" : " compare-row--unmatched"));
        row.appendChild(cell(left, pair[0], shown));
        row.appendChild(cell(right, pair[1], shown));
        table.appendChild(row);
      });
      leftSelect.value = left;
      rightSelect.value = right;
      var params = pairParams(left, right);
      try { history.replaceState(null, "", "?" + params.toString() + location.hash); } catch (e) { /* some file:// setups */ }
    }

    function pairParams(left, right) {
      var params = new URLSearchParams(location.search);
      params.set("left", left);
      params.set("right", right);
      return params;
    }

    // Each language of the switcher: this compare view there, for a language
    // of the report; the report's "not available" page for any other. Set
    // as soon as the pair is chosen, before its texts have loaded.
    function pointSwitcher(params) {
      document.querySelectorAll(".md-select__link[data-language]").forEach(function (link) {
        var code = link.dataset.language;
        if (codes.indexOf(code) >= 0) {
          link.href = link.getAttribute("href").split("?")[0] + "?" + params.toString();
        } else {
          link.href = fill(table.dataset.reportHref, { slug: slug, code: code });
          link.classList.add("archive-unavailable");
        }
      });
    }

    function choose(left, right) {
      if (codes.indexOf(left) < 0) left = table.dataset.left || first;
      if (codes.indexOf(right) < 0 || right === left) {
        right = codes.filter(function (c) { return c !== left; })[0];
      }
      pointSwitcher(pairParams(left, right));
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

    choose(query.get("left") || first, query.get("right") || "");
  }
})();
