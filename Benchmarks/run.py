#!/usr/bin/env python3
"""enlint beside the tools users reach for, on the same generated file, in one run.

    Benchmarks/run.py [--size 200MB] [--runs 5] [--kind transactions] [--only NAME,...]

Builds enlint and the Swift CSV parsers in release mode, generates the file once
(scripts/generate-csv.py, deterministic), warms the page cache, then runs every tool
round-robin RUNS times and prints, per tool, the median wall time,
throughput, peak RSS, and the median of the per-round ratios to enlint's full lint (ratios
measured in the same round hold up on a shared, noisy machine).

It ends with issue #5's targets, each MET or NOT MET: a full lint at 2 GB/s or more, at least
7 times DuckDB single-threaded (the per-round ratio), peak RSS at most 24 MiB and within 1 MiB
of a 20 MB file's, and a 20 MB file end to end in under 50 ms (enlint on a 20 MB file of the
same kind runs in the same rounds for the last two).
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def size_bytes(text):
    for suffix, factor in (("KB", 10**3), ("MB", 10**6), ("GB", 10**9)):
        if text.upper().endswith(suffix):
            return int(float(text[: -len(suffix)]) * factor)
    return int(text)


MEASURE_RUN = os.path.join(HERE, ".build/release/measure-run")


def measure(cmd, env=None, timeout=600):
    """Wall seconds and peak RSS (MiB) of one run; None when the tool failed or timed out."""
    # measure-run (Sources/measure-run/main.c) forks and execs the tool, times it from fork to
    # wait4 and takes its peak RSS from wait4: neither its own start nor Python's memory (which
    # a fork from Python would add to the child's peak) counts against the tool.
    # Its own process group, so that a timeout stops the tool too, not only the launcher.
    p = subprocess.Popen([MEASURE_RUN] + cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env=env, text=True, start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None
    fields = out.split()
    if p.returncode != 0 or len(fields) != 3 or int(fields[2]) not in (0, 1):
        return None
    return float(fields[0]), int(fields[1]) / 1024


def make_data(kind, size):
    """The benchmark file, generated once. Above 200 MB it is the 200 MB file's data rows repeated
    under its header (the generator, in Python, writes a few MB/s at best): the same rows and
    defects per megabyte, so throughput is comparable across sizes."""
    path = f"/tmp/enlint-bench-{kind}-{size}.csv"
    if os.path.exists(path):
        return path
    base_size = 200 * 10**6
    if size_bytes(size) <= base_size:
        sh([sys.executable, os.path.join(ROOT, "scripts/generate-csv.py"), kind, size, path])
        return path
    base = make_data(kind, "200MB")
    copies = -(-size_bytes(size) // base_size)
    with open(base, "rb") as src, open(path + ".part", "wb") as out:
        out.write(src.readline())
        body = src.tell()
        for _ in range(copies):
            src.seek(body)
            while chunk := src.read(1 << 24):
                out.write(chunk)
    os.replace(path + ".part", path)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="200MB")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--kind", default="transactions", choices=["transactions", "supporters"])
    ap.add_argument("--only", default="")
    args = ap.parse_args()

    data = make_data(args.kind, args.size)
    sh(["swift", "build", "-c", "release", "--product", "enlint"], cwd=ROOT, stdout=subprocess.DEVNULL)
    sh(["swift", "build", "-c", "release"], cwd=HERE, stdout=subprocess.DEVNULL)
    have_duckdb = subprocess.run([sys.executable, "-c", "import duckdb"], stderr=subprocess.DEVNULL).returncode == 0
    if not have_duckdb:
        have_duckdb = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"]).returncode == 0

    enlint = os.path.join(ROOT, ".build/release/enlint")
    bench_bin = os.path.join(HERE, ".build/release")
    small = f"/tmp/enlint-bench-{args.kind}-20MB.csv"
    if not os.path.exists(small):
        sh([sys.executable, os.path.join(ROOT, "scripts/generate-csv.py"), args.kind, "20MB", small])
    # enlint stops reading at 1 GiB by default (a guard against endless input): read it all here.
    whole = ["--max-bytes", str(os.path.getsize(data) + 1)]
    tools = [
        ("enlint (full rules)", [enlint, "--quiet", "--failure-threshold", "none"] + whole + [data], None),
        ("enlint, 20 MB file", [enlint, "--quiet", "--failure-threshold", "none", small], None),
        ("enlint tokenizer + EN203", [enlint, "--quiet", "--select", "EN203"] + whole + [data], None),
        ("wc -l", ["wc", "-l", data], None),
        ("Python csv + regex", [sys.executable, os.path.join(HERE, "peers/python_csv_lint.py"), data], None),
        ("SwiftCSV (load + rows)", [os.path.join(bench_bin, "swiftcsv-count"), data], None),
        ("CSV.swift (stream rows)", [os.path.join(bench_bin, "csvswift-count"), data], None),
    ]
    if have_duckdb and args.kind == "transactions":
        for threads in (1, 2):
            env = dict(os.environ, THREADS=str(threads))
            tools.append((f"DuckDB {threads} thread{'s' if threads > 1 else ''}",
                          [sys.executable, os.path.join(HERE, "peers/duckdb_lint.py"), data], env))
    if args.only:
        wanted = args.only.split(",")
        tools = [t for t in tools if t[0].startswith("enlint") and "EN203" not in t[0] or any(w in t[0] for w in wanted)]

    with open(data, "rb") as f:  # warm the page cache
        while f.read(1 << 24):
            pass
    size = os.path.getsize(data)
    results = {name: [] for name, _, _ in tools}
    for _ in range(args.runs):
        for name, cmd, env in tools:
            results[name].append(measure(cmd, env))

    base = results["enlint (full rules)"]
    medians = {}
    print(f"{size / 1e6:.0f} MB {args.kind} file, {args.runs} rounds, medians")
    print(f"{'tool':28} {'wall s':>8} {'MB/s':>8} {'peak MiB':>9} {'time / enlint':>14}")
    for name, _, _ in tools:
        runs = [r for r in results[name] if r]
        if not runs:
            print(f"{name:28} {'failed or timed out':>42}")
            continue
        wall = statistics.median(r[0] for r in runs)
        rss = statistics.median(r[1] for r in runs)
        ratios = [r[0] / b[0] for r, b in zip(results[name], base) if r and b and b[0] > 0]
        ratio = statistics.median(ratios) if ratios else float("nan")
        medians[name] = (wall, rss, ratio)
        file_size = os.path.getsize(small) if name == "enlint, 20 MB file" else size
        print(f"{name:28} {wall:8.3f} {file_size / 1e6 / max(wall, 1e-9):8.0f} {rss:9.1f} {ratio:14.2f}")

    print(f"\nTargets (issue #5), {size / 1e6:.0f} MB file:")

    def verdict(label, ok, figure):
        print(f"  {'MET    ' if ok else 'NOT MET'}  {label}: {figure}")

    full = medians.get("enlint (full rules)")
    if full:
        verdict("full lint at 2 GB/s or more", size / full[0] >= 2e9, f"{size / 1e6 / full[0]:.0f} MB/s")
        verdict("peak RSS at most 24 MiB", full[1] <= 24, f"{full[1]:.1f} MiB")
    duck = medians.get("DuckDB 1 thread")
    if duck:
        verdict("at least 7x DuckDB single-threaded (same rounds)", duck[2] >= 7, f"{duck[2]:.2f}x")
    small_run = medians.get("enlint, 20 MB file")
    if small_run and full:
        verdict("flat memory: within 1 MiB of the 20 MB file", abs(full[1] - small_run[1]) <= 1,
                f"{small_run[1]:.1f} -> {full[1]:.1f} MiB")
        verdict("20 MB end to end under 50 ms", small_run[0] < 0.05, f"{small_run[0] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
