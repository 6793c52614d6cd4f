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

  function showStatus(waiting, state) {
    if (!statusBox) return;
    const parts = [];
    if (waiting > 0) {
      parts.push(words(waiting === 1 ? "waiting_one" : "waiting_many", waiting));
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
    if (!navigator.onLine) return showStatus(pending.length, "offline");
    pending.sort((a, b) => a.queued - b.queued);
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
            changes: batch.map(({ id, sitting, enrolment, kind, value, device_time }) => ({
              id, sitting, enrolment, kind, value, device_time,
            })),
          }),
        });
      } catch (error) {
        return showStatus(pending.length, "offline"); // the network dropped: try again later
      }
      if (response.status === 401 || response.status === 403) {
        return showStatus(pending.length, "login");
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
        return showStatus(pending.length, "");
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

  function setupRoster(form) {
    const sitting = Number(form.dataset.sitting);
    document.body.dataset.syncUrl = form.dataset.syncUrl;
    const closed = "closed" in form.dataset;
    form.querySelector("[data-no-js-save]")?.setAttribute("hidden", "");
    const rows = [...form.querySelectorAll("[data-enrolment]")];
    const nameOf = (row) => row.querySelector("legend").firstChild.textContent.trim();

    function refreshCount() {
      const counter = form.querySelector("[data-unmarked-count]");
      const left = rows.filter((row) => !row.querySelector("input[type=radio]:checked")).length;
      counter.textContent = words("to_mark", left, rows.length);
    }

    function mark(row, value) {
      const input = row.querySelector(`input[type=radio][value="${value}"]`);
      if (input) input.checked = true;
      row.dataset.status = value;
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

    function change(row, kind, value) {
      return queue({
        sitting,
        enrolment: Number(row.dataset.enrolment),
        kind,
        value,
        label: nameOf(row),
      });
    }

    // Changes still waiting on this tablet show on the page, even after a reload offline.
    outbox.all().then((pending) => {
      pending
        .filter((c) => c.sitting === sitting)
        .sort((a, b) => a.device_time.localeCompare(b.device_time))
        .forEach((c) => {
          const row = rows.find((r) => Number(r.dataset.enrolment) === c.enrolment);
          if (!row) return;
          if (c.kind === "mark") mark(row, c.value);
          if (c.kind === "note") row.querySelector("textarea").value = c.value;
          if (c.kind === "signature") showSignature(row, c.value);
        });
      flush();
    });

    if (closed) return;

    form.addEventListener("change", (event) => {
      const input = event.target;
      const row = input.closest("[data-enrolment]");
      if (!row) return;
      if (input.type === "radio") {
        mark(row, input.value);
        change(row, "mark", input.value);
      }
    });

    // Notes leave when the trainer moves on (not at each key).
    form.addEventListener("focusout", (event) => {
      const input = event.target;
      if (input.tagName !== "TEXTAREA") return;
      if (input.value === input.defaultValue) return;
      input.defaultValue = input.value;
      change(input.closest("[data-enrolment]"), "note", input.value.trim());
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault(); // everything is already on its way
      if (event.submitter && "allPresent" in event.submitter.dataset) {
        rows
          .filter((row) => !row.querySelector("input[type=radio]:checked"))
          .forEach((row) => {
            mark(row, "present");
            change(row, "mark", "present");
          });
      }
    });

    // Signatures, in a dialog.
    const dialog = document.querySelector("[data-signature-dialog]");
    if (!dialog || !window.SignaturePad || !dialog.showModal) return;
    const pad = new window.SignaturePad(dialog.querySelector("[data-signature-pad]"));
    let signingRow = null;
    for (const button of form.querySelectorAll("[data-sign]")) {
      button.hidden = false;
      button.addEventListener("click", () => {
        signingRow = button.closest("[data-enrolment]");
        dialog.querySelector("[data-signature-title]").textContent = words("signature_of", nameOf(signingRow));
        pad.clear();
        dialog.showModal();
      });
    }
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

  // --- Closing: sign, but only once everything has left the tablet -------------

  function setupClose(form) {
    const pad = window.SignaturePad && new window.SignaturePad(form.querySelector("[data-signature-pad]"));
    if (!pad) return;
    form.querySelector("[data-signature-clear]").addEventListener("click", () => pad.clear());
    const blocker = form.querySelector("[data-sync-blocker]");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await flush();
      const waiting = (await outbox.all()).length;
      blocker.hidden = waiting === 0;
      if (waiting) return;
      if (pad.isEmpty()) {
        blocker.hidden = false;
        blocker.textContent = words("sign_first");
        return;
      }
      form.querySelector("[data-signature-input]").value = pad.toPath();
      form.querySelector("[data-device-time]").value = new Date().toISOString();
      form.querySelector("[data-device-id]").value = deviceId();
      form.submit();
    });
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
    if (!roster) flush();
    window.addEventListener("online", flush);
    window.addEventListener("offline", () => outbox.all().then((p) => showStatus(p.length, "offline")));
    setInterval(flush, RETRY_MS);
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register("/formateur/sw.js", { scope: "/formateur/" }).catch(() => {});
    }
  }

  window.NumixsOutbox = { flush, all: () => outbox.all() }; // for the closing page and tests
  start();
})();
