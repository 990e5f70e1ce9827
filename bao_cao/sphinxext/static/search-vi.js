// The Vietnamese search language's browser side (bao_cao.sphinxext.search puts it into
// Sphinx's language_data.js). splitQuery is query_terms' twin: tests/test_browser.py
// checks both give the same terms.
function splitQuery(query) {
  // Syllables as typed, plus adjacent pairs ("tiem_chung") so that several syllables
  // match as a phrase. A syllable typed without diacritics equals its folded index form.
  const syllables = query.normalize("NFC").toLowerCase()
    .split(/[^\p{Letter}\p{Number}_]+/gu).filter((s) => s);
  // Folded as in Python: NFD, drop combining marks, đ -> d. Pairs are indexed folded.
  const fold = (s) => s.replace(/đ/g, "d").normalize("NFD").replace(/\p{Mn}/gu, "");
  // Sphinx skips query words of digits alone: a number is asked for as "#3079" too.
  const terms = syllables.concat(syllables.filter((s) => /^[0-9]+$/.test(s)).map((s) => "#" + s));
  for (let i = 0; i + 1 < syllables.length; i++) {
    terms.push(fold(syllables[i]) + "_" + fold(syllables[i + 1]));
  }
  return terms;
}

var Stemmer = function() {
  // Vietnamese has no stems: a syllable is a word as it is.
  this.stemWord = function(word) { return word; };
};
