// Second Round: reading offline. Registers the service worker (the build's
// /sw.js, named by this script's data-service-worker), which keeps the
// pages a reader needs on the day; see internal/webapp. Not in the preview
// server, whose pages change as the author saves.
//
// On the offline page ([data-offline-read]) it adds the pages the worker
// kept as they were read, and says why the page is showing when it stands
// in for one that is not kept.

const PREFIX = "secondround-";

function register() {
  const script = document.querySelector("script[data-service-worker]");
  const preview = document.querySelector("script[data-secondround-preview]");
  if (!script || preview || !("serviceWorker" in navigator)) return;
  const go = () => {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: "/" }).catch(() => {
      // Storage turned off, or a browser that refuses: the site works online.
    });
  };
  // After the page has what it needs: the worker fetches some hundreds of
  // kilobytes, which must not slow the first page down.
  if (document.readyState === "complete") go();
  else window.addEventListener("load", go, { once: true });
}

// titleOf reads a kept page's title, without the site's name after it.
async function titleOf(res) {
  const doc = new DOMParser().parseFromString(await res.text(), "text/html");
  const title = doc.querySelector("h1")?.textContent || doc.title || "";
  return title.replace(/\s+/g, " ").trim();
}

async function listRead(section) {
  const list = section.querySelector("[data-offline-read-list]");
  if (!list || !("caches" in window)) return;
  const listed = new Set([...document.querySelectorAll(".offline-page a[href^='/']")].map((a) => new URL(a.href).pathname));
  listed.add(location.pathname);
  listed.add(section.dataset.offlineRead); // this page, when it stands in for another
  const pages = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) continue;
    const cache = await caches.open(name);
    for (const req of await cache.keys()) {
      const url = new URL(req.url);
      if (url.origin !== location.origin || !url.pathname.endsWith("/") || listed.has(url.pathname)) continue;
      const res = await cache.match(req);
      if (!res || !(res.headers.get("content-type") || "").includes("text/html")) continue;
      listed.add(url.pathname);
      pages.push({ url: url.pathname, title: (await titleOf(res)) || url.pathname });
    }
  }
  pages.sort((a, b) => a.title.localeCompare(b.title));
  for (const p of pages) {
    const li = document.createElement("li");
    li.className = "page-card";
    const a = document.createElement("a");
    a.className = "page-card-title";
    a.href = p.url;
    a.textContent = p.title;
    li.append(a);
    list.append(li);
  }
  section.hidden = pages.length === 0;
}

function explain(status, offlineURL) {
  if (!status) return;
  if (location.pathname !== offlineURL) {
    status.textContent = "There is no connection, and this device has not kept the page you asked for. The pages below open all the same.";
  } else if (!navigator.onLine) {
    status.textContent = "There is no connection. The pages below open all the same.";
  } else if (!("serviceWorker" in navigator)) {
    status.textContent = "This browser does not keep pages to read offline: these pages open only with a connection.";
  } else {
    return;
  }
  status.hidden = false;
}

register();
const read = document.querySelector("[data-offline-read]");
if (read) {
  explain(document.querySelector("[data-offline-status]"), read.dataset.offlineRead || "/offline/");
  listRead(read).catch(() => {});
}
