#!/usr/bin/env python3
"""Soak test of watch mode: 1,000 edits in a loop against one server.

Starts `secondround serve` on a gencorpus.py site (1,000 pages by default)
and edits one page after another (a paragraph, and every tenth edit a tag),
waiting after each save until the page serves the new text, then INTERVAL
seconds. It reports, from the save to the new page over HTTP, the latency
percentiles; from the server's own log, how long after the rebuild started
the edited page was served and the whole site was rebuilt; and the server's
resident memory after the first build, at the start (after a warm-up of
20 edits, which brings the heap to its working size), middle and end:
from the start on, it must stay flat.

  python3 bench/watch/soak.py                  # 1,000 edits, about 10 minutes
  python3 bench/watch/soak.py --edits 200 --interval 0.2
"""
import argparse
import glob
import os
import re
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import watchbench as wb  # noqa: E402

LOGLINE = re.compile(r": (?:page served in ([\d.]+)(µs|ms|s), site )?rebuilt in ([\d.]+)(µs|ms|s)")


def ms(v, unit):
    return float(v) * {"µs": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--interval", type=float, default=0.4, help="seconds between one edit served and the next save")
    ap.add_argument("--work", default="/dev/shm/secondround-watch-bench")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    binary = wb.build_binary(a.work)
    base = wb.corpus(a.work, a.pages, f"corpus-{a.pages}")
    site = os.path.join(a.work, "soak")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(base, site)
    pages = sorted(glob.glob(os.path.join(site, "content", "articles", "*.md")))

    port = wb.free_port()
    proc, client = wb.start_server([binary, "serve", "-src", site, "-port", str(port)], port)
    early, full, errors = [], [], []

    def read_log():
        for line in proc.stdout:
            m = LOGLINE.search(line)
            if m:
                if m.group(1):
                    early.append(ms(m.group(1), m.group(2)))
                full.append(ms(m.group(3), m.group(4)))
            elif "problem" in line or "failed" in line:
                errors.append(line.rstrip())

    threading.Thread(target=read_log, daemon=True).start()
    time.sleep(1)
    rss = {"first build": wb.rss_mb(proc.pid)}
    warm = min(20, a.edits // 10)
    served = []
    started = time.time()
    try:
        for i in range(a.edits):
            page = pages[(i * 37) % len(pages)]
            url = wb.page_url(page)
            token = f"edit-soak-{i}"
            if i % 10 == 9:
                wb.set_tags(page, ["soak", f"soak-{i % 7}"])
            wb.edit_paragraph(page, token)
            t0 = time.perf_counter()
            t1 = client.wait_for(url, token.encode())
            served.append(None if t1 is None else (t1 - t0) * 1000)
            if i == warm:
                rss["start"] = wb.rss_mb(proc.pid)
            if i == a.edits // 2:
                rss["middle"] = wb.rss_mb(proc.pid)
            time.sleep(a.interval)
        time.sleep(1)
        rss["end"] = wb.rss_mb(proc.pid)
    finally:
        wb.stop(proc)
    took = time.time() - started

    print(f"{a.edits} edits on {a.pages} pages in {took:.0f} s ({os.cpu_count()} cores)")
    print(f"  save -> page served (HTTP)    {wb.fmt(wb.percentiles(served))}")
    if early:
        print(f"  rebuild start -> page served  {wb.fmt(wb.percentiles(early))}")
    print(f"  whole-site rebuild            {wb.fmt(wb.percentiles(full))}")
    print(f"  rebuilds logged {len(full)}; build problems {len(errors)}")
    print("  RSS MB: " + "   ".join(f"{k} {v:.0f}" for k, v in rss.items()))
    growth = rss["end"] - rss["start"]
    print(f"  RSS growth start -> end: {growth:+.0f} MB ({growth / rss['start'] * 100:+.0f}%)")
    for e in errors[:5]:
        print("  problem:", e)


if __name__ == "__main__":
    main()
