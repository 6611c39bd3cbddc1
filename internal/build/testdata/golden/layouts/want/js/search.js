// Second Round search, in the browser, from the files internal/search
// writes at build time. It reads the manifest, then for each query word one
// lexicon chunk and the posting lists of the terms it finds there, and
// fetches the text of a page only for the results on screen. Tokenising and
// ranking mirror internal/search (tokenize.go, query.go): change both.
// Results are built from text nodes only, never from index data as HTML.

const form = document.querySelector(".search-form[data-manifest]");
const page = document.getElementById("search-page");
const MAN = form && new URL(form.dataset.manifest, location.href);

// --- Words: fold case and accents, split as tokenize.go does.
const SPECIAL = { ß: "ss", ẞ: "ss", æ: "ae", Æ: "ae", œ: "oe", Œ: "oe", ø: "o", Ø: "o", ł: "l", Ł: "l", đ: "d", Đ: "d", ð: "d", Ð: "d", þ: "th", Þ: "th", ı: "i", ĸ: "k" };
const fold = (s) => s.normalize("NFD").replace(/\p{Mn}/gu, "").replace(/[ßẞæÆœŒøØłŁđĐðÐþÞıĸ]/g, (c) => SPECIAL[c]).toLowerCase();
const IDEO = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}";
const WORD = new RegExp(`[${IDEO}]|(?:(?![${IDEO}])[\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}])+`, "gu");
const words = (s) => (fold(s).match(WORD) || []).filter((w) => w.length <= 40 || [...w].length <= 40);
const len = (w) => [...w].length;

// --- Files: gzip-compressed binaries inflated here, JSON, each fetched once.
const cache = new Map();
// The manifest keeps one URL; the files it names are in the folder it gives.
let BASE = MAN;
function get(name, bin, text) {
  const url = new URL(name, BASE).href;
  if (!cache.has(url)) {
    cache.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      if (bin) return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer().then((b) => new Uint8Array(b));
      return text ? r.text().then((t) => { const i = t.indexOf("\n"); return { ...JSON.parse(t.slice(0, i)), x: t.slice(i + 1) }; }) : r.json();
    }));
    cache.get(url).catch(() => cache.delete(url));
  }
  return cache.get(url);
}
let man;
const manifest = () => (man ||= get(MAN.href).then((m) => ((BASE = new URL(m.base || ".", MAN)), (m.stopSet = new Set(m.stop.split(" "))), m)));

class Reader {
  constructor(b) { this.b = b; this.i = 0; }
  u() { let v = 0, s = 1, c; do { c = this.b[this.i++]; v += (c & 127) * s; s *= 128; } while (c > 127); return v; }
  take(n) { return this.b.subarray(this.i, (this.i += n)); }
}
const utf8 = new TextDecoder();
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const hash = (s, i) => s.slice(i * 10, i * 10 + 10);

// A lexicon chunk: its words in order, each with its term's record.
const chunks = new Map();
function chunk(m, c) {
  if (!chunks.has(c)) chunks.set(c, get(`l.${hash(m.lexh, c)}.bin`, true).then(async (b) => {
    const r = new Reader(b), shards = [], recs = [], ws = [], terms = [];
    for (let n = r.u(); n--;) shards.push(`p.${hex(r.take(5))}.bin`);
    for (let n = r.u(), i = 0; i < n; i++) {
      const df = r.u(), loc = r.u();
      if (loc) { const off = r.u(); recs.push({ df, shard: shards[loc - 1], off, key: `${shards[loc - 1]}#${off}` }); }
      else recs.push({ df, list: r.take(r.u()), key: `${c}:${i}` });
    }
    let last = new Uint8Array();
    for (let n = r.u(); n--;) {
      const shared = r.u(), suffix = r.take(r.u()), w = new Uint8Array(shared + suffix.length);
      w.set(last.subarray(0, shared)); w.set(suffix, shared);
      ws.push(utf8.decode(w)); terms.push(r.u()); last = w;
    }
    return { ws, terms, recs };
  }));
  return chunks.get(c);
}
const lastAtMost = (arr, w) => { let lo = 0, hi = arr.length; while (lo < hi) { const mid = (lo + hi) >> 1; arr[mid] <= w ? (lo = mid + 1) : (hi = mid); } return lo - 1; };

