// Second Round preview: reloads the page after a rebuild that changed it,
// swaps stylesheets without a reload when only their CSS changed, keeps the scroll
// position, and shows build problems in a panel at the bottom of the window
// until they are fixed (the reader may close it until the next failing build).
// It also removes a service worker left on this address by a deployed copy.
(() => {
  // A service worker of a deployed copy of the site, tried on this address
  // before, would answer with the pages it kept: the preview unregisters
  // it, forgets what it kept, and reloads a page it answered. (The
  // preview's /sw.js retires such a worker too, when the browser next
  // checks for a new one.)
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.getRegistrations().then(async (regs) => {
      for (const r of regs) await r.unregister();
      if (window.caches) {
        for (const name of await caches.keys()) if (name.startsWith("secondround-")) await caches.delete(name);
      }
      const once = "secondround:worker-retired";
      if (navigator.serviceWorker.controller && !sessionStorage.getItem(once)) {
        sessionStorage.setItem(once, "1");
        location.reload();
      }
    }).catch(() => {});
  }

  const key = "secondround:scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore, { once: true });
  }

  const here = () => {
    let p = location.pathname;
    if (p.endsWith("/index.html")) p = p.slice(0, -"index.html".length);
    return p;
  };

  const reload = () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };

  const swapCSS = () => {
    // The new stylesheet has a new fingerprinted name: fetch the page to
    // learn it, then swap the link elements in place.
    fetch(location.href, { cache: "no-store" })
      .then((r) => r.text())
      .then((html) => {
        const doc = new DOMParser().parseFromString(html, "text/html");
        const fresh = [...doc.querySelectorAll('link[rel="stylesheet"]')];
        const old = [...document.querySelectorAll('link[rel="stylesheet"]')];
        if (fresh.length !== old.length) return reload();
        old.forEach((link, i) => { link.href = fresh[i].getAttribute("href"); });
      })
      .catch(reload);
  };

  // The problems panel sits at the bottom of the window, over the page
  // but not in its way: the page above still scrolls and works. Close
  // hides it until the next failing build; a small button brings it back.
  let overlay = null;
  let dismissed = null; // the problems the reader closed, as sent
  let replay = false; // the next problems event repeats the last build's
  const hideOverlay = () => { if (overlay) { overlay.remove(); overlay = null; } };
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };
  const showOverlay = (problems, data) => {
    hideOverlay();
    if (!problems.length) return;
    overlay = el("section");
    overlay.id = "secondround-problems";
    overlay.setAttribute("aria-labelledby", "sr-problems-title");
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = "/_secondround/overlay.css";
    overlay.append(style);
    const title = problems.length === 1 ? "The site has a problem" : `The site has ${problems.length} problems`;

    const box = el("div", "sr-problems-box");
    const head = el("div", "sr-problems-head");
    const h = el("h2", "", title);
    h.id = "sr-problems-title";
    const close = el("button", "sr-problems-close");
    close.type = "button";
    close.setAttribute("aria-label", "Close the list of problems");
    close.textContent = "×";
    head.append(h, close);
    // Heard once, when the problems arrive.
    const note = el("p", "sr-problems-note", "The last good version is still served. Fix the file and save: this page reloads by itself.");
    note.setAttribute("role", "alert");
    const list = el("ol");
    for (const p of problems) {
      const li = el("li");
      const where = p.line ? `${p.file}:${p.line}${p.col ? ":" + p.col : ""}` : p.file;
      li.append(el("code", "sr-where", where), el("span", "", ": " + p.message));
      if (p.source) {
        const gutter = String(p.line);
        let text = `${gutter} | ${p.source}`;
        if (p.col) {
          // The caret keeps the line's tabs, so that it lines up under them.
          const pad = [...p.source].slice(0, p.col - 1).map((c) => (c === "\t" ? "\t" : " ")).join("");
          text += `\n${" ".repeat(gutter.length)} | ${pad}^`;
        }
        li.append(el("pre", "", text));
      }
      if (p.hint) li.append(el("p", "sr-hint", p.hint));
      list.append(li);
    }
    box.append(head, note, list);

    const reopen = el("button", "sr-problems-reopen", title);
    reopen.type = "button";
    const setClosed = (closed, focus) => {
      box.hidden = closed;
      reopen.hidden = !closed;
      overlay.classList.toggle("is-closed", closed);
      if (focus) (closed ? reopen : close).focus();
    };
    close.addEventListener("click", () => {
      dismissed = data;
      setClosed(true, true);
    });
    reopen.addEventListener("click", () => setClosed(false, true));
    overlay.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !box.hidden) close.click();
    });
    overlay.append(box, reopen);
    document.body.append(overlay);
    setClosed(dismissed === data, false);
  };

  const events = new EventSource("/_secondround/events");
  // On connecting, the server replays the last build's problems: after a
  // dropped connection those are the ones the reader may have closed, and
  // they stay closed. Any other problems event is a new failing build.
  events.addEventListener("open", () => { replay = true; });
  events.addEventListener("problems", (e) => {
    if (!replay) dismissed = null;
    replay = false;
    showOverlay(JSON.parse(e.data), e.data);
  });
  events.addEventListener("fixed", () => { replay = false; dismissed = null; hideOverlay(); reload(); });
  events.addEventListener("change", (e) => {
    // Pages listed changed; others may only link to a new version of a
    // stylesheet, which is swapped in place, or of a data file, whose old
    // version stays served.
    const change = JSON.parse(e.data);
    if (change.pages.includes(here())) return reload();
    if (change.css) swapCSS();
  });
  window.__secondround = { events };
})();
