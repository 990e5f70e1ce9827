// sphinx-copybutton has no Vietnamese: its buttons said "Copy" and "Copied!". Its script
// keeps the strings in global `messages`, `locale` and `iconCopy`, read when the buttons
// are made (on DOMContentLoaded); this deferred script runs before that.
if (typeof messages !== "undefined" && document.documentElement.lang === "vi") {
  messages.vi = {
    copy: "Sao chép",
    copy_to_clipboard: "Sao chép",
    copy_success: "Đã sao chép",
    copy_failure: "Không sao chép được",
  };
  locale = "vi";
  iconCopy = iconCopy.replace(/<title>[^<]*<\/title>/, "<title>Sao chép</title>");
}
