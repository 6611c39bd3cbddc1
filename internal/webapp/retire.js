// The preview server's service worker (secondround serve). A site built
// with secondround and served on this address before, a deployed copy
// tried out locally, say, left a worker that keeps its pages: this one
// replaces it, deletes what it kept, unregisters itself and reloads the
// pages it was in charge of, so that they come from the preview server.

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("secondround-")) await caches.delete(name);
      }
      await self.registration.unregister();
      for (const client of await self.clients.matchAll({ type: "window" })) {
        client.navigate(client.url).catch(() => {});
      }
    })(),
  );
});
