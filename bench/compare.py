#!/usr/bin/env python3
"""Side-by-side build benchmark: secondround, Hugo, and the goldmark floor.

Generates corpora with ../shared/bench/gencorpus.py, builds each one RUNS
times with each tool, the tools taking turns, and prints one table of
medians: wall time (with the fastest and slowest run beside it), CPU time
(user+sys), peak RSS, minor page faults, output size, ms and KB of peak memory per page, and
ratios to Hugo and to the floor.

Page faults are there because on a virtual machine like this one the first
touch of a page of memory can cost microseconds: a tool's peak memory is
then a cost in time as well as in space.

  python3 bench/compare.py                      # 1,000 and 10,000 pages
  python3 bench/compare.py --pages 1000,10000,100000 --runs 5

Output folders go under --out-root (default /dev/shm: this machine's disk is
slow at creating many small files, which would swamp every tool's figures);
pass --out-root /tmp to measure on local disk. Hugo comes from
`apt-get install hugo`; the Hugo site (bench/hugo) builds the same page set:
pages, section lists, tag pages and feeds, the site feed and the sitemap.
At 100,000 pages Hugo needs more than 20 GB and runs for over an hour on a
2-core, 24 GiB machine. Hugo runs only at the sizes where it fits in the
memory free; elsewhere its row reads "not run", with the memory it would
need (its peak per page at the last size measured, or, before any, the
200 KB a page measured of Hugo 0.111) beside what the machine has free.

One more tool can be asked for by name: "bare", secondround with the
layouts of bench/bare, which put out a page's content and title and nothing
else. It still does all the rest (links, tags, pagination, feeds, sitemap,
print packs, search index, writes), so the gap between it and secondround
is what the theme's layouts cost, and the gap between it and the floor is
what everything else costs:

  python3 bench/compare.py --tools secondround,bare,floor

--stages runs secondround and bare with build -timings and prints, after
each size's rows, the median time of each stage of theirs, beside the
floor's whole run: the rendering stage's gap between the two is the theme,
and the search index is a stage of its own.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "..", "shared", "bench", "gencorpus.py")


def sh(args, **kw):
    return subprocess.run(args, check=True, **kw)


def timed(cmd):
    """Runs cmd under /usr/bin/time; returns (wall s, cpu s, peak RSS KiB,
    minor page faults, and the stages that secondround build -timings
    printed: name -> (wall s, CPU s))."""
    r = subprocess.run(["/usr/bin/time", "-f", "TIME %e %U %S %M %R"] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    line = [l for l in r.stderr.splitlines() if l.startswith("TIME ")][-1].split()
    stages = {}
    for l in r.stderr.splitlines():
        if m := re.match(r"(\S.*?)\s+([\d.]+) s\s+([\d.]+) s$", l):
            stages[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    return float(line[1]), float(line[2]) + float(line[3]), int(line[4]), int(line[5]), stages


def print_stages(n, runs, rows):
    """Prints, for each tool run with -timings, the median of each stage's
    wall and CPU time, and the wall time as a share of the floor's."""
    floor = rows["floor"][0] if "floor" in rows else None
    for tool, rs in runs.items():
        names = [name for name in (rs[0][4] if rs else {}) if name != "total"]
        for name in names:
            wall = statistics.median(r[4][name][0] for r in rs)
            cpu = statistics.median(r[4][name][1] for r in rs)
            share = f"{wall / floor:.2f} of the floor" if floor else ""
            print(f"{n:>7}   {tool:<12} {name:<28} {wall:>8.3f} s {cpu:>8.3f} CPU s  {share}")
    if runs.get("secondround") and runs.get("bare"):
        # bare renders the same outputs with layouts that write a page's
        # title and content alone: the rest of rendering is the theme.
        theme = [statistics.median(r[4]["rendering"][k] for r in runs["secondround"]) -
                 statistics.median(r[4]["rendering"][k] for r in runs["bare"]) for k in (0, 1)]
        share = f"{theme[0] / floor:.2f} of the floor" if floor else ""
        label = "rendering less bare's"
        print(f"{n:>7}   {'theme':<12} {label:<28} {theme[0]:>8.3f} s {theme[1]:>8.3f} CPU s  {share}")


