// This site's service worker, made by secondround build: it keeps these
// files on a first visit, other pages as they are read, and shows the
// offline page for any other page when there is no connection.
const VERSION = "7372135c2cfcb901";
const OFFLINE = "/offline/";
const KEEP = [
  "/",
  "/checklists/",
  "/checklists/packing/",
  "/emails/",
  "/emails/thanks/",
  "/offline/",
  "/manifest.webmanifest",
  "/_assets/css/print.f34cf6bfc1.css",
  "/_assets/css/site.a0eaacda63.css",
  "/_assets/favicon.32b300c05c.svg",
  "/_assets/icons/apple-touch-icon.d53275caa0.png",
  "/_assets/icons/icon-192.eebc8ffffc.png",
  "/_assets/icons/icon-512.722ce60fa4.png",
  "/_assets/icons/maskable-512.9b2f5f9907.png",
  "/_assets/js/checklist.f8c4870bdd.js",
  "/_assets/js/clipboard.b92ed89c7b.js",
  "/_assets/js/email.cffc9006b2.js",
  "/_assets/js/offline.b0168b44b8.js",
  "/_assets/js/paper.38e84ead5e.js",
  "/_assets/js/search.0045110cf9.js",
  "/_assets/js/site.05b042023f.js"
];

// The worker itself. The build puts before it VERSION (a hash of every
// file KEEP lists), OFFLINE (the offline page's URL) and KEEP (the URLs to
// keep on a first visit).
//
// Everything is kept in one cache per version. Pages come from the network
// first, the kept copy when there is none; files whose names hold their
// content hash (/_assets/) from the cache first, since they never change.
// A new version keeps its own files, fetches again the pages the reader
// had read, and deletes the old cache once it is in charge: a page and the
// files it links are always of one version.

const PREFIX = "secondround-";
const CACHE = PREFIX + VERSION;
// How long a page may take to arrive before the copy kept on this device
// is shown instead: with one bar of signal a request can hang for a
// minute, and a reader on the day cannot wait.
const PATIENCE_MS = 4000;
// The files that pages link to, named by their content.
const ASSETS = "/_assets/";
// The search index's files are kept as searches fetch them, never all at once.
const SEARCH = "/_assets/search/";

self.addEventListener("install", (event) => {
  event.waitUntil(install().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(activate());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  // A stream of events never ends, and a worker answering one could never
  // make way for a new version.
  if (req.method !== "GET" || req.headers.has("range") || (req.headers.get("accept") || "").includes("text/event-stream")) return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate") event.respondWith(page(event, url));
  else if (url.pathname.startsWith(ASSETS)) event.respondWith(asset(event, req));
  else event.respondWith(other(event, req, url));
});

// install keeps every file of KEEP, or fails, so that the browser tries
// again later: a page that links a file of another version (the site was
// deployed while the worker fetched) is not kept.
async function install() {
  const cache = await caches.open(CACHE);
  const kept = new Set(KEEP);
  await eachLimit(KEEP, 6, async (url) => {
    const res = await fetch(new Request(url, { cache: url.startsWith(ASSETS) ? "default" : "no-cache" }));
    if (!res.ok) throw new Error(`${url}: ${res.status} ${res.statusText}`);
    const copy = await keepable(res, kept);
    if (!copy) throw new Error(`${url} links files that are not of this version of the site`);
    await cache.put(url, copy);
  });
  await carryOver(cache, kept);
}

// carryOver fetches again, for the new version, the pages and files that
// an older one kept as they were read; what cannot be fetched now is left.
async function carryOver(cache, kept) {
  const again = new Set();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const old = await caches.open(name);
    for (const req of await old.keys()) {
      const url = new URL(req.url);
      if (url.origin === self.location.origin && !kept.has(url.pathname) && !url.pathname.startsWith(ASSETS)) again.add(url.pathname);
    }
  }
  await eachLimit([...again], 4, async (path) => {
    try {
      const res = await fetch(new Request(path, { cache: "no-cache" }));
      const copy = res.ok ? await keepable(res, kept) : null;
      if (copy) await cache.put(path, copy);
    } catch {
      // No connection, or the page is gone: it is not carried over.
    }
  });
}

async function activate() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
  await self.clients.claim();
}

// page answers a navigation: from the network, keeping what comes; from
// the kept copy when the network fails, or is slow and a copy is kept;
// else the offline page.
async function page(event, url) {
  const cache = await caches.open(CACHE);
  const key = url.pathname;
  const kept = cache.match(key).then((r) => r || (key.endsWith("/") ? undefined : cache.match(key + "/")));
  let saving = Promise.resolve();
  const network = fetch(event.request).then((res) => {
    if (res.ok && res.type === "basic" && isHTML(res)) saving = cache.put(key, res.clone());
    return res;
  });
  // The copy is kept even when the kept one was shown for being quicker.
  event.waitUntil(network.then(() => saving).catch(() => {}));
  try {
    return await Promise.race([network, patience(kept)]);
  } catch {
    return (await kept) || (await cache.match(OFFLINE)) || Response.error();
  }
}

// patience resolves with the kept copy once the network has had
// PATIENCE_MS, and never when nothing is kept.
function patience(kept) {
  return new Promise((resolve) => {
    setTimeout(() => kept.then((r) => r && resolve(r)), PATIENCE_MS);
  });
}

// asset answers a file named by its content: kept, or fetched and kept.
async function asset(event, req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && res.type === "basic") event.waitUntil(cache.put(req, res.clone()).catch(() => {}));
  return res;
}

// other answers any other file of the site (the search index's manifest,
// images beside pages): from the network, keeping it, or as kept.
async function other(event, req, url) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok && res.type === "basic") event.waitUntil(cache.put(url.pathname, res.clone()).catch(() => {}));
    return res;
  } catch (err) {
    const hit = await cache.match(url.pathname);
    if (hit) return hit;
    throw err;
  }
}

function isHTML(res) {
  return (res.headers.get("content-type") || "").includes("text/html");
}

// keepable returns a response to keep for res, or null when res is a page
// that links a file named by its content that is not among kept: a page of
// another version. A response that followed a redirect is made anew, since
// a browser refuses one as the answer to a navigation.
async function keepable(res, kept) {
  if (isHTML(res)) {
    const html = await res.clone().text();
    for (const m of html.matchAll(/="(\/_assets\/[^"?#]+)/g)) {
      if (!m[1].startsWith(SEARCH) && !kept.has(m[1])) return null;
    }
  }
  if (!res.redirected) return res;
  return new Response(await res.blob(), { status: res.status, statusText: res.statusText, headers: res.headers });
}

// eachLimit runs fn on every item, at most n at a time, and fails with the
// first failure.
async function eachLimit(items, n, fn) {
  let next = 0;
  const run = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, run));
}
