// Second Round: the pages a reader fills in to print. Progressive
// enhancement: without this script each page reads and prints as it is.
//
// Print packs made to order ([data-pack]): without the script a pack lists
// its checklists and prints every one of them, one to a page. With it, the
// reader chooses the checklists (labelled boxes, all ticked at first) and
// may fill in a cover: a candidate's name, the interview date, a note.
// The choice lives in the address's fragment, which browsers never send to
// a server, so the link can be sent to a candidate and opened anywhere:
//
//   #c=checklists-on-the-day,checklists-what-to-bring&name=Sam&date=2027-03-04&note=...
//
// c lists the chosen checklists by id; without it, every checklist is
// chosen. The page shows, and printing gives, the chosen checklists alone;
// the cover is printed only when one of its fields holds something.

for (const root of document.querySelectorAll("[data-pack]")) setupPack(root);

function setupPack(root) {
  const form = root.querySelector("[data-pack-chooser]");
  const picks = [...root.querySelectorAll("[data-pack-pick]")];
  const items = new Map([...root.querySelectorAll("[data-pack-item]")].map((el) => [el.dataset.packItem, el]));
  const fields = Object.fromEntries([...root.querySelectorAll("[data-pack-field]")].map((el) => [el.name, el]));
  const cover = root.querySelector("[data-pack-cover]");
  const status = root.querySelector("[data-pack-status]");
  const printButton = root.querySelector("[data-pack-print]");
  if (!form || picks.length === 0 || !cover || !status) return;

  // The state the page shows, read from the controls.
  function state() {
    return {
      chosen: picks.filter((p) => p.checked).map((p) => p.value),
      name: fields.name.value.trim(),
      date: fields.date.value,
      note: fields.note.value.trim(),
    };
  }

  // fragment writes the state as the address's fragment: "" when it is
  // the page's own (every checklist, no cover), so that the plain address
  // stays plain.
  function fragment(s) {
    const params = new URLSearchParams();
    if (s.chosen.length !== picks.length) params.set("c", s.chosen.join(","));
    for (const key of ["name", "date", "note"]) if (s[key]) params.set(key, s[key]);
    const text = params.toString();
    return text ? "#" + text : "";
  }

  // load reads the fragment into the controls. A fragment without "=" is
  // a link to one of the checklists (#checklists-on-the-day), not a
  // choice. It returns how many chosen ids the page does not have.
  function load() {
    const hash = location.hash.slice(1);
    if (!hash.includes("=")) return 0;
    const params = new URLSearchParams(hash);
    let missing = 0;
    if (params.has("c")) {
      const chosen = new Set(params.get("c").split(",").filter(Boolean));
      for (const p of picks) p.checked = chosen.delete(p.value);
      missing = chosen.size;
    } else {
      for (const p of picks) p.checked = true;
    }
    for (const [key, el] of Object.entries(fields)) el.value = params.get(key) || "";
    return missing;
  }

  function update(note) {
    const s = state();
    for (const [id, item] of items) item.hidden = !s.chosen.includes(id);
    const hasCover = Boolean(s.name || s.date || s.note);
    fillCover(cover, s, picks);
    cover.hidden = !hasCover;
    if (printButton) printButton.disabled = s.chosen.length === 0;
    status.textContent = (note ? note + " " : "") + summary(s.chosen.length, hasCover);
    const want = fragment(s);
    if (location.hash !== want && (want || location.hash.includes("="))) {
      history.replaceState(history.state, "", location.pathname + location.search + want);
    }
  }

  form.addEventListener("input", () => update());
  form.addEventListener("change", () => update());
  form.addEventListener("submit", (e) => e.preventDefault());
  root.querySelector("[data-pack-all]")?.addEventListener("click", () => {
    for (const p of picks) p.checked = true;
    update();
  });
  root.querySelector("[data-pack-none]")?.addEventListener("click", () => {
    for (const p of picks) p.checked = false;
    update();
  });
  printButton?.addEventListener("click", () => window.print());
  root.querySelector("[data-pack-copy]")?.addEventListener("click", async () => {
    update();
    const ok = await copyText(location.href);
    status.textContent = ok
      ? "Link copied. It holds your choice and the cover, and opens this pack as you see it; nothing was sent anywhere."
      : "Could not copy the link: copy the address from the address bar, which holds your choice.";
  });
  window.addEventListener("hashchange", () => {
    const missing = load();
    update(missingNote(missing));
  });

  const missing = load();
  form.hidden = false;
  root.querySelector("[data-pack-contents]")?.setAttribute("hidden", "");
  update(missingNote(missing));
}

function missingNote(n) {
  if (n === 0) return "";
  return n === 1 ? "One checklist in the link is no longer on this site." : `${n} checklists in the link are no longer on this site.`;
}

// summary says what printing gives.
function summary(chosen, hasCover) {
  if (chosen === 0) return "Choose at least one checklist to print.";
  const lists = chosen === 1 ? "1 checklist" : `${chosen} checklists`;
  const pages = chosen + (hasCover ? 1 : 0);
  return `Prints ${pages === 1 ? "1 page" : `${pages} pages`}: ${hasCover ? "a cover and " : ""}${lists}, one to a page.`;
}

// fillCover writes the cover's text: the name as its title when there is
// one, the date in words, the note, and the chosen checklists.
function fillCover(cover, s, picks) {
  const title = cover.querySelector("[data-cover-title]");
  const date = cover.querySelector("[data-cover-date]");
  const note = cover.querySelector("[data-cover-note]");
  const list = cover.querySelector("[data-cover-list]");
  if (title) {
    title.dataset.packTitle ??= title.textContent;
    title.textContent = s.name ? `Checklists for ${s.name}` : title.dataset.packTitle;
  }
  if (date) {
    date.textContent = s.date ? `Interview: ${longDate(s.date)}` : "";
    date.hidden = !s.date;
  }
  if (note) {
    note.textContent = s.note;
    note.hidden = !s.note;
  }
  if (list) {
    list.replaceChildren(
      ...picks
        .filter((p) => p.checked)
        .map((p) => {
          const li = document.createElement("li");
          li.textContent = p.labels[0]?.textContent ?? p.value;
          return li;
        }),
    );
  }
}

// longDate writes a date input's value (2027-03-04) as the site writes
// dates, day first: Thursday 4 March 2027. A value that is not a date is
// left as it is.
function longDate(value) {
  const d = new Date(value + "T00:00:00Z");
  if (Number.isNaN(d.getTime())) return value;
  const lang = document.documentElement.lang || "en";
  const parts = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).formatToParts(d);
  const part = (type) => parts.find((p) => p.type === type)?.value ?? "";
  return lang.startsWith("en") ? `${part("weekday")} ${part("day")} ${part("month")} ${part("year")}` : parts.map((p) => p.value).join("");
}

// copyText writes text to the clipboard: the async Clipboard API where the
// page may use it, else a selected, off-screen textarea and execCommand.
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the old way.
    }
  }
  const active = document.activeElement;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  if (active instanceof HTMLElement) active.focus();
  return ok;
}
