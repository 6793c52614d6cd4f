// On wide screens the filters sit beside the results: open them.
// Without JavaScript they stay behind their "Choisir mes critères" toggle, which works too.
const wide = window.matchMedia("(min-width: 64em)");
for (const details of document.querySelectorAll("details[data-open-on-wide]")) {
  if (wide.matches) details.open = true;
}