def du(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
    return total


def corpus(n, work):
    site = os.path.join(work, f"corpus-{n}")
    if not os.path.isdir(os.path.join(site, "content", "articles")):
        sh([sys.executable, GEN, "--pages", str(n), "--out", os.path.join(site, "content")], stdout=subprocess.DEVNULL)
    bare = os.path.join(work, f"bare-{n}")
    if not os.path.isdir(bare):
        os.makedirs(bare)
        os.symlink(os.path.join(ROOT, "bench", "bare", "layouts"), os.path.join(bare, "layouts"))
        os.symlink(os.path.join(site, "content"), os.path.join(bare, "content"))
    hugo = os.path.join(work, f"hugo-{n}")
    if not os.path.isdir(hugo):
        os.makedirs(hugo)
        shutil.copy(os.path.join(ROOT, "bench", "hugo", "hugo.toml"), hugo)
        os.symlink(os.path.join(ROOT, "bench", "hugo", "layouts"), os.path.join(hugo, "layouts"))
        os.symlink(os.path.join(site, "content"), os.path.join(hugo, "content"))
    return site, hugo, bare


# Hugo 0.111's peak memory per page on the generated corpus (1,988 MiB at
# 10,000 pages), for the first size measured.
HUGO_BYTES_PER_PAGE = 200 << 10


def mem_available():
    """The memory free for a new process, in bytes (MemAvailable), or None
    where the system does not say."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out-root", default="/dev/shm")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "secondround-bench"))
    ap.add_argument("--tools", default="secondround,hugo,floor")
    ap.add_argument("--stages", action="store_true",
                    help="run secondround and bare with -timings, and print each stage's median time after each size's rows")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    bins = os.path.join(a.work, "bin")
    os.makedirs(bins, exist_ok=True)
    sh(["go", "build", "-o", os.path.join(bins, "secondround"), "./cmd/secondround"], cwd=ROOT)
    sh(["go", "build", "-o", os.path.join(bins, "floor"), "./bench/floor"], cwd=ROOT)
    tools = a.tools.split(",")
    if unknown := [t for t in tools if t not in ("secondround", "bare", "hugo", "floor")]:
        sys.exit(f"unknown tool {unknown[0]!r}: choose among secondround, bare, hugo and floor")
    if "hugo" in tools and not shutil.which("hugo"):
        print("hugo not installed (apt-get install hugo): leaving it out", file=sys.stderr)
        tools.remove("hugo")

    print(f"output on {a.out_root}; median of {a.runs} runs; {os.cpu_count()} cores")
    print(f"{'pages':>7} {'tool':<12} {'wall s':>8} {'range s':>11} {'CPU s':>8} {'CPU/wall':>8} {'peak MiB':>8} {'faults k':>8} {'out MB':>8} {'ms/page':>8} {'KiB/page':>8} {'vs Hugo':>8} {'vs floor':>8}")
    hugo_per_page = HUGO_BYTES_PER_PAGE
    for n in [int(x) for x in a.pages.split(",")]:
        site, hugo, bare = corpus(n, a.work)
        outs = {tool: os.path.join(a.out_root, f"secondround-bench-{tool}-{n}") for tool in tools}
        cmds = {
            # The base URL Hugo's configuration has: without one, secondround
            # writes no sitemap and no feeds, and would do less than Hugo.
            "secondround": [os.path.join(bins, "secondround"), "build", "-src", site, "-out", outs.get("secondround"), "-base-url", "https://bench.example/"],
            "bare": [os.path.join(bins, "secondround"), "build", "-src", bare, "-out", outs.get("bare"), "-base-url", "https://bench.example/"],
            "hugo": ["hugo", "--quiet", "--source", hugo, "--destination", outs.get("hugo"), "--noBuildLock"],
            "floor": [os.path.join(bins, "floor"), "-src", site, "-out", outs.get("floor")],
        }
        if a.stages:
            cmds["secondround"].append("-timings")
            cmds["bare"].append("-timings")
        # The tools take turns, run by run: a machine whose speed drifts
        # over minutes (as shared ones do) then slows each tool alike, and
        # the ratios stay honest.
        runs = {tool: [] for tool in tools}
        sizes = {}
        skipped = {}
        if "hugo" in tools:
            need, free = hugo_per_page * n * 1.1, mem_available()
            if free is not None and need > free:
                skipped["hugo"] = f"not run: needs about {need / 2**30:.1f} GiB, {free / 2**30:.1f} GiB free"
        for _ in range(a.runs):
            for tool in tools:
                if tool in skipped:
                    continue
                shutil.rmtree(outs[tool], ignore_errors=True)
                runs[tool].append(timed(cmds[tool]))
                sizes[tool] = du(outs[tool])
                shutil.rmtree(outs[tool], ignore_errors=True)
        rows = {}
        for tool in tools:
            rs = runs[tool]
            if not rs:
                continue
            rows[tool] = (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs),
                          max(r[2] for r in rs) / 1024, statistics.median(r[3] for r in rs) / 1000, sizes[tool] / 1e6,
                          f"{min(r[0] for r in rs):.2f}-{max(r[0] for r in rs):.2f}")
        for tool, (wall, cpu, rss, faults, size, spread) in rows.items():
            vs_h = f"{wall / rows['hugo'][0]:.2f}x" if "hugo" in rows else "-"
            vs_f = f"{wall / rows['floor'][0]:.2f}x" if "floor" in rows else "-"
            print(f"{n:>7} {tool:<12} {wall:>8.2f} {spread:>11} {cpu:>8.2f} {cpu / wall:>8.2f} {rss:>8.0f} {faults:>8.0f} {size:>8.1f} {wall * 1000 / n:>8.3f} {rss * 1024 / n:>8.1f} {vs_h:>8} {vs_f:>8}")
        for tool, why in skipped.items():
            print(f"{n:>7} {tool:<12} {why}")
        if a.stages:
            print_stages(n, runs, rows)
        if "hugo" in rows:
            hugo_per_page = rows["hugo"][2] * 2**20 / n
        sys.stdout.flush()


if __name__ == "__main__":
    main()
