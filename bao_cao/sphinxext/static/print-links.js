// On paper a link cannot be followed. Each link the edition adds outside the report's own
// words gets a number ("[2]"), and the printed page lists the numbered full addresses
// before its citation; links inside the report's paragraphs (glossary terms, document
// numbers) print as plain words. The citation is in the article's footer, after the
// article: the list goes before it. Addresses are the browser's own reading of each link
// against the page's address, so a page printed from the published site names the site.
// Both are print-only (bao-cao.css): the screen is unchanged.
document.addEventListener("DOMContentLoaded", function () {
  var article = document.querySelector("article.bd-article");
  if (!article) return;
  var addresses = [];
  article.querySelectorAll("a[href]").forEach(function (link) {
    var href = link.getAttribute("href");
    if (href.charAt(0) === "#" || link.closest(".doan-bao-cao, .trich-dan, .bao-phien-ban-cu") ||
        link.matches(".headerlink, .image-reference, .copybtn")) return;
    var number = addresses.indexOf(link.href) + 1;
    if (!number) number = addresses.push(link.href);
    var mark = document.createElement("sup");
    mark.className = "so-lien-ket";
    mark.textContent = "[" + number + "]";
    link.after(mark);
  });
  if (!addresses.length) return;
  var listing = document.createElement("section");
  listing.className = "lien-ket-khi-in";
  var heading = listing.appendChild(document.createElement("p"));
  heading.className = "rubric";
  heading.textContent = "Địa chỉ các liên kết trên trang";
  var list = listing.appendChild(document.createElement("ol"));
  addresses.forEach(function (address) {
    list.appendChild(document.createElement("li")).textContent = address;
  });
  var citation = document.querySelector(".bd-footer-article .trich-dan");
  if (citation) citation.before(listing);
  else article.appendChild(listing);
});