// formsOf lists the words of a chunk that share a record, for highlighting.
const formsOf = (ch, t) => ch.ws.filter((_, i) => ch.terms[i] === t);
async function lookup(m, w) {
  const c = lastAtMost(m.lex, w);
  if (c < 0) return null;
  const ch = await chunk(m, c), i = lastAtMost(ch.ws, w);
  return i >= 0 && ch.ws[i] === w ? { ...ch.recs[ch.terms[i]], forms: formsOf(ch, ch.terms[i]) } : null;
}

function oneEdit(a, b) {
  if (a.length > b.length) [a, b] = [b, a];
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const eq = (x, y) => x.join("") === y.join("");
  if (b.length === a.length) return i < a.length && (eq(a.slice(i + 1), b.slice(i + 1)) || (a[i] === b[i + 1] && a[i + 1] === b[i] && eq(a.slice(i + 2), b.slice(i + 2))));
  return b.length - a.length === 1 && eq(a.slice(i), b.slice(i + 1));
}

async function typos(m, w) {
  const [c0] = w, n = len(w), a = [...w], out = [];
  const lo = c0 + String.fromCharCode(48 + n - 1), hi = c0 + String.fromCharCode(49 + n) + "\uffff";
  for (let c = Math.max(0, lastAtMost(m.typo, lo)); c < m.typo.length && m.typo[c] < hi; c++) {
    const r = new Reader(await get(`y.${hash(m.typoh, c)}.bin`, true));
    let last = new Uint8Array();
    for (let n = r.u(); n--;) {
      const shared = r.u(), suffix = r.take(r.u()), kb = new Uint8Array(shared + suffix.length);
      kb.set(last.subarray(0, shared)); kb.set(suffix, shared);
      const k = utf8.decode((last = kb));
      if (k < lo || k > hi || [...k][0] !== c0) continue;
      const word = c0 + k.slice(c0.length + 1);
      if (oneEdit(a, [...word])) out.push(word);
    }
  }
  return out;
}

// candidates: see Searcher.candidates in query.go.
async function candidates(m, w, prefix) {
  const out = [], seen = new Set();
  const top = (cs, limit) => {
    cs.sort((x, y) => y.df - x.df);
    for (const c of cs) if (out.length < limit && !seen.has(c.key)) seen.add(c.key), out.push(c);
  };
  const exact = await lookup(m, w), n = len(w);
  if (exact) top([{ ...exact, q: 1 }], 1);
  if (prefix && n >= 2) {
    const more = [], first = Math.max(0, lastAtMost(m.lex, w));
    for (let c = first; c < m.lex.length && c < first + 2; c++) {
      if (c > first && !m.lex[c].startsWith(w)) break;
      const ch = await chunk(m, c);
      ch.ws.forEach((x, i) => {
        if (x !== w && x.startsWith(w)) more.push({ ...ch.recs[ch.terms[i]], forms: formsOf(ch, ch.terms[i]), q: 0.7 + (0.3 * n) / len(x) });
      });
    }
    top(more, out.length + 6);
  }
  if (exact || n < 4) return out;
  // Words that differ from w only in an ending of up to three characters,
  // its neighbours in the lexicon: see Searcher.forms in query.go.
  const c = lastAtMost(m.lex, w);
  if (c >= 0) {
    const ch = await chunk(m, c), i = lastAtMost(ch.ws, w) + 1, a = [...w], near = [];
    for (let k = Math.max(0, i - 2); k < Math.min(ch.ws.length, i + 2); k++) {
      const b = [...ch.ws[k]];
      let common = 0;
      while (common < a.length && common < b.length && a[common] === b[common]) common++;
      if (common >= 4 && a.length - common <= 3 && b.length - common <= 3) near.push({ ...ch.recs[ch.terms[k]], forms: formsOf(ch, ch.terms[k]), q: 0.8 });
    }
    top(near, out.length + 2);
  }
  if (out.length) return out;
  const fixes = [];
  for (const t of await typos(m, w)) {
    const c = await lookup(m, t);
    if (c) fixes.push({ ...c, q: 0.6 });
  }
  const most = Math.max(0, ...fixes.map((c) => c.df));
  top(fixes.filter((c) => c.df * 10 >= most), 5);
  return out;
}

