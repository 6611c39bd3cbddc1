"""Shared pieces of the watch-mode benchmarks (latency.py, soak.py).

Stdlib only. A benchmark site is a gencorpus.py corpus under /dev/shm (the
disk here is slow at many small files, which would measure the disk): one
copy for secondround and, for latency.py, one for Hugo with bench/hugo's
configuration and layouts.
"""
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gencorpus.py")


def sh(args, **kw):
    return subprocess.run(args, check=True, **kw)


def build_binary(work):
    out = os.path.join(work, "secondround")
    sh(["go", "build", "-o", out, "./cmd/secondround"], cwd=ROOT)
    return out


def corpus(work, pages, name):
    """Makes WORK/NAME/content with PAGES pages (reused when present)."""
    site = os.path.join(work, name)
    content = os.path.join(site, "content")
    if not os.path.isdir(os.path.join(content, "articles")):
        shutil.rmtree(site, ignore_errors=True)
        sh([sys.executable, GEN, "--pages", str(pages), "--out", content], stdout=subprocess.DEVNULL)
    return site


def hugo_site(work, src_site):
    """A Hugo site over a copy of src_site's content."""
    site = os.path.join(work, "hugo")
    shutil.rmtree(site, ignore_errors=True)
    os.makedirs(site)
    shutil.copy(os.path.join(ROOT, "bench", "hugo", "hugo.toml"), site)
    shutil.copytree(os.path.join(ROOT, "bench", "hugo", "layouts"), os.path.join(site, "layouts"))
    shutil.copytree(os.path.join(src_site, "content"), os.path.join(site, "content"))
    return site


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One kept-alive HTTP connection, reopened when the server drops it."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        for _ in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                self.conn.request("GET", path, headers={"Cache-Control": "no-cache"})
                r = self.conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                time.sleep(0.01)
        return 0, b""

    def wait_for(self, path, token, timeout=10.0, absent=False):
        """Polls path until its body holds token (or, with absent, no longer
        does); returns the time it did, or None after timeout seconds."""
        deadline = time.perf_counter() + timeout
        while True:
            status, body = self.get(path)
            now = time.perf_counter()
            if status == 200 and (token in body) != absent:
                return now
            if now > deadline:
                return None
            time.sleep(0.0005)


def start_server(cmd, port, ready_path="/", timeout=120.0, **kw):
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    c = Client(port)
    deadline = time.time() + timeout
    while True:
        if p.poll() is not None:
            sys.exit(f"{' '.join(cmd)} exited: {p.stdout.read()[-3000:]}")
        status, _ = c.get(ready_path)
        if status == 200:
            return p, c
        if time.time() > deadline:
            p.kill()
            sys.exit(f"{' '.join(cmd)} did not serve {ready_path} within {timeout}s")
        time.sleep(0.05)


def stop(p):
    p.terminate()
    try:
        p.wait(10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def page_url(path):
    """/articles/00500-x/ for content/articles/00500-x.md (ours and Hugo's)."""
    rel = os.path.relpath(path, os.path.join(os.path.dirname(path), "..", ".."))
    rel = rel[len("content/"):] if rel.startswith("content/") else rel
    return "/" + os.path.splitext(rel)[0].lower() + "/"


def edit_paragraph(path, token):
    """Rewrites the first body paragraph of a page to end with token, the
    way an editor saves: the whole file written again."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, sep, body = text.partition("\n---\n")
    first, rest = body.lstrip("\n").split("\n", 1)
    first = re.sub(r" edit-[\w-]+\.$", "", first)
    new = head + sep + "\n" + first + f" {token}.\n" + rest
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)


def set_tags(path, tags):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(?m)^tags: .*$", "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]", text, count=1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def percentiles(ms):
    """Percentiles of the latencies that finished; None marks one that
    never did (counted as missed)."""
    missed = sum(1 for m in ms if m is None)
    s = sorted(m for m in ms if m is not None)
    if not s:
        return {"n": len(ms), "missed": missed}
    pick = lambda q: s[min(len(s) - 1, int(round(q * (len(s) - 1))))]
    return {"n": len(ms), "missed": missed, "p50": statistics.median(s), "p95": pick(0.95), "max": s[-1]}


def fmt(p):
    miss = f"   {p['missed']} of {p['n']} never served within the timeout" if p["missed"] else ""
    if "p50" not in p:
        return miss.strip()
    return f"n={p['n']:<4} p50 {p['p50']:7.1f} ms   p95 {p['p95']:7.1f} ms   max {p['max']:7.1f} ms{miss}"
