// Second Round search, in the browser, from the files internal/search
// writes at build time. A query reads the manifest, one lexicon chunk per
// word and the posting lists of the terms it finds there; a result's title,
// kind and tags come from its small meta file, fetched as soon as the
// result is on the list; the text its snippet is cut from is fetched only
// for results on screen once the reader stops typing, once a visit.
// Tokenising and ranking mirror internal/search (tokenize.go, query.go):
// change both. Results are built from text nodes only, never from index
// data as HTML.

const form = document.querySelector(".search-form[data-manifest]");
const MAN = form && new URL(form.dataset.manifest, location.href);

// --- Words: fold case and accents, split as tokenize.go does.
const SPECIAL = { ß: "ss", ẞ: "ss", æ: "ae", Æ: "ae", œ: "oe", Œ: "oe", ø: "o", Ø: "o", ł: "l", Ł: "l", đ: "d", Đ: "d", ð: "d", Ð: "d", þ: "th", Þ: "th", ı: "i", ĸ: "k" };
// ASCII, most words, only needs lower case: snippets fold every word of a page.
const fold = (s) => (/^[\0-\x7f]*$/.test(s) ? s.toLowerCase() : s.normalize("NFD").replace(/\p{Mn}/gu, "").replace(/[ßẞæÆœŒøØłŁđĐðÐþÞıĸ]/g, (c) => SPECIAL[c]).toLowerCase());
const IDEO = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}";
const WORD = new RegExp(`[${IDEO}]|(?:(?![${IDEO}])[\\p{L}\\p{Nd}\\p{Mn}\\p{Mc}])+`, "gu");
const words = (s) => (fold(s).match(WORD) || []).filter((w) => w.length <= 40 || [...w].length <= 40);
const len = (w) => [...w].length;
const QUOTES = /["“”„]/;
// See maxWords, minPrefix and the ranking constants in query.go.
const MAX_WORDS = 10, MIN_PREFIX = 3;
// FIRST results fill a screen: the list is painted when their titles are here.
const FIRST = 6;

// --- Files: gzip-compressed binaries inflated here, and JSON; each
// fetched once a visit (the host caches the content-named ones for good).
const cache = new Map();
// The manifest keeps one URL; the files it names are in the folder it gives.
let BASE = MAN;
function get(name, bin) {
  const url = new URL(name, BASE).href;
  if (!cache.has(url)) {
    cache.set(url, fetch(url).then((r) => {
      if (!r.ok) throw new Error(`${url}: ${r.status}`);
      return bin ? new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer().then((b) => new Uint8Array(b)) : r.json();
    }));
    cache.get(url).catch(() => cache.delete(url));
  }
  return cache.get(url);
}
let man;
function manifest() {
  man ||= get(MAN.href).then((m) => ((BASE = new URL(m.base || ".", MAN)), (m.stopSet = new Set(m.stop.split(" "))), m));
  // Offline a moment ago: the next query tries again.
  man.catch(() => (man = null));
  return man;
}
// A result's title, kind and tags; and the text its snippet is cut from,
// whose fetch its caller may cancel (it is then fetched again if needed).
const known = new Map();
const meta = (m, d) => (known.has(d) ? Promise.resolve(known.get(d)) : get(`m.${m.meta}/${d}.json`).then((x) => (known.set(d, x), x)));
const texts = new Map(), here = new Map();
function text(m, d, signal) {
  const url = new URL(`d.${m.docs}/${d}.txt`, BASE).href;
  if (!texts.has(url)) {
    texts.set(url, fetch(url, { signal }).then((r) => { if (!r.ok) throw new Error(`${url}: ${r.status}`); return r.text(); }).then((x) => (here.set(d, x), x)));
    texts.get(url).catch(() => texts.delete(url));
  }
  return texts.get(url);
}

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

// A candidate: a term's record, the words of the term (all in one chunk:
// see chunks in encode.go) to highlight, and the word it was found by.
const cand = (ch, i, q) => ({ ...ch.recs[ch.terms[i]], forms: ch.ws.filter((_, k) => ch.terms[k] === ch.terms[i]), word: ch.ws[i], q });
async function lookup(m, w) {
  const c = lastAtMost(m.lex, w);
  if (c < 0) return null;
  const ch = await chunk(m, c), i = lastAtMost(ch.ws, w);
  return i >= 0 && ch.ws[i] === w ? cand(ch, i, 1) : null;
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

// parse: see parseQuery in query.go.
function parse(q, stop) {
  const out = [], seen = new Set();
  let last = "";
  q.split(QUOTES).forEach((seg, i) => {
    for (const w of words(seg)) {
      last = w;
      if (stop.has(w) || seen.has(w) || out.length === MAX_WORDS) continue;
      seen.add(w);
      out.push({ w, exact: i % 2 === 1, prefix: false });
    }
  });
  const end = out[out.length - 1];
  if (end && /[\p{L}\p{Nd}\p{M}]$/u.test(q) && end.w === last && !end.exact) end.prefix = true;
  return out;
}

// candidates: see Searcher.candidates in query.go.
async function candidates(m, { w, exact: quoted, prefix }) {
  const out = [], seen = new Set();
  const top = (cs, limit) => {
    cs.sort((x, y) => y.df - x.df);
    for (const c of cs) if (out.length < limit && !seen.has(c.key)) seen.add(c.key), out.push(c);
  };
  const exact = await lookup(m, w), n = len(w);
  if (exact) top([exact], 1);
  if (quoted) return { cs: out };
  if (prefix && n >= MIN_PREFIX) {
    const more = [], first = Math.max(0, lastAtMost(m.lex, w));
    for (let c = first; c < m.lex.length && c < first + 2; c++) {
      if (c > first && !m.lex[c].startsWith(w)) break;
      const ch = await chunk(m, c);
      ch.ws.forEach((x, i) => { if (x !== w && x.startsWith(w)) more.push(cand(ch, i, 0.7 + (0.3 * n) / len(x))); });
    }
    top(more, out.length + 6);
  }
  if (exact || n < 4 || out.length) return { cs: out };
  // Words that differ from w only in an ending of up to three characters,
  // the closest first: see Searcher.forms in query.go.
  const a = [...w], p = a.slice(0, Math.max(4, a.length - 3)).join(""), last = lastAtMost(m.lex, w), near = [];
  for (let c = Math.max(0, lastAtMost(m.lex, p), last - 1); c <= last; c++) {
    const ch = await chunk(m, c);
    let k = lastAtMost(ch.ws, p);
    if (k < 0 || ch.ws[k] !== p) k++;
    for (; k < ch.ws.length && ch.ws[k].startsWith(p); k++) {
      const b = [...ch.ws[k]];
      let common = 0;
      while (common < a.length && common < b.length && a[common] === b[common]) common++;
      if (a.length - common <= 3 && b.length - common <= 3) near.push({ c: cand(ch, k, 0.8), common, rest: a.length + b.length - 2 * common });
    }
  }
  near.sort((x, y) => y.common - x.common || x.rest - y.rest || y.c.df - x.c.df);
  const forms = [];
  for (const { c } of near) if (forms.length < 2 && !forms.some((f) => f.key === c.key)) forms.push(c);
  if (forms.length) return { cs: forms, fix: forms[0].word };
  const fixes = [];
  for (const t of await typos(m, w)) {
    const c = await lookup(m, t);
    if (c) fixes.push({ ...c, q: 0.6 });
  }
  const most = Math.max(0, ...fixes.map((c) => c.df));
  top(fixes.filter((c) => c.df * 10 >= most), 5);
  return { cs: out, fix: out.length ? out[0].word : "" };
}

// postings: see encodeList in encode.go. A term on more than one page in
// eight lists its pages as a bitmap. Decoded lists are kept: typing
// searches the same terms again and again.
const lists = new Map();
async function postings(m, c) {
  if (!lists.has(c.key)) lists.set(c.key, (c.shard ? get(c.shard, true).then((b) => b.subarray(c.off)) : Promise.resolve(c.list)).then((list) => {
    const r = new Reader(list), docs = new Int32Array(c.df), n = m.n;
    if (c.df * 8 > n) {
      const bm = r.take((n + 7) >> 3);
      for (let d = 0, k = 0; d < n && k < c.df; d++) if (bm[d >> 3] & (1 << (d & 7))) docs[k++] = d;
    } else for (let i = 0, d = 0; i < c.df; i++) docs[i] = d += r.u();
    // A term on more than half the pages has no window masks: all set.
    const meta = r.take(c.df);
    return { docs, meta, masks: c.df * 2 > n ? new Uint8Array(c.df).fill(255) : r.take(c.df) };
  }));
  return lists.get(c.key);
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

// weigh adds up a query word's postings, its terms counted as one (see
// Searcher.Search): per page its best weight, whether the title holds it,
// and the stretches of the body that do. The sums are kept for the words
// the reader's next keystrokes leave as they are: typing "second interview
// q…" weighs "second" and "interview" once.
const weighed = new Map();
async function weigh(m, cs, live) {
  const key = cs.map((c) => `${c.key}@${c.q}`).join(" ");
  if (!weighed.has(key)) {
    const lists = await Promise.all(cs.map((c) => postings(m, c)));
    if (!live()) return null;
    if (!weighed.has(key)) weighed.set(key, sums(m, cs, lists));
  }
  const a = weighed.get(key);
  // The eight words weighed last are kept, a few bytes a page each.
  weighed.delete(key);
  weighed.set(key, a);
  if (weighed.size > 8) weighed.delete(weighed.keys().next().value);
  return a;
}
function sums(m, cs, lists) {
  const N = m.n, best = new Float64Array(N), mask = new Uint8Array(N), title = new Uint8Array(N);
  const df = Math.min(N, cs.reduce((t, c) => t + c.df, 0)), idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
  cs.forEach((c, k) => {
    const { docs, meta, masks } = lists[k], w = c.q * idf * 2.2, weight = new Float64Array(256);
    // A posting's weight depends on its byte alone: work it out once.
    for (let b = 8; b < 256; b++) weight[b] = ((w * (b >> 3)) / 31) * (1 + (b & 1) * 0.3 + (b & 6 ? 0.1 : 0));
    for (let j = 0; j < docs.length; j++) {
      const d = docs[j], b = meta[j], v = weight[b];
      if (v > best[d]) best[d] = v;
      mask[d] |= masks[j];
      title[d] |= b & 1;
    }
  });
  return { best, mask, title };
}
// before: see before in query.go.
const before = (a, b) => (a.full !== b.full ? a.full : a.score !== b.score ? a.score > b.score : a.d < b.d);

// search ranks the pages for a query and keeps the best n: see
// Searcher.Search in query.go. live() says whether the answer is still
// wanted; a query overtaken by the next keystroke stops early.
async function search(m, q, kind, tag, n, live) {
  const qws = parse(q, m.stopSet), found = await Promise.all(qws.map((qw) => candidates(m, qw)));
  const ws = qws.map((qw, i) => ({ text: qw.w, exact: qw.exact, fix: found[i].fix || "", pending: false, missing: false }));
  const active = [], typing = [], hl = new Map();
  found.forEach(({ cs }, i) => {
    if (cs.length) active.push(cs), typing.push(qws[i].prefix);
    else if (qws[i].prefix && len(qws[i].w) < MIN_PREFIX) ws[i].pending = true;
    else ws[i].missing = true;
    for (const c of cs) for (const f of c.forms) hl.set(f, i);
  });
  const nq = active.length, N = m.n, missing = ws.some((w) => w.missing);
  // A whole word is weighed even for a query overtaken: the next ones
  // have it too. The word being typed is not, if overtaken.
  const acc = await Promise.all(active.map((cs, i) => weigh(m, cs, typing[i] ? live : () => true)));
  const ok = await allowed(m, kind, tag);
  if (!live() || acc.includes(null)) return null;
  const hits = [], bests = acc.map((a) => a.best), titles = acc.map((a) => a.title), masks = acc.map((a) => a.mask);
  let full = 0, total = 0;
  for (let d = 0; d < N; d++) {
    let base = 0, matched = 0, inTitle = 0, prox = 0;
    for (let i = 0; i < nq; i++) {
      const v = bests[i][d];
      if (v > 0) (base += v), matched++;
      inTitle += titles[i][d];
    }
    if (!matched || (ok && !ok(d))) continue;
    total++;
    const cov = matched / nq, isFull = matched === nq && !missing, all = inTitle === nq;
    if (isFull) full++;
    // The best n, in order, kept as they come: most pages fall short of
    // the last even with the most the words' closeness could add, and are
    // not weighed further (pages come in order, so a tie falls short too).
    const z = hits[n - 1];
    if (z && (z.full !== isFull ? z.full : z.score >= base * cov * cov * 1.5 * (all ? 1.5 : 1))) continue;
    if (nq > 1) {
      let together = inTitle;
      for (let w = 1; w < 256; w <<= 1) {
        let k = 0;
        for (let i = 0; i < nq; i++) if (masks[i][d] & w) k++;
        if (k > together) together = k;
      }
      prox = (together - 1) / (nq - 1);
    }
    let score = base * cov * cov * (1 + 0.5 * prox);
    if (all) score *= 1.5;
    if (z && z.full === isFull && z.score >= score) continue;
    let has = 0;
    for (let i = 0; i < nq; i++) if (bests[i][d] > 0) has |= 1 << i;
    const h = { d, score, full: isFull, has };
    let lo = 0, hi = hits.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; before(hits[mid], h) ? (lo = mid + 1) : (hi = mid); }
    hits.splice(lo, 0, h);
    if (hits.length > n) hits.pop();
  }
  return { q, hits, full, total, words: ws, hl, all: words(q), active: found.map((f) => f.cs.length > 0), m };
}

// --- Showing results: text nodes and <mark> elements, nothing else.
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; };

// marked appends s to parent with the words that matched marked: whole
// words only, as the index split them. A stop word of the query is marked
// too when it joins two marked words ("thank-you note").
function marked(parent, s, res) {
  const stop = new Set(res.all.filter((w) => res.m.stopSet.has(w))), parts = [];
  let at = 0;
  for (const mt of s.matchAll(WORD)) {
    const f = fold(mt[0]);
    parts.push([s.slice(at, mt.index), ""], [mt[0], res.hl.has(f) ? 2 : stop.has(f) ? 1 : 0]);
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

// excerpt cuts from a page's text (its summary, then its prose, a block a
// line) the passage of about SPAN words where the query's words are
// densest: most of its distinct words, then most matches. It starts at a
// sentence when one starts a few words before the first match, and cuts
// only at spaces, with … where it cuts a sentence. Without a match in the
// prose, the summary stands in.
const SPAN = 26;
function excerpt(doc, res) {
  const nl = doc.indexOf("\n"), summary = doc.slice(0, nl < 0 ? doc.length : nl), toks = [];
  doc.slice(nl + 1).split("\n").forEach((line, block) => {
    for (const [t] of line.matchAll(/\S+/g)) {
      let hit = -1;
      for (const [w] of t.matchAll(WORD)) if (hit < 0) hit = res.hl.get(fold(w)) ?? -1;
      toks.push({ t, block, hit });
    }
  });
  let best = null;
  toks.forEach((k, i) => {
    if (k.hit < 0) return;
    const seen = new Set();
    let count = 0;
    for (let j = i; j < Math.min(toks.length, i + SPAN); j++) if (toks[j].hit >= 0) seen.add(toks[j].hit), count++;
    if (!best || seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) best = { i, distinct: seen.size, count };
  });
  if (!best) return summary;
  // A sentence or a block ends after token j.
  const stop = (j) => /[.!?:]["”’)]?$/.test(toks[j].t);
  const ends = (j) => j < 0 || j >= toks.length - 1 || toks[j].block !== toks[j + 1].block || stop(j);
  let from = Math.max(0, best.i - 2);
  for (let j = best.i; j >= Math.max(0, best.i - 10); j--) if (ends(j - 1)) { from = j; break; }
  let to = Math.min(toks.length, from + SPAN);
  for (let j = to; j < Math.min(toks.length, to + 6); j++) if (ends(j - 1)) { to = j; break; }
  let s = ends(from - 1) ? "" : "… ";
  // Blocks join with a space after punctuation, else with a dot.
  for (let j = from; j < to; j++) s += (j > from ? (toks[j].block !== toks[j - 1].block && !/\p{P}$/u.test(toks[j - 1].t) ? " · " : " ") : "") + toks[j].t;
  return to < toks.length && !ends(to - 1) ? s.replace(/[,;:—–-]+$/, "") + " …" : s;
}

// The query as searched, with each fixed word in place of the one typed;
// and as typed, its fixed words in quotes so that they are kept.
function rewrite(res, keep) {
  const fix = new Map(res.words.filter((w) => w.fix).map((w) => [w.text, w.fix]));
  return res.all.map((w) => (fix.has(w) ? (keep ? `"${w}"` : fix.get(w)) : w)).join(" ");
}
const or = (ws) => (ws.length > 1 ? `${ws.slice(0, -1).join(", ")} or ${ws[ws.length - 1]}` : ws[0] || "");

// --- The views. The header's box drives them all: a list under it as the
// reader types, or, on the search page and the page not found, the
// page's own list. Results are links: the arrow keys move the focus
// through them and back to the box, Enter follows one, Escape closes.
function setup(v) {
  const ui = { seq: 0, n: v.n, pending: new Map(), timer: 0, res: null };
  const open = (on) => v.popup && (v.popup.hidden = !on);
  const say = (t) => { v.status.textContent = t; if (v.note) (v.note.textContent = t), (v.note.hidden = !t); };
  function clear(q) {
    ui.res = null;
    v.list.replaceChildren(); v.list.hidden = true; v.fix.hidden = true; say(""); open(false);
    v.list.dataset.q = q; if (v.more) v.more.hidden = true;
    for (const c of ui.pending.values()) c.abort();
  }
  ui.run = async () => {
    const seq = ++ui.seq, q = v.input.value, [kind, tag] = v.filters ? v.filters() : [];
    clearTimeout(ui.timer);
    v.state?.(q, kind, tag);
    try {
      const m = await manifest();
      const res = words(q).length ? await search(m, q, kind, tag, ui.n, () => seq === ui.seq) : null;
      if (seq !== ui.seq) return;
      // Nothing to say until a word is long enough to complete.
      if (!res || (res.words.length && res.words.every((w) => w.pending))) return clear(q);
      // Texts for results no longer listed are not wanted any more.
      const listed = new Set(res.hits.map((h) => h.d));
      for (const [d, c] of ui.pending) if (!listed.has(d)) c.abort(), ui.pending.delete(d);
      // The list is painted once the titles of its first screen are here;
      // the rest, further down, follow as they come.
      const metas = res.hits.map((h) => meta(m, h.d));
      await Promise.all(metas.slice(0, FIRST));
      if (seq !== ui.seq) return;
      paint(res, metas);
    } catch (err) {
      if (seq === ui.seq) say("Search is not available right now.");
      console.error(err);
    }
  };
  function paint(res, metas) {
    const fixed = res.words.some((w) => w.fix), q = fixed ? rewrite(res, false) : res.q.trim(), items = [];
    ui.res = res;
    res.hits.forEach((h, i) => {
      if (!h.full && (i === 0 || res.hits[i - 1].full)) {
        const also = res.words.filter((w, k) => res.active[k] && res.hits.slice(i).some((x) => x.has & (1 << activeIndex(res, k))));
        items.push(el("li", "search-divider", `Also mentioning ${or(also.map((w) => w.fix || w.text))}`));
      }
      items.push(item(res, h, metas[i]));
    });
    if (v.all && res.total > res.hits.length) {
      const li = el("li", "search-hit search-all"), a = el("a", "", res.full > res.hits.length ? `See all ${res.full} results` : "See all results");
      a.href = `/search/?q=${encodeURIComponent(res.q.trim())}`;
      li.append(a);
      items.push(li);
    }
    v.list.replaceChildren(...items);
    v.list.hidden = !items.length;
    if (v.more) v.more.hidden = res.total <= res.hits.length;
    const missing = res.words.filter((w) => w.missing).map((w) => `“${w.text}”`);
    say(res.full ? `${res.full} result${res.full > 1 ? "s" : ""} for “${q}”` :
      missing.length === res.words.filter((w) => !w.pending).length ? `No results for “${q}”. Try fewer words, or another spelling.` :
      missing.length ? `No page mentions ${or(missing)}.` : `No page has every word of “${q}”.`);
    if (v.note) v.note.hidden = res.full > 0;
    v.fix.hidden = !fixed;
    if (fixed) {
      const a = el("a", "", `search for ${res.all.join(" ")} instead`);
      a.href = `/search/?q=${encodeURIComponent(rewrite(res, true))}`;
      v.fix.replaceChildren("Showing results for ", el("strong", "", rewrite(res, false)), "; ", a);
    }
    open(true);
    v.list.dataset.q = res.q;
    setTimeout(cut, 0, ui.seq);
    ui.timer = setTimeout(fill, 100);
  }
  function item(res, h, later) {
    const li = el("li", "search-hit"), d = known.get(h.d);
    li.dataset.d = h.d;
    if (!d) {
      li.setAttribute("aria-busy", "true");
      li.append(el("p", "search-hit-meta", "Loading…"));
      later.then((d) => ui.res === res && li.replaceWith(item(res, h)), () => {});
      return li;
    }
    const a = el("a", "search-hit-title");
    a.href = d.u;
    marked(a, d.t, res);
    const info = el("p", "search-hit-meta");
    info.append(el("span", `kind-badge kind-${d.k}`, res.m.kinds[d.k] || d.k));
    if (d.g) info.append(el("span", "search-hit-tags", d.g.join(", ")));
    li.append(a, info, el("p", "search-hit-excerpt"));
    return li;
  }
  function show(li, res, x) {
    const p = li.querySelector(".search-hit-excerpt");
    if (p.dataset.done || ui.res !== res) return;
    p.dataset.done = 1;
    marked(p, excerpt(x, res), res);
  }
  // cut fills in the snippets whose texts are here already, one a task,
  // after the titles are painted, while no keystroke has come since: a
  // snippet is a page's words to go through, and a key waits for none.
  function cut(seq) {
    const li = [...v.list.querySelectorAll("li[data-d]")].find((li) => here.has(+li.dataset.d) && !li.querySelector("[data-done]"));
    if (!li || seq !== ui.seq) return;
    show(li, ui.res, here.get(+li.dataset.d));
    setTimeout(cut, 0, seq);
  }
  // fill fetches the texts of the results on screen that have none.
  function fill() {
    const res = ui.res, seq = ui.seq, box = v.popup?.getBoundingClientRect();
    if (!res) return;
    cut(seq);
    for (const li of v.list.querySelectorAll("li[data-d]")) {
      const r = li.getBoundingClientRect(), d = +li.dataset.d;
      if (li.querySelector("[data-done]") || li.ariaBusy || here.has(d) || ui.pending.has(d) || r.bottom < 0 || r.top > innerHeight || (box && (r.bottom < box.top || r.top > box.bottom))) continue;
      const c = new AbortController();
      ui.pending.set(d, c);
      // A text that comes after the next keystroke waits for its paint.
      text(res.m, d, c.signal).then(() => seq === ui.seq && cut(seq), () => {}).finally(() => ui.pending.get(d) === c && ui.pending.delete(d));
    }
  }
  const later = () => { clearTimeout(ui.timer); ui.timer = setTimeout(fill, 100); };
  addEventListener("scroll", later, { passive: true });
  v.popup?.addEventListener("scroll", later, { passive: true });
  addEventListener("resize", later, { passive: true });
  v.input.addEventListener("input", ui.run);
  v.fix.addEventListener("click", (e) => {
    if (!e.target.closest("a") || !ui.res) return;
    e.preventDefault();
    v.input.value = rewrite(ui.res, true);
    v.input.focus();
    ui.run();
  });
  const keys = (e) => {
    const links = [...v.list.querySelectorAll("a")], at = links.indexOf(document.activeElement);
    if ((e.key === "ArrowDown" || e.key === "ArrowUp") && links.length && (at >= 0 || e.target === v.input)) {
      e.preventDefault();
      open(true);
      const next = at + (e.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? v.input : links[Math.min(next, links.length - 1)]).focus();
    } else if (e.key === "Escape" && v.popup && !v.popup.hidden) {
      e.preventDefault();
      open(false);
      v.input.focus();
    }
  };
  v.input.addEventListener("keydown", keys);
  v.list.addEventListener("keydown", keys);
  v.list.addEventListener("click", (e) => {
    const li = e.target.closest("li[data-d]");
    if (li && !e.target.closest("a")) li.querySelector("a").click();
  });
  if (v.popup) {
    v.input.addEventListener("focus", (e) => { if (v.list.children.length && !form.contains(e.relatedTarget)) open(true); });
    form.addEventListener("focusout", (e) => { if (!form.contains(e.relatedTarget)) open(false); });
  }
  return ui;
}

// activeIndex turns the place of a word among the query's words into its
// place among those that matched anything, as the has bits count them.
const activeIndex = (res, k) => res.active.slice(0, k).filter(Boolean).length;

// fromPath makes a query of the address of a page not found: its last
// part's words ("/articles/thank-you-notse/" → "thank you notse").
function fromPath(p) {
  let last = p.replace(/\/+$/, "").split("/").pop() || "";
  try { last = decodeURIComponent(last); } catch { last = last.replace(/%[0-9a-f]{0,2}/gi, " "); }
  return words(last.replace(/\.html?$/, "")).filter((w) => /\p{L}/u.test(w)).join(" ");
}

if (form) {
  const input = form.querySelector("input[type=search]");
  input.addEventListener("focus", () => manifest().catch(() => {}));
  const page = document.getElementById("search-page");
  const fix = (where, before) => where.querySelector(".search-fix") || before.insertAdjacentElement("beforebegin", el("p", "search-fix"));
  if (!page) {
    const popup = form.querySelector(".search-popup"), list = popup.querySelector("ul");
    const f = fix(popup, list);
    f.hidden = true;
    setup({ input, list, popup, fix: f, n: 6, all: true, status: document.getElementById("search-status"), note: popup.querySelector(".search-note") });
  } else if (page.dataset.search === "notfound") {
    // The page not found: the box holds words of the address, and the
    // page lists what they find; Enter goes on to the search page.
    const list = document.getElementById("search-page-results");
    const ui = setup({ input, list, fix: page.querySelector(".search-fix"), n: 8, all: true, status: document.getElementById("search-page-status") });
    input.value = fromPath(location.pathname);
    if (input.value) ui.run();
  } else {
    const filters = page.querySelector(".search-filters"), more = document.getElementById("search-more");
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
      input.value = p.get("q") || "";
      const k = page.querySelector(`input[name=kind][value="${CSS.escape(p.get("kind") || "")}"]`);
      if (k) k.checked = true;
      // A site without tags has no tag filter.
      if (tagSel) tagSel.value = p.get("tag") || "";
      if (tagSel?.selectedIndex < 0) tagSel.value = "";
    };
    filters.hidden = false;
    const ui = setup({
      input, more, n: 20,
      list: document.getElementById("search-page-results"),
      fix: page.querySelector(".search-fix"),
      status: document.getElementById("search-page-status"),
      filters: () => [kindOf(), tagSel?.value || ""],
      state: (q, kind, tag) => { const u = url(q, kind, tag); if (u !== location.pathname + location.search) history.replaceState(null, "", u); },
    });
    filters.addEventListener("change", () => {
      history.pushState(null, "", url(input.value, kindOf(), tagSel?.value || ""));
      ui.run();
    });
    page.querySelector("form").addEventListener("submit", (e) => { e.preventDefault(); ui.run(); });
    form.addEventListener("submit", (e) => { e.preventDefault(); ui.run(); });
    more.addEventListener("click", () => { ui.n += 20; ui.run(); });
    addEventListener("popstate", () => { fromURL(); ui.run(); });
    fromURL();
    if (input.value) ui.run();
    else input.focus();
  }
  // "/" focuses the search box from anywhere but a field.
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    input.focus();
  });
}
