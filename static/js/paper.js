// Second Round: the pages a reader fills in to print. Progressive
// enhancement: without this script each page reads and prints as it is.
//
// Both keep what the reader chose or typed in the address's fragment, as
// they go. Browsers never send a fragment to a server, so nothing leaves
// the browser, and the address is a link to send: opened anywhere, it
// shows the page as it was.
//
// Briefing sheets ([data-briefing]): a recruiter fills in the fields and
// sends the sheet as a link, or prints it. Without the script the fields
// can still be typed in and printed. With it, the fragment holds each
// filled field by name (#company=Acme&interviewers.1.1=Sam); Copy link
// copies the address, Clear empties the sheet (with Undo), and a sheet
// opened from a link says so.
//
// Print packs made to order ([data-pack]): without the script a pack lists
// its checklists and prints every one of them, one to a page. With it, the
// reader chooses the checklists (labelled boxes, all ticked at first) and
// may fill in a cover: a candidate's name, the interview date, a note.
//
//   #c=checklists-on-the-day,checklists-what-to-bring&name=Sam&date=2027-03-04&note=...
//
// c lists the chosen checklists by id; without it, every checklist is
// chosen. The page shows, and printing gives, the chosen checklists alone;
// the cover is printed only when one of its fields holds something.

import { copyText } from "./clipboard.js";

// How long Undo is offered after Clear.
const UNDO_SECONDS = 15;

for (const root of document.querySelectorAll("[data-briefing]")) setupBriefing(root);
for (const root of document.querySelectorAll("[data-pack]")) setupPack(root);

// fragmentParams returns the address's fragment as parameters, or null
// when it holds none: a fragment without "=" is a link to a part of the
// page (#checklists-on-the-day).
function fragmentParams() {
  const hash = location.hash.slice(1);
  return hash.includes("=") ? new URLSearchParams(hash) : null;
}

// keepInAddress makes params the address's fragment, in place of the
// current history entry; no params leave the address plain.
function keepInAddress(params) {
  // Commas need no escaping in a fragment, and read better in a link.
  const text = params.toString().replaceAll("%2C", ",");
  const want = text ? "#" + text : "";
  if (location.hash !== want && (want || location.hash.includes("="))) {
    history.replaceState(history.state, "", location.pathname + location.search + want);
  }
}

// copyLink copies the address and says how that went in status, with
// done as the message when it worked.
async function copyLink(status, done) {
  const ok = await copyText(location.href);
  status.textContent = ok ? done : "Could not copy the link: copy the address from the address bar, which holds the same.";
}

function setupBriefing(root) {
  const form = root.querySelector("[data-briefing-form]");
  const tools = root.querySelector("[data-briefing-tools]");
  const status = root.querySelector("[data-briefing-status]");
  if (!form || !tools || !status) return;
  const sheet = briefingSheet(form);
  const save = () => keepInAddress(sheet.params());
  const undo = undoOffer(root.querySelector("[data-briefing-undo]"), root.querySelector("[data-briefing-clear]"));

  form.addEventListener("input", (e) => {
    if (e.target instanceof HTMLTextAreaElement) fit(e.target);
    undo.end();
    save();
  });
  root.querySelector("[data-briefing-print]")?.addEventListener("click", () => window.print());
  root.querySelector("[data-briefing-copy]")?.addEventListener("click", () => {
    save();
    copyLink(
      status,
      sheet.empty()
        ? "Link copied, to a blank sheet: nothing is filled in yet."
        : "Link copied. It holds what you typed, and nothing was sent anywhere: send it to the candidate.",
    );
  });
  root.querySelector("[data-briefing-clear]")?.addEventListener("click", () => {
    if (sheet.empty()) {
      status.textContent = "The sheet is already blank.";
      return;
    }
    const was = sheet.values();
    sheet.fill({});
    save();
    status.textContent = "Sheet cleared.";
    undo.offer(() => {
      sheet.fill(was);
      save();
      status.textContent = "Sheet restored.";
    });
  });
  const load = () => {
    const { filled, unknown } = sheet.load(fragmentParams());
    status.textContent = loadedNote(filled, unknown);
  };
  window.addEventListener("hashchange", load);
  load();
  tools.hidden = false;
}

// briefingSheet reads and fills the fields of a sheet, by name.
function briefingSheet(form) {
  const controls = [...form.querySelectorAll("input[name], textarea[name]")];
  const byName = new Map(controls.map((c) => [c.name, c]));
  // values maps each filled field's name to what was typed, without the
  // spaces and blank lines at its end.
  const values = () =>
    Object.fromEntries(controls.map((c) => [c.name, c.value.replace(/\s+$/, "")]).filter(([, v]) => v !== ""));
  const fill = (v) => {
    for (const c of controls) {
      c.value = v[c.name] ?? "";
      fit(c);
    }
  };
  return {
    values,
    fill,
    empty: () => Object.keys(values()).length === 0,
    // params are the filled fields, in the sheet's order.
    params() {
      const v = values();
      return new URLSearchParams(controls.filter((c) => v[c.name]).map((c) => [c.name, v[c.name]]));
    },
    // load fills the sheet from params (none: as it is) and counts the
    // fields it filled and the names the sheet does not have.
    load(params) {
      if (!params) return { filled: 0, unknown: 0 };
      const v = {};
      let unknown = 0;
      for (const [name, value] of params) {
        if (byName.has(name)) v[name] = value;
        else unknown++;
      }
      fill(v);
      return { filled: Object.keys(v).length, unknown };
    },
  };
}

