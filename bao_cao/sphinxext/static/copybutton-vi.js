// sphinx-copybutton has no Vietnamese: its buttons said "Copy" and "Copied!". Its script
// keeps the strings in global `messages`, `locale` and `iconCopy`, read when the buttons
// are made and when one is clicked. Both scripts are deferred and this one runs after it:
// the strings are set for the clicks to come, and the buttons already made relabelled.
if (typeof messages !== "undefined" && document.documentElement.lang === "vi") {
  messages.vi = {
    copy: "Sao chép",
    copy_to_clipboard: "Sao chép",
    copy_success: "Đã sao chép",
    copy_failure: "Không sao chép được",
  };
  locale = "vi";
  iconCopy = iconCopy.replace(/<title>[^<]*<\/title>/, "<title>Sao chép</title>");
  const relabel = () =>
    document.querySelectorAll(".copybtn").forEach((button) => {
      button.dataset.tooltip = messages.vi.copy;
      button.querySelectorAll("title").forEach((title) => (title.textContent = messages.vi.copy));
    });
  relabel();
  document.addEventListener("DOMContentLoaded", relabel);
}
