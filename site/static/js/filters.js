// Progressive enhancements of the catalogue filters; the plain form works without them.

// On wide screens the filters sit beside the results: open them.
const wide = window.matchMedia("(min-width: 64em)");
for (const details of document.querySelectorAll("details[data-open-on-wide]")) {
  if (wide.matches) details.open = true;
}

// Keep shared addresses short: criteria left empty are not sent.
for (const form of document.querySelectorAll("form[data-drop-empty]")) {
  form.addEventListener("submit", () => {
    for (const field of form.elements) {
      if (field.name && field.value === "" && field.type !== "submit") field.disabled = true;
    }
  });
}
