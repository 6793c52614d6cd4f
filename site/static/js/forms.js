// Forms that guide: the error summary takes focus when the page comes back with
// errors, and each of its links moves focus to its field (an in-page link alone
// would only scroll). Without JavaScript the links still scroll to the field.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-focus]");
    const field = link && document.getElementById(link.dataset.focus);
    if (!field) return;
    event.preventDefault();
    // Show the label (or the group's question) above the field, then focus it.
    const label = field.closest("fieldset")?.querySelector("legend") || document.querySelector(`label[for="${field.id}"]`);
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
}
