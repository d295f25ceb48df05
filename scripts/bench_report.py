#!/usr/bin/env python3
"""Turns the JSON lines of aj-bench and huey_bench.py into the comparison table and the summary line."""
import json
import os
import platform
import sqlite3
import sys


def load(path):
    with open(path) as handle:
        return [json.loads(line) for line in handle if line.startswith("{")]


def best(results, system, workload, durability, key="per_s", lowest=False):
    rows = [r for r in results if r["system"] == system and r["workload"] == workload and r.get("durability") == durability and key in r]
    if not rows:
        return None
    return (min if lowest else max)(rows, key=lambda r: r[key])


def fmt(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def main(path):
    results = load(path)
    print(f"\nmachine: {os.cpu_count()} cores, {platform.machine()}, SQLite {sqlite3.sqlite_version} (huey's), Python {platform.python_version()}")
    print(f"{'workload':<22}{'durability':<12}{'aj':>12}{'huey (best config)':>22}{'ratio':>8}  aj config / huey config")
    pairs = [("FULL", "FULL"), ("NORMAL", "OFF")]
    for workload in ("enqueue_single", "enqueue_batch", "drain", "e2e"):
        for ours, theirs in pairs:
            a = best(results, "aj", workload, ours)
            h = best(results, "huey", workload, theirs)
            if a is None and h is None:
                continue
            ratio = a["per_s"] / h["per_s"] if a and h else None
            label = f"{ours} vs {theirs}"
            print(f"{workload:<22}{label:<12}{fmt(a and a['per_s']):>12}{fmt(h and h['per_s']):>22}{fmt(ratio, 1):>8}  "
                  f"{a['config'] if a else '-'} / {h['config'] if h else '-'}")
    for ours, theirs in pairs:
        a = best(results, "aj", "dispatch", ours, "p50_ms", lowest=True)
        h = best(results, "huey", "dispatch", theirs, "p50_ms", lowest=True)
        print(f"{'dispatch p50/p99 ms':<22}{ours + ' vs ' + theirs:<12}"
              f"{(fmt(a['p50_ms'], 2) + '/' + fmt(a['p99_ms'], 2)) if a else '-':>12}"
              f"{(fmt(h['p50_ms'], 1) + '/' + fmt(h['p99_ms'], 1)) if h else '-':>22}")
    small = next((r for r in results if r["workload"] == "drain_backlog_small"), None)
    large = next((r for r in results if r["workload"] == "drain_backlog_large"), None)
    backlog_ratio = large["per_s"] / small["per_s"] if small and large else None
    if small and large:
        print(f"{'drain by backlog':<22}{large['durability']:<12}{fmt(small['per_s'])} tasks/s ({small['config']}) vs "
              f"{fmt(large['per_s'])} tasks/s ({large['config']}): ratio {backlog_ratio:.2f}")
    frame = next((r for r in results if r["workload"] == "frame"), None)
    if frame:
        print(f"{'dashboard frame':<22}{'':<12}median {frame['median_ms']:.2f} ms on {frame['config']}")
    e2e = best(results, "aj", "e2e", "FULL")
    huey_e2e = best(results, "huey", "e2e", "FULL")
    e2e_default = best(results, "aj", "e2e", "NORMAL")
    dispatch = best(results, "aj", "dispatch", "NORMAL", "p50_ms", lowest=True)
    ratio = e2e["per_s"] / huey_e2e["per_s"] if e2e and huey_e2e else None
    print(f"aj e2e at its default durability (NORMAL): {fmt(e2e_default and e2e_default['per_s'])} tasks/s")
    fields = {
        "e2e_per_s": e2e and round(e2e["per_s"]),
        "huey_e2e_per_s": huey_e2e and round(huey_e2e["per_s"]),
        "ratio": ratio and round(ratio, 1),
        "dispatch_p50_ms": dispatch and round(dispatch["p50_ms"], 2),
        "dispatch_p99_ms": dispatch and round(dispatch["p99_ms"], 2),
        "backlog_ratio": backlog_ratio and round(backlog_ratio, 2),
        "frame_ms": frame and round(frame["median_ms"], 2),
    }
    print("summary: " + " ".join(f"{k}={'NA' if v is None else v}" for k, v in fields.items()))


if __name__ == "__main__":
    main(sys.argv[1])
