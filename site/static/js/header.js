// A compact header on phones: the search form folds behind a "Rechercher" button so
// that the page's own content starts near the top. Without JavaScript, or on wide
// screens, the form is always shown.
const header = document.querySelector("[data-site-header]");
const toggle = header?.querySelector("[data-search-toggle]");
const panel = header?.querySelector("[data-search-panel]");
if (header && toggle && panel) {
  const narrow = window.matchMedia("(max-width: 47.99em)");
  const show = (open) => {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  };
  const layout = () => {
    toggle.hidden = !narrow.matches;
    // On a phone the form starts folded, unless it holds a query being typed.
    show(!narrow.matches || panel.contains(document.activeElement));
  };
  toggle.addEventListener("click", () => {
    const open = panel.hidden;
    show(open);
    if (open) panel.querySelector("input[type=search]")?.focus();
  });
  narrow.addEventListener("change", layout);
  layout();
}
