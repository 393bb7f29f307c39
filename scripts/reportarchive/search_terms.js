/*
 * The build's side of search analysis: the very archive-analysis.js the
 * browser runs (shipped as assets/archive-analysis.js), under Node, with lunr
 * and lunr-languages from scripts/vendor.
 *
 * In (stdin, JSON):  {"docs": [{"key", "language", "title", "text"}]}
 * Out (stdout, JSON): {"<key>": {"t": {term: count}, "x": {term: [count, first]}}}
 *   (t: the title's terms; x: the text's, with where each first occurs)
 */
"use strict";
const path = require("path");
const fs = require("fs");

const here = __dirname;
const vendor = path.join(here, "..", "vendor", "node_modules");
const lunr = require(path.join(vendor, "lunr"));
require(path.join(vendor, "lunr-languages", "lunr.stemmer.support.js"))(lunr);
const analysis = require(process.argv[2] || path.join(here, "archive-analysis.js"));
const makeAnalyser = analysis(lunr);
for (const code of makeAnalyser.STEMMED) {
  if (code !== "en") require(path.join(vendor, "lunr-languages", `lunr.${code}.js`))(lunr);
}

const analysers = {};
function counts(analyser, text) {
  const out = {};
  for (const token of analyser.tokens(text)) out[token.term] = (out[token.term] || 0) + 1;
  return out;
}
function countsAndFirst(analyser, text) {
  const out = {};
  for (const token of analyser.tokens(text)) {
    const entry = out[token.term];
    if (entry) entry[0] += 1;
    else out[token.term] = [1, token.start];
  }
  return out;
}

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const result = {};
for (const doc of input.docs) {
  const analyser = analysers[doc.language] || (analysers[doc.language] = makeAnalyser(doc.language));
  result[doc.key] = { t: counts(analyser, doc.title), x: countsAndFirst(analyser, doc.text) };
}
process.stdout.write(JSON.stringify(result));
