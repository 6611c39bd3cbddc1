// Second Round: checklists. Progressive enhancement: the
// pages read, print and tick without this script; it adds what needs one.
//
// Checklists ([data-checklist]): ticks are kept per page in localStorage
// and come back after a reload; progress reads "3 of 12 done" in a live
// region, beside a bar; Reset clears the ticks and offers Undo for
// UNDO_SECONDS (no confirm() dialog to answer); Print prints as ticked,
// Print blank prints every box empty and puts the ticks back afterwards.

const STORE_PREFIX = "secondround:checklist:";
// How long Undo is offered after Reset. It stays while the reader's focus
// or pointer is on it.
const UNDO_SECONDS = 15;

// The tools are hidden in the HTML so that a reader without JavaScript
// never sees buttons that do nothing.
function reveal(selector) {
  for (const el of document.querySelectorAll(selector)) el.hidden = false;
}

function storage() {
  try {
    const s = window.localStorage;
    const probe = STORE_PREFIX + "probe";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return null; // private mode or storage turned off: ticks last until reload
  }
}

function labelText(box) {
  const label = box.id ? document.querySelector(`label[for="${CSS.escape(box.id)}"]`) : null;
  return (label ? label.textContent : "").replace(/\s+/g, " ").trim();
}

function setupChecklist(root) {
  const boxes = [...root.querySelectorAll("input.task-check[type=checkbox]")];
  if (boxes.length === 0) return;
  const store = storage();
  const key = STORE_PREFIX + location.pathname;
  const progress = root.querySelector("[data-progress]");
  const meter = root.querySelector("[data-meter]");
  const resetButton = root.querySelector("[data-reset]");

  // Saved state is keyed by box id and remembers the item's text, so that
  // when an author inserts or rewrites an item, a tick is dropped rather
  // than moved onto the wrong item.
  function load() {
    if (!store) return;
    let saved;
    try {
      saved = JSON.parse(store.getItem(key) || "null");
    } catch {
      saved = null;
    }
    const items = saved && typeof saved.items === "object" && saved.items ? saved.items : {};
    for (const box of boxes) {
      const s = items[box.id];
      box.checked = s && s.t === labelText(box) ? Boolean(s.c) : box.defaultChecked;
    }
  }

  function save() {
    if (!store) return;
    const items = {};
    for (const box of boxes) items[box.id] = { c: box.checked, t: labelText(box) };
    try {
      store.setItem(key, JSON.stringify({ v: 1, items }));
    } catch {
      // Storage full: the ticks still show on this page.
    }
  }

  function update() {
    const done = boxes.filter((b) => b.checked).length;
    if (progress) progress.textContent = `${done} of ${boxes.length} done`;
    if (meter) meter.value = done / boxes.length;
    // Nothing to reset: the button says so by being unavailable.
    if (resetButton) resetButton.disabled = boxes.every((b) => b.checked === b.defaultChecked);
    root.classList.toggle("checklist-complete", done === boxes.length);
  }

  const undo = undoBar(
    root,
    (was) => {
      boxes.forEach((b, i) => {
        b.checked = was[i];
      });
      save();
    },
    () => update(),
  );

  load();
  update();
  root.addEventListener("change", (e) => {
    if (!(e.target instanceof HTMLInputElement) || !e.target.classList.contains("task-check")) return;
    save();
    update();
  });
  // Another tab ticking the same checklist.
  window.addEventListener("storage", (e) => {
    if (e.key !== key) return;
    load();
    update();
  });

  resetButton?.addEventListener("click", () => {
    const was = boxes.map((b) => b.checked);
    const changed = boxes.filter((b) => b.checked !== b.defaultChecked).length;
    if (changed === 0) return;
    if (store) store.removeItem(key);
    for (const box of boxes) box.checked = box.defaultChecked;
    undo.offer(was, changed === 1 ? "1 tick cleared." : `${changed} ticks cleared.`);
    update();
  });

  root.querySelector("[data-print]")?.addEventListener("click", () => window.print());

  root.querySelector("[data-print-blank]")?.addEventListener("click", () => {
    const was = boxes.map((b) => b.checked);
    for (const box of boxes) box.checked = false;
    const restore = () => {
      boxes.forEach((b, i) => {
        b.checked = was[i];
      });
      update();
    };
    // print() returns when the dialog closes in most browsers, but not in
    // all: restore on afterprint, which every engine fires once printing
    // is done with the page.
    window.addEventListener("afterprint", restore, { once: true });
    window.print();
  });

  reveal("[data-checklist-tools]");
}

// undoBar shows "N ticks cleared. Undo" after a Reset for UNDO_SECONDS,
// and calls restore with the ticks as they were if the reader asks; closed
// is called when the offer ends either way. A new Reset replaces the offer.
function undoBar(root, restore, closed) {
  const bar = root.querySelector("[data-undo-bar]");
  const message = bar?.querySelector("[data-undo-message]");
  const button = bar?.querySelector("[data-undo]");
  let was = null;
  let timer = 0;
  const held = () => bar.matches(":hover") || bar.contains(document.activeElement);
  const end = () => {
    clearTimeout(timer);
    was = null;
    const focused = bar.contains(document.activeElement);
    bar.classList.remove("is-open");
    message.textContent = "";
    button.hidden = true;
    if (focused) root.querySelector("[data-reset]")?.focus();
  };
  const expire = () => {
    // Not while the reader is about to press it: look again shortly.
    if (held()) {
      timer = setTimeout(expire, 1000);
      return;
    }
    end();
    closed();
  };
  if (!bar || !message || !button) return { active: () => false, offer() {} };
  button.addEventListener("click", () => {
    const ticks = was;
    end();
    if (ticks) restore(ticks);
    closed();
  });
  return {
    active: () => was !== null,
    offer(ticks, text) {
      was = ticks;
      message.textContent = text;
      button.hidden = false;
      bar.classList.add("is-open");
      clearTimeout(timer);
      timer = setTimeout(expire, UNDO_SECONDS * 1000);
    },
  };
}

for (const root of document.querySelectorAll("[data-checklist]")) setupChecklist(root);
