/*
 * Report archive search.
 *
 * Each language site ships search/index.js with its own reports only; the
 * "all languages" box loads the other languages' files on demand. Indexes
 * are loaded as <script> elements (not fetched by a worker), so search works
 * hosted and from disk alike. lunr and lunr-languages come from npm with the
 * site (assets/vendor/).
 *
 * Words are split on anything that is not a letter, digit or mark, in every
 * script; languages lunr can stem are stemmed; every word is then folded
 * (accents removed, lower case), so "reunion" finds "réunion".
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-archive-search]");
  if (!form) return;
  var settings = JSON.parse(form.getAttribute("data-archive-search"));
  var input = form.querySelector("input[name=query]");
  var toggle = document.getElementById("__search");
  var meta = document.querySelector(".archive-search__meta");
  var list = document.querySelector(".archive-search__list");
  var everywhere = document.querySelector(".archive-search__all");
  var names = {};
  settings.languages.forEach(function (l) { names[l.code] = l.name; });

  var VENDOR = "assets/vendor/";
  var EXCERPT_BEFORE = 60, EXCERPT_AFTER = 160;
  // Results are shown a batch at a time: a word common to the archive
  // matches every report, and a list of thousands would be built and laid
  // out at each keystroke for a reader who looks at the first few.
  var BATCH = 20;
  var loaded = {};     // script URL -> Promise
  var indexes = {};    // language -> Promise of {data, index}

  function loadScript(url) {
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

  function languageRoot(code) {
    return code === settings.language ? settings.root : settings.root + "../" + code + "/";
  }

  var FOLDS = { "ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i" };

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase()
      .replace(/[ßœæøđłı]/g, function (c) { return FOLDS[c]; });
  }

  function foldToken(token) {
    return token.update(fold);
  }

  function setUpLunr() {
    // Split on anything that is not a letter, digit or combining mark, in any script.
    lunr.tokenizer.separator = /[^\p{L}\p{N}\p{M}]+/u;
    lunr.Pipeline.registerFunction(foldToken, "archiveFold");
  }

  function buildIndex(data) {
    var stemmer = data.stemmer && lunr[data.language];
    return lunr(function () {
      if (stemmer) {
        // Fold before stemming, so that a word typed with or without its
        // accents reaches the same stem.
        this.use(stemmer);
        this.pipeline.before(stemmer.stemmer, foldToken);
        this.searchPipeline.before(stemmer.stemmer, foldToken);
      } else {
        // lunr's default trimmer keeps ASCII letters only: no trimming at all.
        this.pipeline.reset();
        this.searchPipeline.reset();
        this.pipeline.add(foldToken);
        this.searchPipeline.add(foldToken);
      }
      this.ref("i");
      this.field("t", { boost: 5 });
      this.field("x");
      this.metadataWhitelist = ["position"];
      data.docs.forEach(function (doc, i) { this.add({ i: String(i), t: doc.t, x: doc.x }); }, this);
    });
  }

  function loadLanguage(code) {
    if (!indexes[code]) {
      var root = languageRoot(code);
      var base = settings.root + VENDOR;
      indexes[code] = loadScript(base + "lunr/lunr.min.js")
        .then(function () {
          if (!lunr.archiveReady) { setUpLunr(); lunr.archiveReady = true; }
          return loadScript(root + "search/index.js");
        })
        .then(function () {
          var data = window.archiveSearchData[code];
          if (!data.stemmer) return data;
          return loadScript(base + "lunr-languages/lunr.stemmer.support.js")
            .then(function () { return loadScript(base + "lunr-languages/lunr." + code + ".js"); })
            .then(function () { return data; });
        })
        .then(function (data) { return { code: code, root: root, data: data, index: buildIndex(data) }; });
    }
    return indexes[code];
  }

  function terms(query) {
    return lunr.tokenizer(query).map(String).filter(function (t) { return t.length > 0; });
  }

  /* The index leaves out stop words ("les", "der"): so does the query. */
  function meaningful(code, words) {
    var filter = lunr[code] && lunr[code].stopWordFilter;
    if (!filter) return words;
    return words.filter(function (word) { return filter(new lunr.Token(word)) !== undefined; });
  }

  /* Every word of the query must match (a word being typed also matches as a prefix). */
  function search(entry, words) {
    var scores = null, positions = {};
    words = meaningful(entry.code, words);
    if (!words.length) return [];
    words.forEach(function (word, n) {
      var last = n === words.length - 1;
      var hits = entry.index.query(function (q) {
        q.term(word, { usePipeline: true, boost: 10 });
        if (last && word.length > 1) {
          q.term(fold(word), { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        }
      });
      var next = {};
      hits.forEach(function (hit) {
        if (scores === null || hit.ref in scores) {
          next[hit.ref] = (scores === null ? 0 : scores[hit.ref]) + hit.score;
          Object.keys(hit.matchData.metadata).forEach(function (term) {
            var fields = hit.matchData.metadata[term];
            Object.keys(fields).forEach(function (field) {
              var key = hit.ref + ":" + field;
              positions[key] = (positions[key] || []).concat(fields[field].position || []);
            });
          });
        }
      });
      scores = next;
    });
    return Object.keys(scores || {}).map(function (ref) {
      var doc = entry.data.docs[Number(ref)];
      return {
        doc: doc, code: entry.code, root: entry.root, score: scores[ref],
        title: positions[ref + ":t"] || [], text: positions[ref + ":x"] || []
      };
    });
  }

  /* Text with the matched ranges wrapped in <mark>, as DOM nodes (never HTML). */
  function highlighted(text, ranges, offset) {
    var fragment = document.createDocumentFragment(), at = 0;
    ranges
      .map(function (r) { return [r[0] - offset, r[1]]; })
      .filter(function (r) { return r[0] >= 0 && r[0] + r[1] <= text.length; })
      .sort(function (a, b) { return a[0] - b[0]; })
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

  function excerpt(text, ranges) {
    var first = ranges.length ? Math.min.apply(null, ranges.map(function (r) { return r[0]; })) : 0;
    var start = Math.max(0, first - EXCERPT_BEFORE);
    var end = Math.min(text.length, first + EXCERPT_AFTER);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) > first ? text.lastIndexOf(" ", end) : end;
    var p = document.createElement("p");
    if (start > 0) p.appendChild(document.createTextNode("… "));
    p.appendChild(highlighted(text.slice(start, end).replace(/\n/g, " "), ranges, start));
    if (end < text.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function render(results, query) {
    list.textContent = "";
    list.dataset.query = query;  // which query the list shows (read by the tests)
    if (!query) {
      meta.textContent = settings.strings.placeholder;
      return;
    }
    var s = settings.strings;
    meta.textContent = results.length === 0 ? s.none
      : results.length === 1 ? s.one : s.other.replace("#", results.length);
    showFrom(results, 0);
  }

  /* Results from ``start`` on, a batch of them, then a button for the next batch. */
  function showFrom(results, start) {
    results.slice(start, start + BATCH).forEach(function (result) {
      list.appendChild(resultItem(result));
    });
    if (results.length <= start + BATCH) return;
    var more = document.createElement("li");
    more.className = "archive-search__more";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = settings.strings.more;
    button.addEventListener("click", function () {
      var next = start + BATCH;
      list.removeChild(more);
      showFrom(results, next);
      var first = list.children[next] && list.children[next].querySelector("a");
      if (first) first.focus();  // keyboard users go on where the new results start
    });
    more.appendChild(button);
    list.appendChild(more);
  }

  function resultItem(result) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = result.root + result.doc.u;
    link.lang = result.code;
    link.setAttribute("hreflang", result.code);
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h1");
    title.appendChild(highlighted(result.doc.t, result.title, 0));
    var where = document.createElement("p");
    where.className = "archive-search__where";
    where.textContent = [names[result.code], result.doc.s].filter(Boolean).join(" · ");
    article.appendChild(title);
    article.appendChild(where);
    article.appendChild(excerpt(result.doc.x, result.text));
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  var pending = 0;

  function update() {
    var query = input.value.trim();
    var codes = everywhere.checked ? settings.languages.map(function (l) { return l.code; }) : [settings.language];
    var ticket = ++pending;
    if (!query) { render([], ""); return; }
    Promise.all(codes.map(function (code) {
      return loadLanguage(code).catch(function () { return null; });
    })).then(function (entries) {
      if (ticket !== pending) return;  // a newer query is on its way
      var results = [];
      entries.forEach(function (entry) { if (entry) results = results.concat(search(entry, terms(query))); });
      results.sort(function (a, b) { return b.score - a.score; });
      render(results, query);
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
