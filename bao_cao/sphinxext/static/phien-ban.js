// On an older version's pages, the note naming the newest version and linking to the
// same page in it (the theme's version banner says this in English only). The newest is
// the "preferred" entry of switcher.json, the file the theme's switcher reads, at the
// root of the copy of the release this page is in; the note's words are the page's
// (<template id="bao-phien-ban-cu">), the version goes in as text.
document.addEventListener("DOMContentLoaded", async function () {
  var template = document.getElementById("bao-phien-ban-cu");
  var article = document.querySelector("article.bd-article");
  if (!template || !article) return;
  var versions;
  try {
    var response = await fetch(document.documentElement.dataset.content_root + "switcher.json");
    if (!response.ok) return;
    versions = await response.json();
  } catch (error) {
    return; // a page opened from disk, or a site not assembled: no other version known
  }
  var newest = versions.filter(function (entry) { return entry.preferred; })[0];
  if (!newest || newest.version === DOCUMENTATION_OPTIONS.theme_switcher_version_match) return;
  var note = template.content.firstElementChild.cloneNode(true);
  var link = note.querySelector("a");
  link.href = newest.url + DOCUMENTATION_OPTIONS.pagename + ".html";
  link.textContent = newest.version;
  article.prepend(note);
});
