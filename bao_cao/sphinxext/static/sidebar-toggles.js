// The theme's script binds only the first ".primary-toggle" (and ".secondary-toggle") of a
// page, which is the navbar's, hidden at most widths: the visible buttons in the article
// header did nothing. They hand their clicks to the bound one, which opens the drawer on a
// phone and shows or hides the sidebar on a wide screen (bao_cao.sphinxext.theme).
document.addEventListener("DOMContentLoaded", () => {
  for (const selector of [".primary-toggle", ".secondary-toggle"]) {
    const [bound, ...others] = document.querySelectorAll(selector);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    }
  }
});

// On a phone the sidebars open as drawers (the theme's <dialog>s). A tap on an entry that
// leads within this page closes its drawer, so that the reader sees where it led; the
// theme left it open over the page.
document.addEventListener("DOMContentLoaded", () => {
  for (const id of ["pst-primary-sidebar-modal", "pst-secondary-sidebar-modal"]) {
    const drawer = document.getElementById(id);
    if (!drawer) continue;
    drawer.addEventListener("click", (event) => {
      const link = event.target.closest("a[href]");
      if (!link || !drawer.open) return;
      const target = new URL(link.href, location.href);
      if (target.pathname !== location.pathname || !target.hash) return;
      // Closing gives focus back to the button that opened the drawer, which scrolls the
      // page back up: close first, then go to the entry's place.
      event.preventDefault();
      drawer.close();
      requestAnimationFrame(() => {
        if (location.hash === target.hash) {
          document.getElementById(decodeURIComponent(target.hash.slice(1)))?.scrollIntoView();
        } else {
          location.hash = target.hash;
        }
      });
    });
  }
});

