// "Cite this paragraph": a click on a paragraph's id (II.6.2) goes to the paragraph, as
// before, and opens a small box under it with the paragraph's own citation (the page's,
// naming the paragraph, with its address) and a button that copies it. Escape or "Đóng"
// closes it. The citation comes from the page (<template id="trich-dan-doan">), the id
// is put in as text: nothing is read as markup.
document.addEventListener("DOMContentLoaded", function () {
  var template = document.getElementById("trich-dan-doan");
  if (!template) return;
  var token = template.dataset.token;
  var open = null;
  // What the id does, said to screen readers and shown by a cue (bao-cao.css): it opens
  // the paragraph's citation. Without this script it only leads to the paragraph.
  document.querySelectorAll("a.so-doan").forEach(function (link) {
    var name = "Trích dẫn đoạn " + link.getAttribute("href").slice(1);
    link.setAttribute("aria-label", name);
    link.setAttribute("aria-haspopup", "dialog");
    link.title = name;
    link.classList.add("mo-trich-dan");
  });

  function close() {
    if (!open) return;
    var link = open.link;
    open.box.remove();
    open = null;
    link.focus();
  }

  function show(link) {
    close();
    var id = link.getAttribute("href").slice(1);
    var text = template.content.textContent.trim().split(token).join(id);
    var box = document.createElement("div");
    box.className = "trich-dan-doan";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Trích dẫn đoạn " + id);
    var heading = box.appendChild(document.createElement("p"));
    heading.className = "rubric";
    heading.textContent = "Trích dẫn đoạn " + id;
    var reference = box.appendChild(document.createElement("p"));
    reference.className = "trich-dan-doan-van-ban";
    reference.textContent = text;
    var copy = box.appendChild(document.createElement("button"));
    copy.type = "button";
    copy.className = "btn btn-sm sao-chep";
    copy.textContent = "Sao chép";
    copy.addEventListener("click", function () {
      var done = function () { copy.textContent = "Đã sao chép"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { select(reference); });
      } else {
        select(reference);
      }
    });
    var shut = box.appendChild(document.createElement("button"));
    shut.type = "button";
    shut.className = "btn btn-sm dong";
    shut.textContent = "Đóng";
    shut.addEventListener("click", close);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
    link.closest(".doan-bao-cao").after(box);
    open = { box: box, link: link };
    // After the link's own work (going to the paragraph), which would take focus back.
    setTimeout(function () { copy.focus(); }, 0);
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.so-doan");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    show(link);  // the link still goes to the paragraph (its address in the bar)
  });
});
