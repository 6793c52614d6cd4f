/* The trainer's tablet: marks, notes and signatures go to an outbox on the
   tablet (IndexedDB) first, then to the server; when the network drops they
   wait there — through reloads — and leave as soon as it comes back.

   Each change carries an id made here and the tablet's time: the server
   applies each id once and keeps the latest device time per learner, so
   sending twice, late or out of order is harmless. A change leaves the outbox
   only once the server has answered for it; a refused one is shown, never
   dropped silently. Without JavaScript the roster is a plain form. */
(function () {
  "use strict";

  const DB_NAME = "numixs-formateur";
  const STORE = "outbox";
  const RETRY_MS = 15000;
  const BATCH = 100;

  // --- Small helpers ------------------------------------------------------

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16)); // also outside HTTPS
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function deviceId() {
    let id = localStorage.getItem("numixs-device");
    if (!id) {
      id = uuid();
      localStorage.setItem("numixs-device", id);
    }
    return id;
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // Words come from the page (translated by Django); French if the page has none.
  const WORDS = Object.assign(
    {
      waiting_one: "%s modification en attente d'envoi",
      waiting_many: "%s modifications en attente d'envoi",
      offline: "hors connexion : envoi automatique au retour du réseau",
      login: "reconnectez-vous pour les envoyer (elles restent sur la tablette)",
      sent: "Tout est envoyé.",
      refused: "Refusé :",
      signature_of: "Signature de %s",
      sign_again: "Signer à nouveau",
      to_mark: "À pointer : %s sur %s",
      sign_first: "Signez dans le cadre avant de clôturer.",
      since: "depuis %s",
      at: "%s à %s",
      ready: "✓ disponible hors connexion",
      not_ready: "pas encore disponible hors connexion : ouvrez cette page avec du réseau",
      preparing: "préparation pour le hors connexion…",
      undo_all: "Annuler « Tout le monde présent » (%s)",
      closed_here: "Séance clôturée sur cette tablette : la clôture partira au retour du réseau.",
      walk_in_required: "Donnez le prénom, le nom, et un téléphone ou une adresse e-mail.",
    },
    JSON.parse(document.getElementById("trainer-messages")?.textContent || "{}")
  );

  function words(key, ...values) {
    return values.reduce((text, value) => text.replace("%s", value), WORDS[key]);
  }

  // --- The outbox (IndexedDB) ------------------------------------------------

  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "id" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }

  function store(mode, work) {
    return db().then(
      (database) =>
        new Promise((resolve, reject) => {
          const tx = database.transaction(STORE, mode);
          const result = work(tx.objectStore(STORE));
          tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
          tx.onerror = () => reject(tx.error);
        })
    );
  }

  const outbox = {
    add: (change) => store("readwrite", (s) => s.put(change)),
    all: () => store("readonly", (s) => s.getAll()),
    remove: (ids) => store("readwrite", (s) => ids.forEach((id) => s.delete(id))),
  };

  // --- Status line: what waits, what was refused ----------------------------

  const statusBox = document.querySelector("[data-sync-status]");
  let refused = [];
  // The line keeps its place even when it has nothing to say: appearing after the first
  // tap, it would push the roster down under the trainer's finger.
  if (statusBox) setIdle(true);

  function setIdle(idle) {
    statusBox.hidden = false;
    statusBox.classList.toggle("sync-status--idle", idle);
    if (idle) statusBox.textContent = "\u00a0";
  }

  // "9 h 42" today, "lundi 7 décembre à 9 h 42" another day.
  function when(timestamp) {
    const moment = new Date(timestamp);
    const time = `${moment.getHours()} h ${String(moment.getMinutes()).padStart(2, "0")}`;
    if (moment.toDateString() === new Date().toDateString()) return time;
    const day = moment.toLocaleDateString(document.documentElement.lang || "fr", {
      weekday: "long",
      day: "numeric",
      month: "long",
    });
    return words("at", day, time);
  }

  function showStatus(waiting, state, oldest) {
    if (!statusBox) return;
    const parts = [];
    if (waiting > 0) {
      let line = words(waiting === 1 ? "waiting_one" : "waiting_many", waiting);
      if (oldest) line += ` ${words("since", when(oldest))}`;
      parts.push(line);
      if (state === "offline") parts.push(words("offline"));
      if (state === "login") parts.push(words("login"));
    } else if (state === "sent") {
      parts.push(words("sent"));
    }
    statusBox.textContent = parts.join(" — ");
    statusBox.dataset.waiting = String(waiting);
    statusBox.classList.toggle("sync-status--waiting", waiting > 0);
    for (const problem of refused) {
      const line = document.createElement("p");
      line.className = "sync-status__refused";
      line.textContent = `${words("refused")} ${problem}`;
      statusBox.append(line);
    }
    setIdle(parts.length === 0 && refused.length === 0);
    document.dispatchEvent(new CustomEvent("numixs:outbox", { detail: { waiting } }));
  }

  // --- Sending ---------------------------------------------------------------

  let sending = null;
  let again = false;

  // One send at a time; a change queued meanwhile goes in another round right after.
  function flush() {
    if (sending) {
      again = true;
      return sending;
    }
    sending = (async () => {
      do {
        again = false;
        await send();
      } while (again);
    })().finally(() => {
      sending = null;
    });
    return sending;
  }

  async function send() {
    const syncUrl = document.body.dataset.syncUrl || "/formateur/synchro/";
    let pending = await outbox.all();
    if (pending.length === 0) return showStatus(0, statusBox && !statusBox.hidden ? "sent" : "");
    pending.sort((a, b) => a.queued - b.queued);
    const oldest = () => (pending.length ? pending[0].queued : null);
    if (!navigator.onLine) return showStatus(pending.length, "offline", oldest());
    while (pending.length) {
      const batch = pending.slice(0, BATCH);
      let response;
      try {
        response = await fetch(syncUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            "X-CSRFToken": csrfToken(),
          },
          body: JSON.stringify({
            device: deviceId(),
            sent_at: new Date().toISOString(), // lets the server correct a wrong tablet clock
            // In the order they were made: a walk-in before the marks about them,
            // the marks before the closing.
            changes: batch.map(({ id, sitting, enrolment, walk_in, person, kind, value, device_time }) => ({
              id, sitting, enrolment, walk_in, person, kind, value, device_time,
            })),
          }),
        });
      } catch (error) {
        return showStatus(pending.length, "offline", oldest()); // the network dropped: try again later
      }
      if (response.status === 401 || response.status === 403) {
        return showStatus(pending.length, "login", oldest());
      }
      if (response.status === 422) {
        // Some changes can never be applied (a closed sitting…): show them, send the rest.
        const answer = await response.json();
        const bad = answer.errors.map((error) => error.id);
        for (const error of answer.errors) {
          const change = batch.find((c) => c.id === error.id);
          refused.push(`${change ? change.label : ""} ${error.message}`.trim());
        }
        await outbox.remove(bad);
        pending = pending.filter((change) => !bad.includes(change.id));
        continue;
      }
      if (!response.ok) {
        // Refused as a whole (malformed): keep it and say so; it is a bug, not the trainer's.
        const answer = await response.json().catch(() => ({}));
        refused = [answer.message || `erreur ${response.status}`];
        return showStatus(pending.length, "", oldest());
      }
      const { results } = await response.json();
      const done = [];
      for (const result of results) {
        done.push(result.id);
        if (result.outcome === "rejected") {
          const change = batch.find((c) => c.id === result.id);
          refused.push(`${change ? change.label : ""} ${result.message}`.trim());
        }
      }
      await outbox.remove(done);
      pending = pending.filter((change) => !done.includes(change.id));
    }
    showStatus(0, "sent");
    keepThisPage();
  }

  // The tablet's copy of this page, fetched again now that the server has every change:
  // reopened offline later, it must not show the state from before them.
  function keepThisPage() {
    if (!("caches" in window) || !window.location.pathname.startsWith("/formateur/")) return;
    caches.open(PAGES).then((cache) => keep(cache, window.location.pathname)).catch(() => {});
  }

  function queue(change) {
    const full = {
      id: uuid(),
      device_time: new Date().toISOString(),
      queued: Date.now(),
      ...change,
    };
    return outbox.add(full).then(flush);
  }

  // --- The roster ----------------------------------------------------------------

  const ATTENDED = ["present", "late"];

  function setupRoster(form) {
    const sitting = Number(form.dataset.sitting);
    document.body.dataset.syncUrl = form.dataset.syncUrl;
    let closed = "closed" in form.dataset;
    form.querySelector("[data-no-js-save]")?.setAttribute("hidden", "");
    const list = form.querySelector(".roster-list");
    const rows = () => [...form.querySelectorAll(".roster-row")];
    const nameOf = (row) => row.querySelector("legend").firstChild.textContent.trim();
    const dialog = document.querySelector("[data-signature-dialog]");
    const canSign = Boolean(dialog && window.SignaturePad && dialog.showModal);
    const statusOf = (row) => row.querySelector("input[type=radio]:checked")?.value || "";
    const signed = (row) => Boolean(row.querySelector("[data-signature-slot] svg"));
    const allPresent = form.querySelector("[data-all-present]");
    const undo = form.querySelector("[data-undo-all-present]");
    let undoable = [];

    function refreshCount() {
      const counter = form.querySelector("[data-unmarked-count]");
      const all = rows();
      const left = all.filter((row) => !statusOf(row)).length;
      counter.textContent = words("to_mark", left, all.length);
    }

    // "Faire signer" only for someone who is there (present or late).
    // The button keeps its place when it is not offered (visibility, not display):
    // the rows below must not move under the trainer's finger.
    function refreshSignButton(row) {
      const button = row.querySelector("[data-sign]");
      if (!button) return;
      button.hidden = closed || !canSign;
      button.style.visibility = ATTENDED.includes(row.dataset.status) ? "" : "hidden";
    }

    function mark(row, value) {
      for (const input of row.querySelectorAll("input[type=radio]")) input.checked = input.value === value;
      row.dataset.status = value;
      refreshSignButton(row);
      refreshCount();
    }

    function showSignature(row, path) {
      const slot = row.querySelector("[data-signature-slot]");
      const svgNS = "http://www.w3.org/2000/svg";
      const svg = document.createElementNS(svgNS, "svg");
      svg.setAttribute("class", "signature");
      svg.setAttribute("viewBox", "0 0 300 100");
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", words("signature_of", nameOf(row)));
      const line = document.createElementNS(svgNS, "path");
      line.setAttribute("d", path);
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", "currentColor");
      line.setAttribute("stroke-width", "2.5");
      line.setAttribute("stroke-linecap", "round");
      svg.append(line);
      slot.replaceChildren(svg);
      const button = row.querySelector("[data-sign]");
      if (button) button.textContent = words("sign_again");
    }

    // The person is named by their enrolment, or — added on this tablet and not yet
    // known to the server — by the id of the walk-in that added them.
    function change(row, kind, value) {
      const who = row.dataset.walkIn
        ? { walk_in: row.dataset.walkIn }
        : { enrolment: Number(row.dataset.enrolment) };
      return queue({ sitting, kind, value, label: nameOf(row), ...who });
    }

    // A person added on this tablet while offline: a row like the others, until the
    // server knows them.
    function addWalkInRow(walkIn) {
      const template = document.querySelector("[data-walk-in-template]");
      if (!template || rows().some((row) => row.dataset.walkIn === walkIn.id)) return null;
      const row = template.content.firstElementChild.cloneNode(true);
      const key = `w-${walkIn.id}`;
      row.dataset.walkIn = walkIn.id;
      row.dataset.status = "present";
      row.querySelector("legend").id = `name-${key}`;
      row.querySelector("[data-walk-in-name]").textContent =
        `${walkIn.person.last_name.toUpperCase()} ${walkIn.person.first_name}`;
      for (const input of row.querySelectorAll("input[type=radio]")) {
        input.name = `mark-${key}`;
        input.checked = input.value === "present";
      }
      const note = row.querySelector("textarea");
      note.id = note.name = `note-${key}`;
      row.querySelector("label.visually-hidden").htmlFor = note.id;
      for (const described of row.querySelectorAll("[aria-describedby]")) {
        described.setAttribute("aria-describedby", `name-${key}`);
      }
      list.append(row);
      wireSignButton(row.querySelector("[data-sign]"));
      refreshSignButton(row);
      refreshCount();
      return row;
    }

    // What this tablet closed while offline: locked here until the server says so.
    function showClosedHere() {
      closed = true;
      for (const fieldset of form.querySelectorAll("fieldset")) fieldset.disabled = true;
      for (const element of document.querySelectorAll("[data-open-only]")) element.hidden = true;
      rows().forEach(refreshSignButton);
      const notice = document.querySelector("[data-closed-here]");
      if (notice) {
        notice.hidden = false;
        notice.focus();
      }
    }

    let signingRow = null;
    let pad = null;
    function wireSignButton(button) {
      if (!button || !canSign) return;
      button.addEventListener("click", () => {
        signingRow = button.closest(".roster-row");
        dialog.querySelector("[data-signature-title]").textContent = words("signature_of", nameOf(signingRow));
        pad.clear();
        dialog.showModal();
      });
    }

    if (canSign) {
      pad = new window.SignaturePad(dialog.querySelector("[data-signature-pad]"));
      form.querySelectorAll("[data-sign]").forEach(wireSignButton);
      dialog.querySelector("[data-signature-clear]").addEventListener("click", () => pad.clear());
      dialog.querySelector("[data-signature-cancel]").addEventListener("click", () => dialog.close());
      dialog.querySelector("[data-signature-ok]").addEventListener("click", () => {
        if (pad.isEmpty()) return;
        const path = pad.toPath();
        showSignature(signingRow, path);
        change(signingRow, "signature", path);
        dialog.close();
        signingRow.querySelector("[data-sign]").focus();
      });
    }
    rows().forEach(refreshSignButton);

    // Changes still waiting on this tablet show on the page, even after a reload offline.
    const replayed = outbox.all().then((pending) => {
      pending
        .filter((c) => c.sitting === sitting)
        .sort((a, b) => a.queued - b.queued)
        .forEach((c) => {
          if (c.kind === "walk_in") return addWalkInRow(c);
          if (c.kind === "close") return showClosedHere();
          const row = rows().find((r) =>
            c.walk_in ? r.dataset.walkIn === c.walk_in : Number(r.dataset.enrolment) === c.enrolment
          );
          if (!row) return;
          if (c.kind === "mark") mark(row, c.value);
          if (c.kind === "note") row.querySelector("textarea").value = c.value;
          if (c.kind === "signature") showSignature(row, c.value);
        });
      flush();
    });

    if (closed) return;

    function hideUndo() {
      undoable = [];
      if (undo) undo.hidden = true;
    }

    form.addEventListener("change", (event) => {
      const input = event.target;
      const row = input.closest(".roster-row");
      if (!row || input.type !== "radio") return;
      hideUndo();
      mark(row, input.value);
      change(row, "mark", input.value);
    });

    // Notes leave when the trainer moves on (not at each key).
    form.addEventListener("focusout", (event) => {
      const input = event.target;
      if (input.tagName !== "TEXTAREA") return;
      if (input.value === input.defaultValue) return;
      input.defaultValue = input.value;
      change(input.closest(".roster-row"), "note", input.value.trim());
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault(); // everything is already on its way
      if (event.submitter && "allPresent" in event.submitter.dataset) {
        undoable = rows().filter((row) => !statusOf(row));
        undoable.forEach((row) => {
          mark(row, "present");
          change(row, "mark", "present");
        });
        if (undo && undoable.length) {
          undo.textContent = words("undo_all", undoable.length);
          undo.hidden = false;
        }
      }
    });

    // A tap too many: those "Tout le monde présent" marked go back to "not marked".
    undo?.addEventListener("click", () => {
      undoable.forEach((row) => {
        mark(row, "");
        change(row, "mark", "");
      });
      hideUndo();
      allPresent?.focus();
    });

    // Closing, on this page: it works offline and knows the marks made here.
    const closeDialog = document.querySelector("[data-close-dialog]");
    const closeLink = document.querySelector("[data-close-link]");
    if (!closeDialog || !closeLink || !window.SignaturePad || !closeDialog.showModal) return;
    const closePad = new window.SignaturePad(closeDialog.querySelector("[data-signature-pad]"));
    const fill = (selector, people) => {
      const box = closeDialog.querySelector(selector);
      box.hidden = people.length === 0;
      box.querySelector("ul").replaceChildren(
        ...people.map((row) => Object.assign(document.createElement("li"), { textContent: nameOf(row) }))
      );
      const count = box.querySelector("[data-count]");
      if (count) count.textContent = String(people.length);
    };
    closeLink.addEventListener("click", async (event) => {
      event.preventDefault();
      await replayed;
      const all = rows();
      fill("[data-close-unmarked]", all.filter((row) => !statusOf(row)));
      fill("[data-close-unsigned]", all.filter((row) => ATTENDED.includes(statusOf(row)) && !signed(row)));
      closeDialog.querySelector("[data-close-everyone-signed]").hidden = all.some(
        (row) => ATTENDED.includes(statusOf(row)) && !signed(row)
      );
      closeDialog.querySelector("[data-close-error]").hidden = true;
      closePad.clear();
      closeDialog.showModal();
    });
    closeDialog.querySelector("[data-signature-clear]").addEventListener("click", () => closePad.clear());
    closeDialog.querySelector("[data-close-cancel]").addEventListener("click", () => closeDialog.close());
    closeDialog.querySelector("[data-close-confirm]").addEventListener("click", async () => {
      const error = closeDialog.querySelector("[data-close-error]");
      if (closePad.isEmpty()) {
        error.textContent = words("sign_first");
        error.hidden = false;
        error.focus();
        return;
      }
      // Those not marked become absent on the server, in the closing itself.
      await queue({ sitting, kind: "close", value: closePad.toPath(), label: document.title });
      closeDialog.close();
      if ((await outbox.all()).length === 0) {
        window.location.reload(); // sent: the server's page says who closed, when
      } else {
        showClosedHere();
      }
    });
  }

  // --- The closing page: the same closing as the roster's, through the outbox ---------

  function setupClose(form) {
    const pad = window.SignaturePad && new window.SignaturePad(form.querySelector("[data-signature-pad]"));
    if (!pad) return;
    document.body.dataset.syncUrl = form.dataset.syncUrl;
    form.querySelector("[data-signature-clear]").addEventListener("click", () => pad.clear());
    const blocker = form.querySelector("[data-sync-blocker]");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (pad.isEmpty()) {
        blocker.textContent = words("sign_first");
        blocker.hidden = false;
        blocker.focus();
        return;
      }
      await queue({ sitting: Number(form.dataset.sitting), kind: "close", value: pad.toPath(), label: document.title });
      if ((await outbox.all()).length === 0) {
        window.location.assign(form.dataset.rosterUrl);
      } else {
        blocker.textContent = words("closed_here");
        blocker.hidden = false;
        blocker.focus();
        form.querySelector("[type=submit]").disabled = true;
      }
    });
  }

  // --- Adding someone who came without enrolling: on the tablet first -----------------

  function setupWalkIn(form) {
    const sitting = Number(form.dataset.walkInForm);
    document.body.dataset.syncUrl = form.dataset.syncUrl;
    form.querySelector("[data-over-capacity-field]")?.setAttribute("hidden", "");
    form.querySelector("[data-over-capacity-note]")?.removeAttribute("hidden");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = (name) => (form.elements[name]?.value || "").trim().replace(/\s+/g, " ");
      const person = {
        first_name: value("first_name"),
        last_name: value("last_name"),
        phone: value("phone"),
        email: value("email"),
      };
      const problem = document.querySelector("[data-walk-in-problem]");
      if (!person.first_name || !person.last_name || !(person.phone || person.email)) {
        problem.textContent = words("walk_in_required");
        problem.hidden = false;
        problem.focus();
        return;
      }
      const contact = person.phone || person.email;
      await queue({
        sitting,
        kind: "walk_in",
        value: "",
        person,
        label: `${person.first_name} ${person.last_name} (${contact})`,
      });
      window.location.assign(form.dataset.rosterUrl);
    });
  }

  // --- Mes séances: today's and tomorrow's sittings kept on the tablet ----------------

  const PAGES = "numixs-formateur-pages";

  async function keep(cache, url) {
    const response = await fetch(url, { credentials: "same-origin" });
    // A page that sends to the login form is not the page: never keep it under its name.
    if (!response.ok || response.redirected) throw new Error(`${url}: ${response.status}`);
    await cache.put(url, response);
  }

  async function setupHome(home) {
    const cards = [...home.querySelectorAll("[data-offline-urls]")];
    if (!("caches" in window) || !("serviceWorker" in navigator)) {
      cards.forEach((card) => (card.querySelector("[data-offline-state]").textContent = words("not_ready")));
      return;
    }
    cards.forEach((card) => (card.querySelector("[data-offline-state]").textContent = words("preparing")));
    // The service worker must be in charge before the tablet leaves the network:
    // without it, a reload offline finds nothing.
    await navigator.serviceWorker.ready;
    const cache = await caches.open(PAGES);
    const assets = JSON.parse(home.dataset.offlineAssets || "[]");
    await Promise.all([window.location.pathname, ...assets].map((url) => keep(cache, url).catch(() => {})));
    let ready = 0;
    for (const card of cards) {
      const state = card.querySelector("[data-offline-state]");
      const urls = JSON.parse(card.dataset.offlineUrls);
      try {
        for (const url of urls) await keep(cache, url);
      } catch (error) {
        // No network (this page itself came from the tablet): what was kept before still is.
      }
      const kept = (await Promise.all(urls.map((url) => cache.match(url)))).every(Boolean);
      state.textContent = words(kept ? "ready" : "not_ready");
      if (kept) {
        card.dataset.offlineReady = "";
        ready += 1;
      }
    }
    home.dataset.offlineReady = String(ready);
  }

  // --- Logging out: nothing waiting is lost, nothing personal stays -----------------

  function setupLogout(form) {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared) return; // the tablet was emptied: log out for real
      event.preventDefault();
      await flush().catch(() => {});
      const waiting = await outbox.all();
      if (waiting.length > 0) {
        // Changes not yet sent live only on this tablet: logging out would lose them.
        const box = document.querySelector("[data-logout-refused]");
        box.textContent = words("logout_waiting", waiting.length);
        box.hidden = false;
        box.focus();
        return;
      }
      // Rosters and signatures cached for offline use belong to this trainer: remove them.
      if ("caches" in window) {
        const keys = await caches.keys();
        await Promise.all(keys.filter((k) => k.startsWith("numixs-formateur-")).map((k) => caches.delete(k)));
      }
      const registrations = (await navigator.serviceWorker?.getRegistrations?.()) || [];
      await Promise.all(registrations.map((registration) => registration.unregister()));
      if (dbPromise) (await dbPromise).close();
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
      form.dataset.cleared = "1";
      form.submit();
    });
  }

  // --- Start ---------------------------------------------------------------------

  function start() {
    if (!("indexedDB" in window)) return; // the plain form still works
    const logout = document.querySelector("[data-logout]");
    if (logout) setupLogout(logout);
    const roster = document.querySelector("[data-roster]");
    if (roster) setupRoster(roster);
    const closeForm = document.querySelector("[data-close-form]");
    if (closeForm) setupClose(closeForm);
    const walkIn = document.querySelector("[data-walk-in-form]");
    if (walkIn) setupWalkIn(walkIn);
    const home = document.querySelector("[data-trainer-home]");
    if (home) setupHome(home);
    if (!roster) flush();
    window.addEventListener("online", flush);
    window.addEventListener("offline", () =>
      outbox.all().then((p) => showStatus(p.length, "offline", Math.min(...p.map((c) => c.queued))))
    );
    setInterval(flush, RETRY_MS);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/formateur/sw.js", { scope: "/formateur/" }).catch(() => {});
    }
  }

  window.NumixsOutbox = { flush, all: () => outbox.all() }; // for the closing page and tests
  start();
})();
