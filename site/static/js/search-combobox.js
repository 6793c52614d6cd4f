// The header's search box as an accessible combobox (ARIA 1.2 "list autocomplete"):
// suggestions of course titles while typing, chosen with the arrows and Enter, or
// with a tap. Without this script the box is a plain search form, and so it stays
// for whoever ignores the suggestions: Enter searches what was typed.

const DELAY = 200; // ms after the last key before asking the server

for (const box of document.querySelectorAll("[data-combobox]")) {
  const form = box.closest("form");
  const input = box.querySelector("input");
  const list = box.querySelector("[role=listbox]");
  const status = form.querySelector("[data-combobox-status]");
  const [none, many, one] = form.querySelector("[data-combobox-words]").innerHTML.split("|");
  let timer = null;
  let request = null;
  let options = [];
  let active = -1;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(index) {
    options.forEach((option, i) => option.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
    } else {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }
  }

  function render(results) {
    list.replaceChildren();
    options = results.map((result, i) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${i}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.className = "combobox__option";
      option.textContent = result.title;
      option.dataset.url = result.url;
      option.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus
      option.addEventListener("click", () => go(option));
      list.append(option);
      return option;
    });
    active = -1;
    if (options.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
    status.textContent =
      options.length === 0 ? none : options.length === 1 ? one : many.replace("%s", options.length);
  }

  function go(option) {
    close();
    window.location.assign(option.dataset.url);
  }

  async function suggest() {
    const text = input.value.trim();
    if (text.length < 2) {
      close();
      status.textContent = "";
      return;
    }
    request?.abort();
    request = new AbortController();
    try {
      const url = `${box.dataset.suggestUrl}?q=${encodeURIComponent(text)}`;
      const answer = await fetch(url, { signal: request.signal, headers: { Accept: "application/json" } });
      if (!answer.ok) return close();
      const data = await answer.json();
      if (input.value.trim() === text) render(data.results);
    } catch (error) {
      if (error.name !== "AbortError") close(); // offline: the plain form still works
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY);
  });

  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && options.length > 0;
    if (event.key === "ArrowDown") {
      if (!open) return suggest();
      event.preventDefault();
      show((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      show(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      go(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") {
      close();
    }
  });

  input.addEventListener("blur", () => setTimeout(close, 150));
}
