// The search page's results, ranking and snippets (see bao_cao.sphinxext.search). The
// page texts come from search-texts.js (written by the build: each page's title,
// headings and paragraphs, without buttons, citation or paragraph ids), so no result
// page is fetched. A page is found when it holds every syllable of the query, and the
// syllables in a row where there are several (a phrase: "tiem chung" is "tiêm chủng",
// not "tiêm" here and "chủng" there), across links and formatting too (Sphinx's index
// cut "UBND tỉnh" in two where "UBND" links to the glossary). Syllables typed without
// diacritics match with or without them; typed with them, exactly. Pages are ordered by
// where the words stand (title, heading, text) and how often; each shows its best
// paragraph with the words marked, and links to it.
"use strict";
(function () {
  const texts = window.BAO_CAO_SEARCH_TEXTS || {};
  const WORD = "[\\p{L}\\p{N}]";
  const SNIPPET = 240; // characters shown around the first match, as Sphinx shows
  const fold = (s) => s.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{Mn}/gu, "");
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  // Lower case and folded, one UTF-16 unit for one: positions in the folded text are
  // positions in the text (every Vietnamese letter folds to one letter).
  const aligned = (text) => {
    let lower = "", folded = "";
    for (const unit of text) {
      const l = unit.toLowerCase(), f = fold(l);
      const keep = (candidate) => (candidate.length === unit.length ? candidate : unit);
      lower += keep(l);
      folded += keep(f);
    }
    return { lower, folded };
  };

  // The query's syllables as typed (NFC, lower case); the ones typed with diacritics
  // must match exactly, the others match with or without.
  const syllablesOf = (query) =>
    query.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((s) => s && s[0] !== "-");

  // Every place in `text` where the syllables stand in a row (the phrase) or each alone.
  const matches = (text, syllables) => {
    const { lower, folded } = aligned(text);
    const exact = (syllable, start) =>
      syllable === fold(syllable) || lower.substr(start, syllable.length) === syllable;
    const find = (parts) => {
      const source = parts.map((s) => `(${escape(fold(s))})`).join(`[^\\p{L}\\p{N}]+`);
      const pattern = new RegExp(`(?<!${WORD})${source}(?!${WORD})`, "gud");
      const found = [];
      for (const match of folded.matchAll(pattern)) {
        if (parts.every((s, i) => exact(s, match.indices[i + 1][0]))) {
          found.push(match.indices.slice(1));
        }
      }
      return found;
    };
    const phrase = find(syllables);
    return {
      phrase: phrase.length,
      // Where the phrase starts and ends, for the snippet to show it.
      phraseAt: phrase.map((indices) => [indices[0][0], indices[indices.length - 1][1]]),
      each: syllables.map((s) => find([s]).map((indices) => indices[0])),
    };
  };

  // How well a piece of text answers the query: the phrase counts most, then how many
  // different syllables it holds, then how often they occur.
  const strength = (found) => {
    const present = found.each.filter((places) => places.length).length;
    const occurrences = found.each.reduce((sum, places) => sum + places.length, 0);
    return { phrase: found.phrase, present, occurrences };
  };

  const score = (page, syllables) => {
    const all = syllables.length;
    const pieces = [page.title, ...page.headings, ...page.blocks.map(([, text]) => text)];
    const found = pieces.some((text) => matches(text, syllables).phrase > 0);
    const weigh = (text, weight) => {
      const s = strength(matches(text, syllables));
      const whole = all === 1 ? s.present : s.phrase > 0 ? 1 : 0;
      return weight * (3 * whole + s.present / all);
    };
    let total = weigh(page.title, 40);
    page.headings.forEach((heading) => (total += weigh(heading, 12)));
    let best = null;
    page.blocks.forEach(([address, text]) => {
      const s = strength(matches(text, syllables));
      const value = 10 * s.phrase + 3 * s.present + Math.min(s.occurrences, 10);
      total += all === 1 ? s.occurrences : 2 * s.phrase + s.present / all;
      if (value > 0 && (best === null || value > best.value)) best = { address, text, value };
    });
    return { found, total, best };
  };

  // The text of a snippet as nodes: the matched syllables in <mark>, never as markup.
  const snippet = (text, syllables) => {
    const found = matches(text, syllables);
    const ranges = found.each.flat().sort((a, b) => a[0] - b[0]);
    const first = found.phraseAt.length ? found.phraseAt[0][0] : ranges.length ? ranges[0][0] : 0;
    let start = Math.max(0, first - SNIPPET / 3);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    let end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    const paragraph = document.createElement("p");
    paragraph.classList.add("context");
    paragraph.appendChild(document.createTextNode(start > 0 ? "…" : ""));
    let at = start;
    ranges
      .filter(([from, to]) => from >= start && to <= end)
      .forEach(([from, to]) => {
        if (from < at) return; // overlapping matches: the first one is marked
        paragraph.appendChild(document.createTextNode(text.slice(at, from)));
        const mark = paragraph.appendChild(document.createElement("mark"));
        mark.textContent = text.slice(from, to);
        at = to;
      });
    paragraph.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "…" : "")));
    return paragraph;
  };

  // Where the report's own pages hold the words, the edition's pages (notes, history,
  // data) weigh less: a reader looking for the report's words finds the report first,
  // and a page of the edition still comes first when its title is the query.
  const EDITION_WEIGHT = 0.4;

  const rank = (query) => {
    const syllables = syllablesOf(query);
    if (!syllables.length) return [];
    const found = Object.entries(texts)
      .map(([docName, page], order) => ({ docName, page, order, syllables, ...score(page, syllables) }))
      .filter((result) => result.found);
    if (found.some((result) => !result.page.edition)) {
      found.forEach((result) => { if (result.page.edition) result.total *= EDITION_WEIGHT; });
    }
    // Best first; equal scores in the order of the book's own contents.
    return found.sort((a, b) => b.total - a.total || a.order - b.order);
  };

  const resultItem = (result) => {
    const item = document.createElement("li");
    const link = item.appendChild(document.createElement("a"));
    const anchor = result.best && result.best.address ? "#" + result.best.address : "";
    link.href = result.docName + DOCUMENTATION_OPTIONS.LINK_SUFFIX + anchor;
    link.textContent = result.page.title || result.docName;
    const block = result.best || (result.page.blocks[0] && { text: result.page.blocks[0][1] });
    if (block) item.appendChild(snippet(block.text, result.syllables));
    return item;
  };

  // The report's own words for what a query found nothing with (an English word typed
  // for a Vietnamese one), each a link that searches for it.
  const suggestions = (query) => {
    const map = window.BAO_CAO_SEARCH_SUGGESTIONS || {};
    const words = [...new Set(syllablesOf(query).map((s) => map[s]).filter(Boolean))];
    return words.filter((word) => rank(word).length);
  };

  const suggestionLine = (words) => {
    const line = document.createElement("p");
    line.className = "goi-y-tim";
    line.appendChild(document.createTextNode("Báo cáo dùng từ: "));
    words.forEach((word, index) => {
      if (index) line.appendChild(document.createTextNode(", "));
      const link = line.appendChild(document.createElement("a"));
      link.href = "?q=" + encodeURIComponent(word);
      link.textContent = word;
    });
    line.appendChild(document.createTextNode("."));
    return line;
  };

  Search.query = (query) => {
    Search._parseQuery(query); // Sphinx keeps the words for highlighting on the page opened
    const ranked = rank(query);
    ranked.forEach((result) => Search.output.appendChild(resultItem(result)));
    Search.stopPulse();
    const _ = Documentation.gettext;
    Search.title.innerText = _("Search Results");
    Search.status.innerText = ranked.length
      ? _("Search finished, found ${resultCount} page(s) matching the search query.")
          .replace("${resultCount}", ranked.length)
      : _("Your search did not match any documents. Please make sure that all words are spelled correctly and that you've selected enough categories.");
    const words = ranked.length ? [] : suggestions(query);
    if (words.length) Search.status.after(suggestionLine(words));
  };

  // For the tests: the same ranking, without the page around it.
  window.baoCaoSearch = { rank, matches, syllablesOf };
})();
