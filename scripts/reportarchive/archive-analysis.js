/*
 * Report archive: the text analysis of search, one and the same on both
 * sides. The build runs this very file under Node to index the reports
 * (search_terms.js) and ships it with every language site
 * (assets/archive-analysis.js); the reader's browser runs it to analyse what
 * they type and to find the words to highlight. Both use lunr
 * and lunr-languages from npm (scripts/vendor), so a word becomes the same
 * term wherever it is analysed.
 *
 * - Words are runs of letters, digits and marks, in any script.
 * - Chinese, Japanese, Thai, Lao, Khmer and Myanmar are written without
 *   spaces between words: a run of them becomes its overlapping pairs of
 *   characters ("数字化" -> "数字", "字化"), so a word of two or more
 *   characters finds every text that contains it; a lone character is a
 *   term of its own.
 * - Other words are lower-cased, dropped when the language's stop-word list
 *   has them, folded (diacritics of Latin, Greek and Cyrillic letters,
 *   Hebrew points and Arabic short vowels removed; ß -> ss, đ -> d …), then
 *   stemmed where lunr-languages has a stemmer for the language.
 *
 * Loaded as a classic script it defines window.archiveAnalysis; under Node
 * it is a module. Either way it is a function of lunr (with the stemmers of
 * the languages wanted already registered) that returns the analyser maker.
 */
(function (root, define) {
  "use strict";
  if (typeof module === "object" && module.exports) module.exports = define;
  else root.archiveAnalysis = define;
})(this, function (lunr) {
  "use strict";

  // Languages with a real stemmer: lunr's English, and lunr-languages modules
  // (the build reads this list: it ships lunr.<code>.js for each but "en").
  var STEMMED = ["en", "ar", "da", "de", "el", "es", "fi", "fr", "hu", "it", "nl", "no", "pl", "pt", "ro", "ru", "sv", "tr"];
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  var DIACRITICS = /[\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0640]/g;
  var LETTERS = { "ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ς": "σ" };
  var SPECIAL = /[ßœæøđłıς]/g;
  var MARK = /\p{M}/u;

  function fold(word) {
    return word.toLowerCase().normalize("NFD").replace(DIACRITICS, "").normalize("NFC")
      .replace(SPECIAL, function (c) { return LETTERS[c]; });
  }

  /* A run of word characters, split where it goes from spaceless scripts to
     others; a combining mark stays with the character before it. */
  function pieces(run, at) {
    if (!SPACELESS.test(run)) return [{ text: run, start: at, spaceless: false }];
    var out = [], current = "", spaceless = null, start = at, offset = at;
    Array.from(run).forEach(function (ch) {
      var isSpaceless = spaceless !== null && MARK.test(ch) ? spaceless : SPACELESS.test(ch);
      if (spaceless !== null && isSpaceless !== spaceless) {
        out.push({ text: current, start: start, spaceless: spaceless });
        current = "";
        start = offset;
      }
      spaceless = isSpaceless;
      current += ch;
      offset += ch.length;
    });
    if (current) out.push({ text: current, start: start, spaceless: spaceless });
    return out;
  }

  function analyser(code) {
    // English is lunr's own language (its Porter stemmer and stop words).
    var language = code === "en" ? lunr : lunr[code];
    var stemmer = STEMMED.indexOf(code) >= 0 && language && language.stemmer;
    var stopWords = language && language.stopWordFilter;

    var known = new Map();  // word -> term (null for a stop word): texts repeat their words

    function wordTerm(word) {
      var term = known.get(word);
      if (term !== undefined) return term;
      var lower = word.toLowerCase();
      if (stopWords && stopWords(new lunr.Token(lower)) === undefined) term = null;
      else term = stemmer ? String(stemmer(new lunr.Token(fold(lower)))) : fold(lower);
      known.set(word, term);
      return term;
    }

    /* Every term of ``text`` with where it stands: [{term, start, end}]. */
    function tokens(text) {
      var out = [];
      text.replace(WORD, function (run, at) {
        pieces(run, at).forEach(function (piece) {
          if (!piece.spaceless) {
            var term = wordTerm(piece.text);
            if (term) out.push({ term: term, start: piece.start, end: piece.start + piece.text.length });
            return;
          }
          var chars = Array.from(piece.text), position = piece.start;
          if (chars.length === 1) {
            out.push({ term: fold(chars[0]), start: position, end: position + chars[0].length });
            return;
          }
          for (var i = 0; i + 1 < chars.length; i++) {
            out.push({ term: fold(chars[i] + chars[i + 1]), start: position, end: position + chars[i].length + chars[i + 1].length });
            position += chars[i].length;
          }
        });
        return run;
      });
      return out;
    }

    /*
     * What a query asks for: one slot per word, every slot required. A slot
     * is a term, and for the word being typed (the last one, when the query
     * does not end with a space) also a prefix of terms.
     */
    function query(text) {
      var slots = [], typing = !/\s$/.test(text);
      var words = [];
      text.replace(WORD, function (run, at) { words = words.concat(pieces(run, at)); return run; });
      words.forEach(function (piece, n) {
        var last = typing && n === words.length - 1;
        if (!piece.spaceless) {
          var term = wordTerm(piece.text);
          var prefix = last && Array.from(piece.text).length > 1 ? fold(piece.text) : null;
          if (term || prefix) slots.push({ term: term, prefix: prefix });
          return;
        }
        var chars = Array.from(piece.text);
        if (chars.length === 1) {
          slots.push({ term: fold(chars[0]), prefix: last ? fold(chars[0]) : null });
          return;
        }
        for (var i = 0; i + 1 < chars.length; i++) slots.push({ term: fold(chars[i] + chars[i + 1]), prefix: null });
      });
      return slots;
    }

    return { code: code, stemmed: !!stemmer, tokens: tokens, query: query };
  }

  analyser.STEMMED = STEMMED;
  analyser.fold = fold;
  return analyser;
});
