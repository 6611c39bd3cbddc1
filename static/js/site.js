// Second Round: progressive enhancements. Every page reads and works
// without this script. ("/" to focus the search box lives in search.js,
// with the rest of search.)
//
// - Contents ([data-toc]): open beside the text on a wide screen, where
//   the summary is a label rather than a toggle, and the link to the
//   section in view marked with aria-current.
// - Menu (.site-menu): closes on Escape, on a click outside it, and when
//   the window grows wide enough to show the sections in the header.
// - Back to top ([data-to-top]): hidden on a page shorter than two
//   screens; on a longer one it floats at the bottom of the window once
//   the reader is a screen down.

const wide = window.matchMedia("(min-width: 64rem)");

// onScroll calls fn at most once a frame while the page scrolls or the
// window changes size, and once now.
function onScroll(fn) {
  let queued = false;
  const queue = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      fn();
    });
  };
  window.addEventListener("scroll", queue, { passive: true });
  window.addEventListener("resize", queue, { passive: true });
  fn();
}

function setupTOC(toc) {
  const summary = toc.querySelector("summary");
  const links = [...toc.querySelectorAll('a[href^="#"]')];
  const targets = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));

  // On a wide screen the contents are always shown: the details is open
  // so that assistive technology hears the truth, and its summary, which
  // would hide the list, is neither clickable nor in the tab order.
  const fit = () => {
    if (wide.matches) toc.open = true;
    else if (toc.dataset.openedWide === "1") toc.open = false;
    toc.dataset.openedWide = wide.matches ? "1" : "";
    if (summary) summary.tabIndex = wide.matches ? -1 : 0;
  };
  summary?.addEventListener("click", (e) => {
    if (wide.matches) e.preventDefault();
  });
  wide.addEventListener("change", fit);
  fit();

  // The section being read is the last whose heading has passed a line
  // near the top of the window (140 px, or a third of a short window); at
  // the very bottom of the page, the last one.
  let current = null;
  const mark = () => {
    const line = Math.min(window.innerHeight / 3, 140);
    let at = -1;
    targets.forEach((t, i) => {
      if (t && t.getBoundingClientRect().top <= line) at = i;
    });
    const bottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    if (bottom && targets.length) at = targets.length - 1;
    const link = at >= 0 ? links[at] : null;
    if (link === current) return;
    current?.removeAttribute("aria-current");
    link?.setAttribute("aria-current", "true");
    current = link;
    if (link && wide.matches) reveal(link);
  };
  // A long list scrolls inside the sticky contents: keep the marked link
  // in its view, without scrolling the page (as scrollIntoView would).
  const reveal = (link) => {
    if (toc.scrollHeight <= toc.clientHeight) return;
    const box = toc.getBoundingClientRect();
    const r = link.getBoundingClientRect();
    const margin = 48;
    if (r.top < box.top + margin) toc.scrollTop -= box.top + margin - r.top;
    else if (r.bottom > box.bottom - margin) toc.scrollTop += r.bottom - box.bottom + margin;
  };
  onScroll(mark);
}

function setupMenu(menu) {
  const close = () => {
    menu.open = false;
  };
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || !menu.open) return;
    const inside = menu.contains(document.activeElement);
    close();
    if (inside) menu.querySelector("summary")?.focus();
  });
  document.addEventListener("click", (e) => {
    if (menu.open && !menu.contains(e.target)) close();
  });
  // Tabbing out of the open menu closes it, as clicking away does.
  menu.addEventListener("focusout", (e) => {
    if (menu.open && e.relatedTarget instanceof Node && !menu.contains(e.relatedTarget)) close();
  });
  wide.addEventListener("change", () => {
    if (wide.matches) close();
  });
}

function setupToTop(el) {
  onScroll(() => {
    const h = window.innerHeight;
    const long = document.documentElement.scrollHeight > 2 * h;
    el.classList.toggle("is-short", !long);
    el.classList.toggle("is-floating", long && window.scrollY > h);
  });
}

for (const toc of document.querySelectorAll("[data-toc]")) setupTOC(toc);
for (const menu of document.querySelectorAll(".site-menu")) setupMenu(menu);
for (const el of document.querySelectorAll("[data-to-top]")) setupToTop(el);