// postings: see encodeList in encode.go. A term on more than one page in
// eight lists its pages as a bitmap.
function postings(list, df, n, fn) {
  const r = new Reader(list), docs = [];
  if (df * 8 > n) {
    const bm = r.take((n + 7) >> 3);
    for (let d = 0; d < n; d++) if (bm[d >> 3] & (1 << (d & 7))) docs.push(d);
  } else for (let i = 0, d = 0; i < df; i++) docs.push((d += r.u()));
  const meta = r.take(df), masks = r.take(df);
  docs.forEach((d, i) => fn(d, meta[i], masks[i]));
}

let filterLists;
async function allowed(m, kind, tag) {
  if (!kind && !tag) return null;
  filterLists ||= get(`f.${m.filters}.bin`, true).then((b) => {
    const r = new Reader(b), out = {};
    for (let n = r.u(); n--;) {
      const key = utf8.decode(r.take(r.u())), set = (out[key] = new Set());
      for (let k = r.u(), d = 0; k--;) set.add((d += r.u()));
    }
    return out;
  });
  const f = await filterLists, none = new Set();
  const sets = [kind && (f[`k:${kind}`] || none), tag && (f[`t:${tag}`] || none)].filter(Boolean);
  return (d) => sets.every((s) => s.has(d));
}

// search ranks the pages for a query: see Searcher.Search in query.go.
async function search(q, kind, tag) {
  const m = await manifest();
  const all = words(q), qs = [...new Set(all.filter((w) => !m.stopSet.has(w)))].slice(0, 10);
  const prefix = /[\p{L}\p{Nd}\p{M}]$/u.test(q);
  const active = (await Promise.all(qs.map((w, i) => candidates(m, w, prefix && i === qs.length - 1)))).filter((c) => c.length);
  const nq = active.length, docs = new Map(), hl = new Set();
  await Promise.all(active.flat().map(async (c) => { if (c.shard) c.list = (await get(c.shard, true)).subarray(c.off); }));
  active.forEach((cs, i) => {
    // A word's terms count as one term (see Searcher.Search).
    const df = Math.min(m.n, cs.reduce((t, c) => t + c.df, 0)), idf = Math.log(1 + (m.n - df + 0.5) / (df + 0.5));
    for (const c of cs) {
      c.forms.forEach((f) => hl.add(f));
      postings(c.list, c.df, m.n, (d, b, mask) => {
        let a = docs.get(d);
        if (!a) docs.set(d, (a = { best: new Array(nq).fill(0), title: 0, win: new Array(8).fill(0) }));
        a.best[i] = Math.max(a.best[i], ((c.q * idf * 2.2 * (b >> 3)) / 31) * (1 + (b & 1) * 0.3 + (b & 6 ? 0.1 : 0)));
        if (b & 1) a.title |= 1 << i;
        for (let w = 0; w < 8; w++) if (mask & (1 << w)) a.win[w] |= 1 << i;
      });
    }
  });
  const ok = await allowed(m, kind, tag), bits = (x) => { let n = 0; for (; x; x &= x - 1) n++; return n; };
  const hits = [];
  for (const [d, a] of docs) {
    if (ok && !ok(d)) continue;
    let base = 0, matched = 0;
    a.best.forEach((v) => { if (v > 0) (base += v), matched++; });
    const inTitle = bits(a.title);
    const prox = nq > 1 ? (Math.max(inTitle, ...a.win.map(bits)) - 1) / (nq - 1) : 0;
    let score = base * (matched / nq) ** 2 * (1 + 0.5 * prox);
    if (inTitle === nq) score *= 1.5;
    hits.push({ d, score });
  }
  hits.sort((x, y) => y.score - x.score || x.d - y.d);
  return { hits, hl, all, last: prefix && all.length ? all[all.length - 1] : "", m };
}

// A page's document is a line of JSON, then its text.
const doc = (m, d) => get(`d.${m.docs}/${d}.txt`, false, true);

// --- Showing results: text nodes and <mark> elements, nothing else.
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; };

