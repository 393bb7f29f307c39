/*
 * Report archive search.
 *
 * The index is built with the site (scripts/reportarchive/search.py) and
 * split: each language site has search/meta.js (the first term of every
 * shard), search/t/<n>.js (shards of the term dictionary with their
 * postings) and search/r/<n>.js (which report each number is). A query
 * loads the shards its words fall into, then for each result of the batch it
 * shows the page of the report's text its excerpt comes from, from the text
 * store the compare view reads too (texts/<slug>.<page>.js, texts.py): its
 * cost does not grow with the archive. Files are loaded as <script>
 * elements (not fetched), so search works hosted and from disk alike; the
 * "all languages" box loads the other languages' files on demand.
 *
 * Words become terms through assets/archive-analysis.js, the very code the
 * build indexed with (with lunr and lunr-languages from npm, shipped in
 * assets/vendor/): every script split into words, Chinese, Japanese and Thai
 * into pairs of characters, accents folded, stop words dropped and words
 * stemmed where the language has a stemmer, so "reunion" finds "réunion".
 */
(function () {
  "use strict";

  /* The text of a page of the text store: its "z" is the text deflated
     (zlib) and in base64 (texts.py), inflated by the browser's own
     DecompressionStream. Shared with the compare view. */
  window.archiveInflate = function (stored) {
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error("no DecompressionStream"));
    var bytes = Uint8Array.from(atob(stored), function (c) { return c.charCodeAt(0); });
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"))).text();
  };

  // The search box is the language site's (assets/archive-search-box.js,
  // loaded just before): the page has only the button that opens it.
  var button = document.querySelector(".archive-search-button");
  if (button && window.archiveSearchBox) {
    button.insertAdjacentHTML("afterend", window.archiveSearchBox);
  }
  var form = document.querySelector("form[data-archive-search]");
  if (!form) return;
  var settings = JSON.parse(form.getAttribute("data-archive-search"));
  // This script is among the assets every language shares, at the site
  // root (its assets/ folder); the language's folder is beside it.
  var siteRoot = new URL("../", document.currentScript.src).href;
  settings.root = new URL(settings.language + "/", siteRoot).href;
  var input = form.querySelector("input[name=query]");
  var toggle = document.getElementById("__search");
  var meta = document.querySelector(".archive-search__meta");
  var list = document.querySelector(".archive-search__list");
  var everywhere = document.querySelector(".archive-search__all");
  // The site's languages: the language switcher's entries (partials/alternate.html).
  var codes = [], names = {}, directions = {};
  document.querySelectorAll(".md-select__link[data-language]").forEach(function (link) {
    var code = link.dataset.language;
    codes.push(code);
    names[code] = link.textContent.trim();
    directions[code] = link.getAttribute("dir");
  });

  var VENDOR = "assets/vendor/";
  var EXCERPT_BEFORE = 60, EXCERPT_AFTER = 160;
  // Results are shown a batch at a time: a word common to the archive
  // matches every report, and a list of thousands would be built and laid
  // out at each keystroke for a reader who looks at the first few.
  var BATCH = 20;
  // A prefix (the word being typed) is looked up in at most this many shards.
  var PREFIX_SHARDS = 2;
  var loaded = {};     // script URL -> Promise
  var languages = {};  // language -> Promise of {code, root, meta, analyser}
  var analysis = null; // Promise of the analyser maker (archive-analysis.js)

  function loadScript(url) {
    if (!loaded[url]) {
      loaded[url] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () { delete loaded[url]; reject(new Error("cannot load " + url)); };
        document.head.appendChild(script);
      });
    }
    return loaded[url];
  }

  function languageRoot(code) {
    return code === settings.language ? settings.root : new URL("../" + code + "/", settings.root).href;
  }

  /* One file of a language's index: search/<name>.js, which stores its data
     under "<code>/search/<name>": shards and tables as deflated JSON (a
     string, inflated once), the meta file as itself (search.py). */
  var data = {};  // "<code>/search/<name>" -> Promise of its value
  function loadData(code, name) {
    var key = code + "/search/" + name;
    if (!data[key]) {
      data[key] = loadScript(languageRoot(code) + "search/" + name + ".js").then(function () {
        var value = (window.archiveSearchData || {})[key];
        if (value === undefined) throw new Error("no search data " + key);
        return typeof value === "string" ? window.archiveInflate(value).then(JSON.parse) : value;
      });
      data[key].catch(function () { delete data[key]; });
    }
    return data[key];
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  /* A result's report (its slug, from the number's table) and the page of its text. */
  function loadResult(result) {
    var entry = result.entry, tables = entry.meta.tables;
    return loadData(entry.code, "r/" + Math.floor(result.number / tables)).then(function (table) {
      var slug = table[result.number % tables];
      var url = entry.root + fill(entry.meta.text, { slug: slug, page: result.page });
      return loadScript(url).then(function () {
        var page = (window.archiveText || {})[entry.code + "/" + slug + "/" + result.page];
        if (page === undefined) throw new Error("no text " + url);
        return window.archiveInflate(page.z).then(function (text) {
          return { slug: slug, page: { t: page.t, s: page.s, d: page.d, i: page.i, o: page.o, more: page.more, x: text } };
        });
      });
    });
  }

  function loadAnalysis() {
    if (!analysis) {
      var vendor = siteRoot + VENDOR;
      analysis = loadScript(vendor + "lunr/lunr.min.js")
        .then(function () { return loadScript(vendor + "lunr-languages/lunr.stemmer.support.js"); })
        .then(function () { return loadScript(siteRoot + "assets/archive-analysis.js"); })
        .then(function () { return window.archiveAnalysis(lunr); });
    }
    return analysis;
  }

  function loadLanguage(code) {
    if (!languages[code]) {
      languages[code] = loadAnalysis().then(function (makeAnalyser) {
        var stemmer = makeAnalyser.STEMMED.indexOf(code) >= 0 && code !== "en"
          ? loadScript(siteRoot + VENDOR + "lunr-languages/lunr." + code + ".js") : null;
        return Promise.all([stemmer, loadData(code, "meta")]).then(function (parts) {
          return { code: code, root: languageRoot(code), meta: parts[1], analyser: makeAnalyser(code) };
        });
      });
      languages[code].catch(function () { delete languages[code]; });
    }
    return languages[code];
  }

  /* The shard whose range holds ``term``: the last one starting at or before it. */
  function shardOf(meta, term) {
    var low = 0, high = meta.shards.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (meta.shards[middle] <= term) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found;
  }

  /* doc number -> [score, page], from a term's postings: (number, delta-coded;
     score; page of the report's text where the term first occurs). */
  function addPostings(into, flat, matched, term) {
    var number = 0;
    for (var i = 0; i < flat.length; i += 3) {
      number += flat[i];
      if (!(number in into) || into[number][0] < flat[i + 1]) into[number] = [flat[i + 1], flat[i + 2]];
    }
    if (flat.length) matched[term] = true;
  }

  /* The documents a slot matches (its term, and terms starting with its prefix). */
  function slotHits(entry, slot, matched) {
    var meta = entry.meta, wanted = [];
    if (slot.term) {
      var at = shardOf(meta, slot.term);
      if (at >= 0) wanted.push(at);
    }
    if (slot.prefix) {
      var first = Math.max(0, shardOf(meta, slot.prefix));
      for (var n = first; n < meta.shards.length && n < first + PREFIX_SHARDS; n++) {
        if (n > first && meta.shards[n].slice(0, slot.prefix.length) !== slot.prefix) break;
        if (wanted.indexOf(n) < 0) wanted.push(n);
      }
    }
    return Promise.all(wanted.map(function (n) { return loadData(entry.code, "t/" + n); })).then(function (shards) {
      var hits = {};
      shards.forEach(function (shard) {
        if (slot.term && shard[slot.term]) addPostings(hits, shard[slot.term], matched, slot.term);
        if (slot.prefix) {
          Object.keys(shard).forEach(function (term) {
            if (term.slice(0, slot.prefix.length) === slot.prefix) addPostings(hits, shard[term], matched, term);
          });
        }
      });
      return hits;
    });
  }

  /* Every slot of the query must match: the scores of a document add up.
     Its excerpt comes from the page where its rarest word first occurs. */
  function search(entry, query) {
    var slots = entry.analyser.query(query), matched = {};
    if (!slots.length) return Promise.resolve([]);
    return Promise.all(slots.map(function (slot) { return slotHits(entry, slot, matched); })).then(function (all) {
      all.sort(function (a, b) { return Object.keys(a).length - Object.keys(b).length; });
      var rarest = all[0], scores = {};
      Object.keys(rarest).forEach(function (n) { scores[n] = rarest[n][0]; });
      all.slice(1).forEach(function (hits) {
        var next = {};
        Object.keys(scores).forEach(function (n) { if (n in hits) next[n] = scores[n] + hits[n][0]; });
        scores = next;
      });
      return Object.keys(scores).map(function (n) {
        return { entry: entry, number: Number(n), page: rarest[n][1], score: scores[n] / entry.meta.scale, matched: matched };
      });
    });
  }

  /* The ranges of ``text`` whose terms the query matched. */
  function matchedRanges(result, text) {
    return result.entry.analyser.tokens(text)
      .filter(function (token) { return result.matched[token.term]; })
      .map(function (token) { return [token.start, token.end - token.start]; });
  }

  /* Text with the matched ranges wrapped in <mark>, as DOM nodes (never HTML). */
  function highlighted(text, ranges, offset) {
    var fragment = document.createDocumentFragment(), at = 0;
    ranges
      .map(function (r) { return [r[0] - offset, r[1]]; })
      .filter(function (r) { return r[0] >= 0 && r[0] + r[1] <= text.length; })
      .sort(function (a, b) { return a[0] - b[0]; })
      .reduce(function (merged, r) {  // pairs of characters overlap: one mark for a run of them
        var last = merged[merged.length - 1];
        if (last && r[0] <= last[0] + last[1]) last[1] = Math.max(last[1], r[0] + r[1] - last[0]);
        else merged.push([r[0], r[1]]);
        return merged;
      }, [])
      .forEach(function (r) {
        if (r[0] < at) return;
        fragment.appendChild(document.createTextNode(text.slice(at, r[0])));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(r[0], r[0] + r[1]);
        fragment.appendChild(mark);
        at = r[0] + r[1];
      });
    fragment.appendChild(document.createTextNode(text.slice(at)));
    return fragment;
  }

  /* The part of a page of the report's text around its first match. */
  function excerpt(page, ranges) {
    var text = page.x;
    var first = ranges.length ? Math.min.apply(null, ranges.map(function (r) { return r[0]; })) : 0;
    var start = Math.max(0, first - EXCERPT_BEFORE);
    var end = Math.min(text.length, first + EXCERPT_AFTER);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) > first ? text.lastIndexOf(" ", end) : end;
    var p = document.createElement("p");
    if (start > 0 || page.o > 0) p.appendChild(document.createTextNode("… "));
    p.appendChild(highlighted(text.slice(start, end).replace(/\n/g, " "), ranges, start));
    if (end < text.length || page.more) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  /* "3 reports found" in the page's language, by its plural rules (CLDR). */
  var plural = null;
  function counted(n) {
    var count = settings.strings.count;
    try { plural = plural || new Intl.PluralRules(count.language); } catch (e) { plural = { select: function () { return "other"; } }; }
    var form = count.forms[plural.select(n)] || count.forms.other;
    return form.replace("#", n.toLocaleString(settings.language));
  }

  function render(results, query, ticket) {
    var s = settings.strings;
    if (!query || !results.length) {
      list.textContent = "";
      meta.textContent = query ? s.none : s.placeholder;
      list.dataset.first = list.dataset.query = query;
      return Promise.resolve();
    }
    // The count and the first result as soon as its page has loaded; the
    // others follow in order as theirs arrive.
    return inOrder(results, 0, function (item, n) {
      if (ticket !== pending) return;  // a newer query is on its way
      if (n === 0) {
        list.textContent = "";
        meta.textContent = counted(results.length);
        list.dataset.first = query;  // the first result is shown (read by make bench)
      }
      list.appendChild(item);
    }).then(function () {
      if (ticket !== pending) return;
      offerMore(results, 0);
      list.dataset.query = query;  // which query the whole batch shows (read by the tests)
    });
  }

  /* The items of the results from ``start`` on, a batch of them, given to
     ``place`` in order as the pages of text they show (title, source, text) load. */
  function inOrder(results, start, place) {
    var shown = results.slice(start, start + BATCH), ready = [], next = 0;
    return Promise.all(shown.map(function (result, n) {
      return loadResult(result).then(function (found) {
        ready[n] = resultItem(result, found.slug, found.page);
        while (ready[next]) { place(ready[next], next); next++; }
      });
    }));
  }

  /* After a batch, a button for the next one. */
  function offerMore(results, start) {
    if (results.length <= start + BATCH) return;
    var more = document.createElement("li");
    more.className = "archive-search__more";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = settings.strings.more;
    button.addEventListener("click", function () {
      var next = start + BATCH;
      button.disabled = true;
      inOrder(results, next, function (item) { list.insertBefore(item, more); }).then(function () {
        list.removeChild(more);
        offerMore(results, next);
        var first = list.children[next] && list.children[next].querySelector("a");
        if (first) first.focus();  // keyboard users go on where the new results start
      });
    });
    more.appendChild(button);
    list.appendChild(more);
  }

  function resultItem(result, slug, doc) {
    var code = result.entry.code;
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = result.entry.root + fill(result.entry.meta.report, { slug: slug });
    link.lang = code;
    link.dir = directions[code] || "auto";  // a result in Arabic among French ones is laid out right to left
    link.setAttribute("hreflang", code);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.appendChild(highlighted(doc.t, matchedRanges(result, doc.t), 0));
    var where = document.createElement("p");
    where.className = "archive-search__where";
    where.textContent = [names[code], doc.s].filter(Boolean).join(" · ");
    if (doc.d) {  // the date as the result's language writes it
      var time = document.createElement("time");
      time.dateTime = doc.i;
      time.textContent = doc.d;
      where.appendChild(document.createTextNode(" · "));
      where.appendChild(time);
    }
    article.appendChild(title);
    article.appendChild(where);
    article.appendChild(excerpt(doc, matchedRanges(result, doc.x)));
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  var pending = 0;

  function update() {
    var typed = input.value, query = typed.trim();
    var wanted = everywhere.checked ? codes : [settings.language];
    var ticket = ++pending;
    if (!query) { render([], "", ticket); return; }
    Promise.all(wanted.map(function (code) {
      return loadLanguage(code).then(function (entry) { return search(entry, typed); }).catch(function () { return []; });
    })).then(function (found) {
      if (ticket !== pending) return;
      var results = [].concat.apply([], found);
      // One scale for every language (search.py): scores compare across them.
      results.sort(function (a, b) {
        return b.score - a.score || (a.entry.code < b.entry.code ? -1 : a.entry.code > b.entry.code ? 1 : a.number - b.number);
      });
      return render(results, query, ticket);
    });
  }

  function open() {
    if (!toggle.checked) toggle.checked = true;
    loadLanguage(settings.language);
  }

  function close() {
    toggle.checked = false;
    input.blur();
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", update);
  everywhere.addEventListener("change", update);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) window.location.href = first.href;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) close();
    var typing = /^(input|textarea|select)$/i.test((event.target.tagName || ""));
    if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) setTimeout(function () { input.focus(); }, 50);
  });
})();
