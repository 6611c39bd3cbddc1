#!/usr/bin/env python3
"""Save-to-served latency of watch mode: secondround serve and hugo server.

On a gencorpus.py site (1,000 pages by default), each server is started,
then one page is edited EDITS times of each kind, the way an editor saves:
a one-paragraph change (timed until the page's URL serves the new text);
an existing tag put on and taken off (timed until that tag's page lists the
page, or no longer does); a new tag (timed until the new tag's page lists
the page; 10 s without is counted as missed). Between
edits the script waits GAP seconds, so each edit meets an idle server.
Latency runs from the moment the file is closed to the moment an HTTP GET
(polled every 0.5 ms over a kept-alive connection) returns the new content:
it includes each tool's wait for the file to settle (secondround: 3 ms of
no change to the saved file's size and time).

  python3 bench/watch/latency.py                    # secondround, hugo, hugo --disableFastRender
  python3 bench/watch/latency.py --edits 50 --tools secondround

Tools:
  secondround  `secondround serve`: the outputs that show the edited page
               are rendered and served, then the search index follows.
  hugo         `hugo server` with its default fast render (re-renders the
               pages browsers have visited first).
  hugo-full    `hugo server --disableFastRender`: every page re-rendered.
Hugo builds bench/hugo (same pages, sections, tags, feeds, sitemap) over a
copy of the same content. Output of each server stays in memory.
"""
import argparse
import glob
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import watchbench as wb  # noqa: E402


def run(tool, site, binary, edits, gap, page_glob):
    port = wb.free_port()
    if tool == "secondround":
        cmd = [binary, "serve", "-src", site, "-port", str(port)]
    else:
        cmd = ["hugo", "server", "-s", site, "--port", str(port), "--bind", "127.0.0.1",
               "--noBuildLock", "--disableLiveReload", "--appendPort=true"]
        if tool == "hugo-full":
            cmd.append("--disableFastRender")
    started = time.perf_counter()
    proc, client = wb.start_server(cmd, port)
    startup = time.perf_counter() - started
    page = pick_page(site, page_glob)
    url = wb.page_url(page)
    orig = open(page, encoding="utf-8").read()
    tags = []
    for line in orig.splitlines():
        if line.startswith("tags: "):
            tags = [t.strip().strip('"') for t in line[len("tags: "):].strip("[]").split(",") if t.strip()]
    stamp = f"{int(time.time()) % 100000}"
    other = next(t for t in ("salary", "negotiation", "remote-work") if t not in tags)
    para, existing, new = [], [], []

    def timed(path, token, absent=False):
        t0 = time.perf_counter()
        t1 = client.wait_for(path, token, absent=absent)
        time.sleep(gap)
        return None if t1 is None else (t1 - t0) * 1000

    try:
        client.get(url)  # a visited page, for Hugo's fast render
        time.sleep(gap)
        for i in range(edits):
            token = f"edit-{tool}-{stamp}-{i}"
            wb.edit_paragraph(page, token)
            para.append(timed(url, token.encode()))
        for i in range(edits):
            # Tag the page with an existing tag, then take it off again.
            on = i % 2 == 0
            wb.set_tags(page, tags + [other] if on else tags)
            existing.append(timed(f"/tags/{other}/", url.encode(), absent=not on))
        for i in range(edits):
            fresh = f"fresh-{stamp}-{i}"
            wb.set_tags(page, tags + [fresh])
            new.append(timed(f"/tags/{fresh}/", url.encode()))
        rss = wb.rss_mb(proc.pid)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(orig)
        wb.stop(proc)
    return startup, para, existing, new, rss


def pick_page(site, page_glob):
    """The newest page matching page_glob: tag pages list newest first, 50
    to a page, so only the newest page is sure to be on the first page of
    every tag it is put on, where the tag edits look for it."""
    best, best_date = None, ""
    for p in sorted(glob.glob(os.path.join(site, "content", page_glob))):
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.startswith("date: "):
                    d = line[len("date: "):].strip().strip('"')
                    if d > best_date:
                        best, best_date = p, d
                    break
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--gap", type=float, default=0.6, help="seconds between edits")
    ap.add_argument("--tools", default="secondround,hugo,hugo-full")
    ap.add_argument("--page", default="articles/*.md", help="glob of the pages to edit, below content/: the newest is edited")
    ap.add_argument("--work", default="/dev/shm/secondround-watch-bench")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    binary = wb.build_binary(a.work)
    tools = a.tools.split(",")
    if not shutil.which("hugo"):
        print("hugo not installed (apt-get install hugo): leaving it out", file=sys.stderr)
        tools = [t for t in tools if not t.startswith("hugo")]
    base = wb.corpus(a.work, a.pages, f"corpus-{a.pages}")
    ours = os.path.join(a.work, "ours")
    shutil.rmtree(ours, ignore_errors=True)
    shutil.copytree(base, ours)
    hugo = wb.hugo_site(a.work, base) if any(t.startswith("hugo") for t in tools) else None

    print(f"{a.pages} pages; {a.edits} edits of each kind, {a.gap}s apart; {os.cpu_count()} cores; "
          f"save -> new content served over HTTP")
    for tool in tools:
        site = ours if tool == "secondround" else hugo
        startup, para, existing, new, rss = run(tool, site, binary, a.edits, a.gap, a.page)
        print(f"{tool:<12} first build + serve {startup:6.2f} s   RSS after {rss:6.0f} MB")
        print(f"  {'paragraph':<13} {wb.fmt(wb.percentiles(para))}")
        print(f"  {'tag on/off':<13} {wb.fmt(wb.percentiles(existing))}")
        print(f"  {'new tag':<13} {wb.fmt(wb.percentiles(new))}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
