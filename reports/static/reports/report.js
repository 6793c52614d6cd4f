// A report whose form has errors: the summary takes the focus, so a screen reader
// announces it and the keyboard starts from it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
