// The service worker: the app shell and the word lists from a versioned cache (works offline, replaced whole
// on a new version), the conference program from a cache revalidated with ETag, the user's own API calls
// never cached.
const VERSION = "11";
const SHELL_CACHE = `shell-${VERSION}`;
const PROGRAM_CACHE = "program";
// The word lists (roles, follow-up actions...): the same for everyone, changed only by a release.
const WORDS = "/api/v1/meta";
const SHELL = [
  "/", "/app/main.js?v=11", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png",
  "/icons/icon-maskable-512.png", WORDS,
  "/app/api.js", "/app/app.js", "/app/conflicts.js", "/app/context.js", "/app/indicator.js", "/app/program.js",
  "/app/router.js", "/app/store.js", "/app/sync.js", "/app/ui.js", "/app/words.js",
  "/app/screens/admin.js", "/app/screens/followups.js", "/app/screens/login.js", "/app/screens/met.js",
  "/app/screens/people.js", "/app/screens/person.js", "/app/screens/schedule.js", "/app/screens/settings.js",
  "/app/screens/targets.js", "/app/screens/today.js", "/app/screens/longgame.js",
  "/app/downloads.js", "/app/replies.js", "/app/scanned.js", "/app/screens/card.js", "/app/screens/scan.js",
  "/app/agenda.js", "/app/questions.js", "/app/screens/agenda.js",
  "/app/screens/board.js",
];
// Pages that are the app; other pages (the API document, a summary preview) come from the server.
const SHELL_PAGES = new Set(["/", "/index.html"]);
// The program lists and items anyone may read; /api/v1/me/... is the user's and is never cached here.
const PROGRAM = /^\/api\/v1\/(conferences|programs|sessions\/|speakers\/)/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload" }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("shell-") && n !== SHELL_CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (request.mode === "navigate" && SHELL_PAGES.has(url.pathname)) event.respondWith(shell());
  else if (url.pathname === WORDS) event.respondWith(kept(event));
  else if (PROGRAM.test(url.pathname)) event.respondWith(revalidated(request));
  else if (!url.pathname.startsWith("/api/")) event.respondWith(cacheFirst(request));
});

/** The shell for every page load, so the app opens offline; fetched once when missing. */
async function shell() {
  const cache = await caches.open(SHELL_CACHE);
  return (await cache.match("/")) || fetch("/");
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

/** The word lists at once from the shell's copy (a screen never waits on a slow network for them), which is
 * then refreshed in the background for the next load. */
async function kept(event) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(WORDS);
  const refreshed = refresh(cache, cached);
  if (!cached) return refreshed;
  event.waitUntil(refreshed.catch(() => {}));
  return cached;
}

/** Ask the server with the copy's ETag (a 304 costs nothing) and keep a changed answer. */
async function refresh(cache, cached) {
  const headers = new Headers({ Accept: "application/json" });
  const etag = cached?.headers.get("ETag");
  if (etag) headers.set("If-None-Match", etag);
  const response = await fetch(WORDS, { headers, credentials: "same-origin", cache: "no-store" });
  if (response.status === 304 && cached) return cached;
  if (response.ok) await cache.put(WORDS, response.clone());
  return response;
}

/** The program: ask the server with the cached copy's ETag (a 304 costs nothing), fall back to the copy offline. */
async function revalidated(request) {
  const cache = await caches.open(PROGRAM_CACHE);
  const cached = await cache.match(request);
  const headers = new Headers(request.headers);
  const etag = cached?.headers.get("ETag");
  if (etag) headers.set("If-None-Match", etag);
  try {
    const response = await fetch(request.url, { headers, credentials: "same-origin", cache: "no-store" });
    if (response.status === 304 && cached) return cached;
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}
