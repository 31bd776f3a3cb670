#!/usr/bin/env python3
"""Turns the raw wrk outputs of bench/run.sh (RAWDIR/r<round>_<workload>_<target>.txt) into Markdown.

usage: report.py RAWDIR ROUNDS "targets..." "workloads..."
"""
import re
import statistics
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse(path):
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        return None
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if not rps:
        return None
    out = {"rps": float(rps.group(1)), "errors": 0}
    for pct in ("50", "99"):
        m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % pct, text, re.M)
        out["p" + pct] = float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    if m:
        out["errors"] += int(m.group(1))
    m = re.search(r"^\s*(\d+) requests in", text, re.M)
    c = re.search(r"^cpu_ticks (\d+) (\d+)", text, re.M)
    out["cpu_us"] = (int(c.group(1)) / int(c.group(2))) * 1e6 / int(m.group(1)) if m and c and int(m.group(1)) else float("nan")
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["errors"] += sum(int(x) for x in m.groups())
    return out


def med(values):
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def fmt_ms(v):
    if v != v:
        return "n/a"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:.0f}"


def main():
    rawdir, rounds, targets, workloads = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split()
    print("| workload | target | req/s | p50 ms | p99 ms | req/s vs nginx | p50 added vs direct (ms) | CPU µs/req | errors | req/s by round |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|---|")
    for w in workloads:
        stats = {}
        for t in targets:
            runs = [parse(f"{rawdir}/r{r}_{w}_{t}.txt") for r in range(1, rounds + 1)]
            runs = [x for x in runs if x]
            if not runs:
                continue
            stats[t] = {
                "rps": med([x["rps"] for x in runs]),
                "p50": med([x["p50"] for x in runs]),
                "p99": med([x["p99"] for x in runs]),
                "cpu": med([x["cpu_us"] for x in runs]),
                "errors": sum(x["errors"] for x in runs),
                "rounds": " / ".join(f"{x['rps']:.0f}" for x in runs),
            }
        for t, s in stats.items():
            vs_nginx = f"{s['rps'] / stats['nginx']['rps']:.2f}x" if "nginx" in stats and t.startswith("proxy") else ""
            added = f"{s['p50'] - stats['direct']['p50']:+.2f}" if "direct" in stats and t != "direct" else ""
            print(f"| {w} | {t} | {s['rps']:.0f} | {fmt_ms(s['p50'])} | {fmt_ms(s['p99'])} | {vs_nginx} | {added} "
                  f"| {s['cpu']:.0f} | {s['errors']} | {s['rounds']} |")
    latency_table(rawdir, rounds, targets, workloads)


def latency_table(rawdir, rounds, targets, workloads):
    """One connection, one request at a time: what each hop adds to a single request, without queueing."""
    rows = []
    for w in workloads:
        stats = {}
        for t in targets:
            runs = [parse(f"{rawdir}/l{r}_{w}_{t}.txt") for r in range(1, rounds + 1)]
            runs = [x for x in runs if x]
            if runs:
                stats[t] = {"p50": med([x["p50"] for x in runs]), "p99": med([x["p99"] for x in runs]),
                            "rps": med([x["rps"] for x in runs]), "errors": sum(x["errors"] for x in runs)}
        for t, s in stats.items():
            added = s["p50"] - stats["direct"]["p50"] if "direct" in stats and t != "direct" else None
            nginx_added = stats["nginx"]["p50"] - stats["direct"]["p50"] if {"nginx", "direct"} <= stats.keys() else None
            over = f"{added - nginx_added:+.3f}" if added is not None and nginx_added is not None and t.startswith("proxy") else ""
            rows.append(f"| {w} | {t} | {s['rps']:.0f} | {s['p50']:.3f} | {fmt_ms(s['p99'])} "
                        f"| {'' if added is None else f'{added:+.3f}'} | {over} | {s['errors']} |")
    if rows:
        print()
        print("One connection (wrk -t1 -c1), medians of the rounds: the latency a hop adds to a single request.")
        print()
        print("| workload | target | req/s | p50 ms | p99 ms | p50 added vs direct (ms) | added beyond nginx's (ms) | errors |")
        print("|---|---|--:|--:|--:|--:|--:|--:|")
        print("\n".join(rows))


if __name__ == "__main__":
    main()
