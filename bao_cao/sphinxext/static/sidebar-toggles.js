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
