/* Service worker of the trainer area (served from /formateur/ so that it controls it).
   Pages: network first, the last copy when offline. Assets: from the cache.
   Posts are never cached: changes wait in the page's outbox (IndexedDB).
   "Mes séances" keeps today's and tomorrow's sittings in PAGES (roster.js); that
   cache outlives a new version of the assets, and logging out empties both. */
const CACHE = "numixs-formateur-{{ version }}";
const PAGES = "numixs-formateur-pages";
const ASSETS = {{ assets|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("numixs-formateur-") && k !== CACHE && k !== PAGES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate" && url.pathname.startsWith("/formateur/") && !url.pathname.endsWith(".pdf")) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(PAGES).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() =>
          caches.match(request, { ignoreSearch: true, ignoreVary: true }).then(
            (hit) =>
              hit ||
              new Response(
                "<!doctype html><html lang=fr><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
                  "<title>Hors connexion</title><main style='font:1.2rem system-ui;padding:1rem'>" +
                  "<h1>Hors connexion</h1><p>Cette page n'a pas été ouverte sur cette tablette avec du réseau. " +
                  "Ouvrez les séances du jour quand le réseau est là : elles resteront disponibles hors connexion.</p>" +
                  "<p><a href='/formateur/'>Mes séances</a></p></main>",
                { headers: { "Content-Type": "text/html; charset=utf-8" } }
              )
          )
        )
    );
  }
});
