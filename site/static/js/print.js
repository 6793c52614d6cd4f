// "Imprimer cette page" buttons (hidden until this script runs) open the print dialog.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
