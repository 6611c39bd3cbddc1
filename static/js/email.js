// Second Round: sample emails. Progressive enhancement: the email reads,
// prints and opens in a mail app without this script.
//
// Filling in ([data-email] and the form in template[data-email-fill]):
// each distinct [Placeholder] has a field; the email shows what the reader
// types as they type it, and a blank left empty keeps its [Placeholder].
// A blank that is a sentence of its own may be left out, and its line goes
// with it. What the reader types is kept in this browser (localStorage,
// never sent anywhere) by the placeholder's words, so that [Your name]
// typed on one email is filled in on the next; "Clear my details" forgets
// it all.
// Copy ([data-copy-email]) puts "Subject: ...", a blank line and the body
// on the clipboard as plain text, as filled in; "Open in mail app"
// ([data-mailto]) follows what is filled in too.

import { copyText } from "./clipboard.js";

const STORE_KEY = "secondround:details";

function storage() {
  try {
    const s = window.localStorage;
    const probe = STORE_KEY + ":probe";
    s.setItem(probe, "1");
    s.removeItem(probe);
    return s;
  } catch {
    return null; // private mode or storage turned off: details last until reload
  }
}

// Details are what the reader typed, by blank key, and the blanks they
// chose to leave out.
function loadDetails(store) {
  const empty = { v: 1, values: {}, left: {} };
  if (!store) return empty;
  try {
    const d = JSON.parse(store.getItem(STORE_KEY) || "null");
    if (!d || typeof d.values !== "object" || !d.values) return empty;
    return { v: 1, values: d.values, left: d.left && typeof d.left === "object" ? d.left : {} };
  } catch {
    return empty;
  }
}

function saveDetails(store, details) {
  if (!store) return;
  try {
    if (Object.keys(details.values).length === 0 && Object.keys(details.left).length === 0) store.removeItem(STORE_KEY);
    else store.setItem(STORE_KEY, JSON.stringify(details));
  } catch {
    // Storage full: the details still fill this page.
  }
}

// lineText is one line of the email as it will be sent: filled blanks as
// typed, blanks left out gone, and the space they leave tidied.
function lineText(line) {
  let text = "";
  let leftOut = false;
  for (const node of line.childNodes) {
    if (node instanceof HTMLElement && node.classList.contains("is-left-out")) {
      leftOut = true;
      continue;
    }
    text += node.textContent;
  }
  if (!leftOut) return text;
  const end = text.endsWith("\n") ? "\n" : "";
  return text.replace(/(\S) {2,}/g, "$1 ").replace(/\s+$/, "") + end;
}

function bodyText(body) {
  if (!body) return "";
  const lines = body.querySelectorAll(".email-line");
  if (lines.length === 0) return body.textContent;
  let text = "";
  for (const line of lines) if (!line.classList.contains("is-left-out")) text += lineText(line);
  return text;
}

function emailParts(email) {
  const subject = email.querySelector("[data-email-subject]");
  return {
    subject: subject ? lineText(subject).trim() : null,
    body: bodyText(email.querySelector("[data-email-body]")).replace(/\s+$/, ""),
  };
}

function emailText(email) {
  const { subject, body } = emailParts(email);
  return subject !== null ? `Subject: ${subject}\n\n${body}\n` : `${body}\n`;
}

// mailto is the link that opens the email in the reader's mail app, as
// render.Mailto makes it: RFC 6068 percent-encoding, CRLF line breaks.
function mailto(email) {
  const { subject, body } = emailParts(email);
  const enc = (s) => encodeURIComponent(s.replace(/\r\n/g, "\n").replace(/\n/g, "\r\n"));
  return `mailto:?subject=${enc(subject || "")}&body=${enc(body)}`;
}

// tidyLines hides the lines whose every word was left out, and then a
// blank line that would follow another, so that leaving out a paragraph
// leaves one blank line, as the author spaced it.
function tidyLines(body) {
  if (!body) return;
  let prevBlank = true;
  let dropped = false;
  for (const line of body.querySelectorAll(".email-line")) {
    const outs = line.querySelectorAll(".placeholder.is-left-out");
    let rest = "";
    for (const node of line.childNodes) {
      if (!(node instanceof HTMLElement && node.classList.contains("is-left-out"))) rest += node.textContent;
    }
    const words = rest.replace(/^[\s\-*•+]+/, "").trim();
    const blank = line.textContent.trim() === "";
    let hide = outs.length > 0 && words === "";
    if (!hide && blank && prevBlank && dropped) hide = true;
    line.classList.toggle("is-left-out", hide);
    if (hide) {
      dropped = dropped || outs.length > 0;
      continue;
    }
    if (!blank) dropped = false;
    prevBlank = blank;
  }
}

