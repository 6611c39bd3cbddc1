// Second Round preview: reloads the page after a rebuild that changed it,
// swaps stylesheets without a reload when only their CSS changed, keeps the scroll
// position, and shows build problems over the page until they are fixed.
(() => {
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

  let overlay = null;
  const hideOverlay = () => { if (overlay) { overlay.remove(); overlay = null; } };
  const showOverlay = (problems) => {
    hideOverlay();
    if (!problems.length) return;
    overlay = document.createElement("div");
    overlay.id = "secondround-problems";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build problems");
    const box = document.createElement("div");
    box.className = "sr-problems-box";
    const h = document.createElement("h2");
    h.textContent = problems.length === 1 ? "The site has a problem" : `The site has ${problems.length} problems`;
    box.append(h);
    const note = document.createElement("p");
    note.textContent = "The last good version is still served. Fix the file and save: this page reloads by itself.";
    box.append(note);
    const list = document.createElement("ol");
    for (const p of problems) {
      const li = document.createElement("li");
      const where = document.createElement("code");
      where.className = "sr-where";
      where.textContent = p.line ? `${p.file}:${p.line}${p.col ? ":" + p.col : ""}` : p.file;
      const msg = document.createElement("span");
      msg.textContent = ": " + p.message;
      li.append(where, msg);
      if (p.source) {
        const pre = document.createElement("pre");
        const gutter = String(p.line);
        pre.textContent = `${gutter} | ${p.source}`;
        if (p.col) {
          // The caret keeps the line's tabs, so that it lines up under them.
          const pad = [...p.source].slice(0, p.col - 1).map((c) => (c === "\t" ? "\t" : " ")).join("");
          pre.textContent += `\n${" ".repeat(gutter.length)} | ${pad}^`;
        }
        li.append(pre);
      }
      if (p.hint) {
        const hint = document.createElement("p");
        hint.className = "sr-hint";
        hint.textContent = p.hint;
        li.append(hint);
      }
      list.append(li);
    }
    box.append(list);
    overlay.append(box);
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = "/_secondround/overlay.css";
    overlay.prepend(style);
    document.body.append(overlay);
  };

  const events = new EventSource("/_secondround/events");
  events.addEventListener("problems", (e) => showOverlay(JSON.parse(e.data)));
  events.addEventListener("fixed", () => { hideOverlay(); reload(); });
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