function loadedNote(filled, unknown) {
  const parts = [];
  if (filled > 0) parts.push("Filled in from the link: print it, or keep the link, which holds everything shown here.");
  if (unknown === 1) parts.push("One entry of the link is not on this sheet any more.");
  if (unknown > 1) parts.push(`${unknown} entries of the link are not on this sheet any more.`);
  return parts.join(" ");
}

// undoOffer shows button for UNDO_SECONDS after offer, calling restore if
// it is pressed; end takes the offer back. The focus goes to the button
// while it shows, and back to home when it goes from under the focus.
function undoOffer(button, home) {
  let restore = null;
  let timer = 0;
  const end = () => {
    clearTimeout(timer);
    restore = null;
    if (!button || button.hidden) return;
    const focused = document.activeElement === button;
    button.hidden = true;
    if (focused) home?.focus();
  };
  button?.addEventListener("click", () => {
    const r = restore;
    end();
    r?.();
  });
  return {
    end,
    offer(fn) {
      if (!button) return;
      restore = fn;
      button.hidden = false;
      button.focus();
      clearTimeout(timer);
      timer = setTimeout(end, UNDO_SECONDS * 1000);
    },
  };
}

// fit grows a textarea with what is typed in it, never below the rows the
// sheet gives it. (On paper, print.css sizes it to its text.)
function fit(el) {
  if (!(el instanceof HTMLTextAreaElement)) return;
  el.style.height = "";
  if (el.scrollHeight > el.clientHeight) el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
}

function setupPack(root) {
  const chooser = root.querySelector("[data-pack-chooser]");
  const picks = [...root.querySelectorAll("[data-pack-pick]")];
  const fields = Object.fromEntries([...root.querySelectorAll("[data-pack-field]")].map((el) => [el.name, el]));
  const cover = root.querySelector("[data-pack-cover]");
  const status = root.querySelector("[data-pack-status]");
  if (!chooser || picks.length === 0 || !cover || !status) return;
  const items = new Map([...root.querySelectorAll("[data-pack-item]")].map((el) => [el.dataset.packItem, el]));
  const printButton = root.querySelector("[data-pack-print]");

  // The reader's choice, as the controls hold it.
  const state = () => ({
    chosen: picks.filter((p) => p.checked).map((p) => p.value),
    name: fields.name.value.trim(),
    date: fields.date.value,
    note: fields.note.value.trim(),
  });

  function update(note) {
    const s = state();
    for (const [id, item] of items) item.hidden = !s.chosen.includes(id);
    const hasCover = Boolean(s.name || s.date || s.note);
    fillCover(cover, s, picks);
    cover.hidden = !hasCover;
    if (printButton) printButton.disabled = s.chosen.length === 0;
    status.textContent = (note ? note + " " : "") + summary(s.chosen.length, hasCover);
    keepInAddress(packParams(s, picks.length));
  }

  const load = () => update(missingNote(loadPack(fragmentParams(), picks, fields)));
  chooser.addEventListener("input", () => update());
  chooser.addEventListener("change", () => update());
  const tickAll = (on) => () => {
    for (const p of picks) p.checked = on;
    update();
  };
  root.querySelector("[data-pack-all]")?.addEventListener("click", tickAll(true));
  root.querySelector("[data-pack-none]")?.addEventListener("click", tickAll(false));
  printButton?.addEventListener("click", () => window.print());
  root.querySelector("[data-pack-copy]")?.addEventListener("click", () => {
    update();
    copyLink(status, "Link copied. It holds your choice and the cover, and opens this pack as you see it; nothing was sent anywhere.");
  });
  window.addEventListener("hashchange", load);
  load();
  chooser.hidden = false;
  root.querySelector("[data-pack-contents]")?.setAttribute("hidden", "");
}

// packParams writes a pack's state: c only when some checklists are left
// out, so that the pack's own state is its plain address.
function packParams(s, all) {
  const params = new URLSearchParams();
  if (s.chosen.length !== all) params.set("c", s.chosen.join(","));
  for (const key of ["name", "date", "note"]) if (s[key]) params.set(key, s[key]);
  return params;
}

// loadPack sets the controls from params (none: as they are), and returns
// how many chosen ids the pack does not have.
function loadPack(params, picks, fields) {
  if (!params) return 0;
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
  list?.replaceChildren(
    ...picks
      .filter((p) => p.checked)
      .map((p) => {
        const li = document.createElement("li");
        li.textContent = p.labels[0]?.textContent ?? p.value;
        return li;
      }),
  );
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
