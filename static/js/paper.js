// Second Round: the pages a reader fills in to print. Progressive
// enhancement: without this script each page reads and prints as it is.
//
// Briefing sheets ([data-briefing]): a recruiter fills in the fields and
// sends the sheet as a link, or prints it. Without the script the fields
// can be typed in and printed; with it, what is typed is kept in the
// address's fragment as it is typed (#company=Acme&interviewers.1.1=Sam),
// which browsers never send to a server, so that the address is the link
// to send; Copy link copies it, Clear empties the sheet (with Undo), and a
// sheet opened from a link says so.
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

// How long Undo is offered after Clear.
const UNDO_SECONDS = 15;

for (const root of document.querySelectorAll("[data-briefing]")) setupBriefing(root);
for (const root of document.querySelectorAll("[data-pack]")) setupPack(root);

function setupBriefing(root) {
  const form = root.querySelector("[data-briefing-form]");
  const tools = root.querySelector("[data-briefing-tools]");
  const status = root.querySelector("[data-briefing-status]");
  const clearButton = root.querySelector("[data-briefing-clear]");
  const undoButton = root.querySelector("[data-briefing-undo]");
  if (!form || !tools || !status) return;
  const controls = [...form.querySelectorAll("input[name], textarea[name]")];
  const byName = new Map(controls.map((c) => [c.name, c]));

  // values maps each filled field's name to what was typed, without the
  // spaces and blank lines at its end.
  const values = () =>
    Object.fromEntries(
      controls.map((c) => [c.name, c.value.replace(/\s+$/, "")]).filter(([, v]) => v !== ""),
    );

  function fill(v) {
    for (const c of controls) c.value = v[c.name] ?? "";
    for (const c of controls) fit(c);
  }

  // save writes the sheet into the address, in the order of the fields.
  function save() {
    const v = values();
    const params = new URLSearchParams();
    for (const c of controls) if (v[c.name]) params.set(c.name, v[c.name]);
    const text = params.toString();
    const want = text ? "#" + text : "";
    if (location.hash !== want && (want || location.hash.includes("="))) {
      history.replaceState(history.state, "", location.pathname + location.search + want);
    }
  }

  // load fills the sheet from the address; it returns how many fields it
  // filled and how many names of the link the sheet does not have.
  function load() {
    const hash = location.hash.slice(1);
    if (!hash.includes("=")) return { filled: 0, unknown: 0 };
    const v = {};
    let unknown = 0;
    for (const [name, value] of new URLSearchParams(hash)) {
      if (byName.has(name)) v[name] = value;
      else unknown++;
    }
    fill(v);
    return { filled: Object.keys(v).length, unknown };
  }

  let undo = null;
  let undoTimer = 0;
  function endUndo() {
    clearTimeout(undoTimer);
    undo = null;
    if (!undoButton) return;
    const focused = document.activeElement === undoButton;
    undoButton.hidden = true;
    if (focused) clearButton?.focus();
  }

  form.addEventListener("input", (e) => {
    if (e.target instanceof HTMLTextAreaElement) fit(e.target);
    if (undo) endUndo();
    save();
  });
  root.querySelector("[data-briefing-print]")?.addEventListener("click", () => window.print());
  root.querySelector("[data-briefing-copy]")?.addEventListener("click", async () => {
    save();
    const empty = Object.keys(values()).length === 0;
    const ok = await copyText(location.href);
    status.textContent = !ok
      ? "Could not copy the link: copy the address from the address bar, which holds the sheet."
      : empty
        ? "Link copied, to a blank sheet: nothing is filled in yet."
        : "Link copied. It holds what you typed, and nothing was sent anywhere: send it to the candidate.";
  });
  clearButton?.addEventListener("click", () => {
    const was = values();
    if (Object.keys(was).length === 0) {
      status.textContent = "The sheet is already blank.";
      return;
    }
    fill({});
    save();
    undo = was;
    status.textContent = "Sheet cleared.";
    if (undoButton) {
      undoButton.hidden = false;
      undoButton.focus();
    }
    clearTimeout(undoTimer);
    undoTimer = setTimeout(endUndo, UNDO_SECONDS * 1000);
  });
  undoButton?.addEventListener("click", () => {
    const was = undo;
    endUndo();
    if (!was) return;
    fill(was);
    save();
    status.textContent = "Sheet restored.";
  });
  window.addEventListener("hashchange", () => report(load()));

  function report({ filled, unknown }) {
    const parts = [];
    if (filled > 0) parts.push("Filled in from the link: print it, or keep the link, which holds everything shown here.");
    if (unknown > 0) parts.push(unknown === 1 ? "One entry of the link is not on this sheet any more." : `${unknown} entries of the link are not on this sheet any more.`);
    status.textContent = parts.join(" ");
  }

  report(load());
  for (const c of controls) fit(c);
  tools.hidden = false;
}

// fit grows a textarea with what is typed in it, never below the rows the
// sheet gives it. (On paper, print.css sizes it to its text.)
function fit(el) {
  if (!(el instanceof HTMLTextAreaElement)) return;
  el.style.height = "";
  if (el.scrollHeight > el.clientHeight) el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
}


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