// marked appends s to parent with the query's words marked. A stop word of
// the query is marked too when it joins two marked words ("thank-you note").
function marked(parent, s, res) {
  const stop = new Set(res.all.filter((w) => res.m.stopSet.has(w))), parts = [];
  let at = 0;
  for (const mt of s.matchAll(WORD)) {
    const f = fold(mt[0]);
    const hit = res.hl.has(f) || (res.last.length > 1 && f.startsWith(res.last)) ? 2 : stop.has(f) ? 1 : 0;
    parts.push([s.slice(at, mt.index), ""], [mt[0], hit]);
    at = mt.index + mt[0].length;
  }
  parts.push([s.slice(at), ""]);
  parts.forEach((p, i) => {
    if (p[1] === 1) p[1] = parts[i - 2]?.[1] === 2 && parts[i + 2]?.[1] === 2 ? 2 : 0;
  });
  let open = null;
  parts.forEach(([t, hit], i) => {
    const joins = hit === "" && open && parts[i + 1]?.[1] === 2 && /^[\s\-–—'’]+$/.test(t);
    if (hit === 2 || joins) { open ||= parent.appendChild(el("mark")); open.append(t); }
    else { open = null; if (t) parent.append(t); }
  });
}

// excerpt picks the stretch of about 28 words of the text that holds the
// most of the query's words.
function excerpt(text, res) {
  const ms = [...text.matchAll(WORD)];
  if (!ms.length) return "";
  const hit = ms.map((mt) => { const f = fold(mt[0]); return res.hl.has(f) || (res.last.length > 1 && f.startsWith(res.last)) ? f : ""; });
  let best = -1, from = 0;
  for (let i = 0; i < ms.length; i++) {
    if (!hit[i]) continue;
    const seen = new Set(hit.slice(Math.max(0, i - 8), i + 20).filter(Boolean));
    if (seen.size > best) (best = seen.size), (from = Math.max(0, i - 8));
  }
  const to = Math.min(ms.length - 1, from + 27), end = ms[to].index + ms[to][0].length;
  return (from ? "… " : "") + text.slice(ms[from].index, end).replace(/\s+/g, " ") + (end < text.trim().length ? " …" : "");
}

async function render(res, n) {
  const shown = await Promise.all(res.hits.slice(0, n).map((h) => doc(res.m, h.d)));
  return shown.map((d) => {
    const li = el("li", "search-hit"), a = el("a", "search-hit-title");
    a.href = d.u;
    marked(a, d.t, res);
    const meta = el("p", "search-hit-meta");
    meta.append(el("span", `kind-badge kind-${d.k}`, res.m.kinds[d.k] || d.k));
    if (d.g) meta.append(el("span", "search-hit-tags", d.g.join(", ")));
    const ex = el("p", "search-hit-excerpt");
    marked(ex, excerpt(d.x.replace(/\n+/g, " · "), res) || d.s || "", res);
    li.append(a, meta, ex);
    return li;
  });
}

// --- The two places search lives: the header's box, with results under
// it as the reader types, and the /search/ page, with filters in the URL.
// Results are a list of links: the arrow keys move the focus through them
// and back to the box, Enter follows the focused one, Escape closes.
function setup(input, list, status, opts) {
  const ui = { seq: 0, n: opts.n };
  let timer, lastRun = 0;
  const open = (on) => opts.popup && (opts.popup.hidden = !on);
  async function run() {
    const seq = ++ui.seq, q = input.value, [kind, tag] = opts.filters ? opts.filters() : [];
    opts.state?.(q, kind, tag);
    const say = (t) => { status.textContent = t; if (opts.note) (opts.note.textContent = t), (opts.note.hidden = !t); };
    if (!words(q).length) { list.replaceChildren(); list.hidden = true; say(""); open(false); list.dataset.q = q; opts.more && (opts.more.hidden = true); return; }
    try {
      const res = await search(q, kind, tag);
      const items = await render(res, ui.n);
      if (seq !== ui.seq) return;
      const n = res.hits.length;
      if (opts.popup && n > ui.n) {
        const li = el("li", "search-hit search-all"), a = el("a", "", `See all ${n} results`);
        a.href = `/search/?q=${encodeURIComponent(q)}`;
        li.append(a);
        items.push(li);
      }
      list.replaceChildren(...items);
      list.hidden = !items.length;
      if (opts.more) opts.more.hidden = n <= ui.n;
      say(n ? `${n} result${n > 1 ? "s" : ""} for “${q.trim()}”` : `No results for “${q.trim()}”. Try fewer words, or another spelling.`);
      if (opts.note) opts.note.hidden = n > 0;
      open(true);
      list.dataset.q = q;
    } catch (err) {
      if (seq === ui.seq) status.textContent = "Search is not available right now.";
      console.error(err);
    }
  }
  // Search at once when the reader pauses between keys, and at most every
  // 60 ms while keys come faster (holding a key, pasting).
  ui.run = () => {
    clearTimeout(timer);
    timer = setTimeout(() => { lastRun = performance.now(); run(); }, Math.max(0, lastRun + 60 - performance.now()));
  };
  input.addEventListener("input", ui.run);
  const box = opts.popup ? opts.popup.closest("form") : list.parentElement;
  input.addEventListener("focus", (e) => { manifest().catch(() => {}); if (list.children.length && !box.contains(e.relatedTarget)) open(true); });
  box.addEventListener("keydown", (e) => {
    const links = [...list.querySelectorAll("a")], at = links.indexOf(document.activeElement);
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && links.length && (at >= 0 || e.target === input)) {
      e.preventDefault();
      open(true);
      const next = at + (e.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
    } else if (e.key === "Escape" && opts.popup && !opts.popup.hidden) {
      e.preventDefault();
      open(false);
      input.focus();
    }
  });
  list.addEventListener("click", (e) => {
    const li = e.target.closest("li");
    if (li && !e.target.closest("a")) li.querySelector("a").click();
  });
  if (opts.popup) box.addEventListener("focusout", (e) => {
    if (!box.contains(e.relatedTarget)) open(false);
  });
  return ui;
}

if (form) {
  const input = form.querySelector("input[type=search]");
  const popup = form.querySelector(".search-popup");
  setup(input, popup.querySelector("ul"), document.getElementById("search-status"), { popup, n: 6, note: popup.querySelector(".search-note") });
  let pageUI;
  if (page) {
    const pinput = document.getElementById("search-page-input"), filters = page.querySelector(".search-filters");
    const kindOf = () => page.querySelector("input[name=kind]:checked")?.value || "", tagSel = page.querySelector("select[name=tag]");
    const url = (q, kind, tag) => {
      const p = new URLSearchParams();
      if (q) p.set("q", q);
      if (kind) p.set("kind", kind);
      if (tag) p.set("tag", tag);
      return `${location.pathname}${p.size ? "?" + p : ""}`;
    };
    const fromURL = () => {
      const p = new URLSearchParams(location.search);
      pinput.value = p.get("q") || "";
      const k = page.querySelector(`input[name=kind][value="${CSS.escape(p.get("kind") || "")}"]`);
      if (k) k.checked = true;
      tagSel.value = p.get("tag") || "";
      if (tagSel.selectedIndex < 0) tagSel.value = "";
    };
    const more = document.getElementById("search-more");
    filters.hidden = false;
    pageUI = setup(pinput, document.getElementById("search-page-results"), document.getElementById("search-page-status"), {
      n: 20,
      more,
      filters: () => [kindOf(), tagSel.value],
      state: (q, kind, tag) => { const u = url(q, kind, tag); if (u !== location.pathname + location.search) history.replaceState(null, "", u); },
    });
    filters.addEventListener("change", () => {
      history.pushState(null, "", url(pinput.value, kindOf(), tagSel.value));
      pageUI.run();
    });
    page.querySelector("form").addEventListener("submit", (e) => { e.preventDefault(); pageUI.run(); });
    more.addEventListener("click", () => { pageUI.n += 20; pageUI.run(); });
    addEventListener("popstate", () => { fromURL(); pageUI.run(); });
    fromURL();
    pageUI.run();
  }
  // "/" focuses the search box from anywhere but a field.
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    (page ? document.getElementById("search-page-input") : input).focus();
  });
}