function setupFill(email, tpl, store, refresh) {
  const form = tpl.content.firstElementChild?.cloneNode(true);
  if (!(form instanceof HTMLFormElement)) return null;
  const fields = [...form.querySelectorAll("[data-blank]")];
  const leaves = [...form.querySelectorAll("[data-leave-out]")];
  const spans = [...email.querySelectorAll(".placeholder[data-blank]")];
  const status = form.querySelector("[data-clear-status]");
  let details = loadDetails(store);

  const show = () => {
    const values = new Map(fields.map((f) => [f.dataset.blank, f.value.replace(/\s+/g, " ").trim()]));
    const left = new Set(leaves.filter((b) => b.checked).map((b) => b.dataset.leaveOut));
    for (const span of spans) {
      const key = span.dataset.blank;
      if (!span.dataset.text) span.dataset.text = span.textContent;
      const value = values.get(key) || "";
      const out = left.has(key);
      span.textContent = value && !out ? value : span.dataset.text;
      span.classList.toggle("is-filled", Boolean(value) && !out);
      span.classList.toggle("is-left-out", out);
    }
    for (const f of fields) f.disabled = left.has(f.dataset.blank);
    tidyLines(email.querySelector("[data-email-body]"));
    refresh();
  };
  const fill = () => {
    for (const f of fields) f.value = details.values[f.dataset.blank] || "";
    for (const b of leaves) b.checked = Boolean(details.left[b.dataset.leaveOut]);
    show();
  };

  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("input", (e) => {
    const f = e.target;
    if (!(f instanceof HTMLInputElement || f instanceof HTMLTextAreaElement)) return;
    if (f.dataset.blank !== undefined) {
      const v = f.value.trim() ? f.value : "";
      if (v) details.values[f.dataset.blank] = v;
      else delete details.values[f.dataset.blank];
    } else if (f.dataset.leaveOut !== undefined) {
      if (f.checked) details.left[f.dataset.leaveOut] = true;
      else delete details.left[f.dataset.leaveOut];
    }
    saveDetails(store, details);
    if (status) status.textContent = "";
    show();
  });
  // Another tab filling in another email.
  window.addEventListener("storage", (e) => {
    if (e.key !== STORE_KEY && e.key !== null) return;
    details = loadDetails(store);
    fill();
  });
  form.querySelector("[data-clear-details]")?.addEventListener("click", () => {
    details = { v: 1, values: {}, left: {} };
    if (store) store.removeItem(STORE_KEY);
    fill();
    if (status) status.textContent = "Cleared: nothing you typed is kept in this browser now.";
  });
  if (!store) {
    const note = form.querySelector("[data-kept-note]");
    if (note) note.textContent = "This browser does not let the page keep what you type: it fills this email only, until you leave the page.";
  }

  // The fields and the email side by side on a wide screen, the fields
  // first on a narrow one; the buttons under the email they act on.
  const workspace = document.createElement("div");
  workspace.className = "email-workspace";
  email.before(workspace);
  workspace.append(form, email);
  fill();
  // The labels of the blanks still to fill in, for the status after Copy.
  const unfilled = () => {
    const open = new Set(spans.filter((s) => !s.classList.contains("is-filled") && !s.classList.contains("is-left-out")).map((s) => s.dataset.blank));
    return fields.filter((f) => open.has(f.dataset.blank)).map((f) => (f.labels?.[0]?.textContent || f.dataset.blank).trim());
  };
  return { workspace, unfilled };
}

function setupEmail() {
  const email = document.querySelector("[data-email]");
  if (!email) return;
  const button = document.querySelector("[data-copy-email]");
  const link = document.querySelector("[data-mailto]");
  const status = document.querySelector("[data-copy-status]");
  const actions = document.querySelector("[data-email-actions]");
  const refresh = () => {
    if (link) link.href = mailto(email);
  };
  const tpl = document.querySelector("template[data-email-fill]");
  const fill = tpl instanceof HTMLTemplateElement ? setupFill(email, tpl, storage(), refresh) : null;
  if (fill && actions) fill.workspace.append(actions);

  if (!button) return;
  let timer = 0;
  button.addEventListener("click", async () => {
    const ok = await copyText(emailText(email));
    if (!status) return;
    const left = fill ? fill.unfilled() : [];
    if (!ok) status.textContent = "Could not copy: select the email and copy it by hand.";
    else if (left.length === 0) status.textContent = fill ? "Copied, filled in: subject and body." : "Copied: subject and body, placeholders kept.";
    else status.textContent = `Copied. Still to fill in: ${left.join(", ")}.`;
    clearTimeout(timer);
    timer = setTimeout(() => {
      status.textContent = "";
    }, 8000);
  });
  button.hidden = false;
}

setupEmail();
