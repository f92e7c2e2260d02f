#!/usr/bin/env python3
"""The soak's two helpers (bench/soak.sh), standard library only.

latency START_EPOCH OUT
    Reads prediction timestamps (epoch ms, one per line: `kcat -f '%T\\n'` of the output topic) on
    standard input. A prediction's timestamp is its feature record's (Kafka Streams keeps the input
    record's timestamp; the feed's producer stamped it when it sent the record), so now - timestamp
    is the produce-to-readable-prediction latency, through the repartition topic and the
    exactly-once commit. Appends one line per wall-clock minute since START_EPOCH to OUT:
    `minute count p50_ms p99_ms max_ms`.

report CSV MD --fit-from M --rate R --command CMD --run-log LOG --feed-log LOG
    Fits a least-squares line to each series of the CSV over minutes M..last and writes the
    markdown report.
"""
import argparse
import csv
import math
import sys
import time


def percentile(sorted_values, q):
    """The nearest-rank percentile: the smallest value with at least q of the values at or below it."""
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def latency(start_epoch, out_path):
    minute = None
    values = []

    def flush():
        if minute is not None and values:
            values.sort()
            with open(out_path, "a") as out:
                out.write(f"{minute} {len(values)} {percentile(values, 0.50)} {percentile(values, 0.99)} {values[-1]}\n")

    for line in sys.stdin.buffer:
        now = time.time()
        m = int((now - start_epoch) // 60) + 1  # minute 1 is the first minute after the start
        if m != minute:
            flush()
            minute, values = m, []
        values.append(int(now * 1000) - int(line))
    flush()


def fit(xs, ys):
    """Least-squares slope and intercept of ys against xs."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return slope, my - slope * mx


# (column, what it is, held to the bar: no upward trend beyond 5%)
SERIES = [
    ("heap_after_gc_mb", "live heap after a full GC (MiB)", True),
    ("rss_mb", "resident set size (MiB)", True),
    ("open_files", "open file descriptors", True),
    ("threads", "threads", True),
    ("p99_latency_ms", "p99 produce-to-prediction latency (ms)", True),
    ("predictions_read", "predictions read in the minute (throughput)", False),
]
BAR_PERCENT = 5.0
# the application holds the rate when its input lag stays under this many seconds of input
LAG_SECONDS_HELD = 5


def report(args):
    with open(args.csv) as f:
        rows = list(csv.DictReader(f))
    last = int(rows[-1]["minute"])
    window = [r for r in rows if int(r["minute"]) >= args.fit_from]
    xs = [float(r["minute"]) for r in window]
    span = xs[-1] - xs[0]

    lines = [f"# Soak, {args.date}: {last} minutes at {args.rate} records/s", ""]
    lines += ["Command:", "", f"    {args.command}", ""]
    lines += [
        "The demo's spec (`topologies/demo.yaml`: ridge, lasso with a 5-member path, elastic net, an MLP",
        f"32x16) with `labels: {{topic: demo.labels}}` added, fed `drift` (its truth switches every 10,000",
        f"records) as feature records without labels; each label follows {args.label_delay_ms} ms later on",
        "`demo.labels`. One `run` process (`-Xmx512m`, as docker-compose.yml gives it) against one KRaft broker",
        "in a JVM of its own. Each minute: the live heap after a full GC (`jcmd GC.class_histogram`'s total),",
        "VmRSS and Threads of /proc/PID/status, the entries of /proc/PID/fd, the p99 of",
        "(time read - record timestamp) of every prediction read in the minute (read_committed), and",
        "`/metrics`' counters.",
        "",
        "## Slopes",
        "",
        f"Least squares over minutes {int(xs[0])} to {int(xs[-1])}; the change is slope x {span:g} minutes",
        "relative to the fitted value at the first of them. Bar: no upward trend beyond "
        f"{BAR_PERCENT:g}% for the resource series and the p99.",
        "",
        "| series | slope per minute | fitted at start | change over the span | bar |",
        "| --- | --- | --- | --- | --- |",
    ]
    failed = []
    for column, what, held in SERIES:
        ys = [float(r[column]) for r in window]
        slope, intercept = fit(xs, ys)
        start = intercept + slope * xs[0]
        change = 100.0 * slope * span / start if start else float("inf")
        verdict = "-"
        if held:
            verdict = "pass" if change <= BAR_PERCENT else "FAIL"
            if verdict == "FAIL":
                failed.append(what)
        lines.append(f"| {what} | {slope:+.4g} | {start:.4g} | {change:+.2f}% | {verdict} |")

    loads = [float(r["load1"]) for r in rows]
    steady = [r for r in rows if int(r["minute"]) >= args.fit_from]
    predicted = [int(r["predictions_read"]) for r in steady]
    lags = [int(r["features_lag"]) for r in steady]
    behind = [int(r["feed_behind_ms"]) for r in steady]
    feed_held = max(behind) < 1000
    app_held = max(lags) <= args.rate * LAG_SECONDS_HELD
    dead = int(rows[-1]["dead_letters"])
    expired = int(rows[-1]["labels_expired"])
    errors = [l.rstrip() for path in (args.run_log, args.feed_log) for l in open(path, errors="replace")
              if " ERROR " in l or l.startswith("ERROR")]

    lines += ["", "## Verdict", ""]
    lines.append(f"- Trend bar: {'FAIL for ' + ', '.join(failed) if failed else 'pass'} "
                 f"(no upward trend beyond {BAR_PERCENT:g}% from minute {int(xs[0])} to {int(xs[-1])}).")
    lines.append(f"- ERROR lines in the log of `run` and of the feed: {len(errors)}.")
    for e in errors[:10]:
        lines.append(f"    - `{e[:200]}`")
    lines.append(f"- Dead letters at the end: {dead}; records whose label never came (expired): {expired}.")
    lines.append(f"- Rate {args.rate}/s ({args.rate * 60} a minute), minutes {int(xs[0])} to {int(xs[-1])}: "
                 f"{'held' if feed_held and app_held else 'NOT held'}. The feed's pacing was at most {max(behind)} ms "
                 f"behind its schedule ({'it sent at the rate' if feed_held else 'it could not send at the rate'}); "
                 f"predictions read a minute min {min(predicted)}, mean {sum(predicted) / len(predicted):.0f}, "
                 f"max {max(predicted)}; the input's consumer lag at the samples at most {max(lags)} records "
                 f"({'within' if app_held else 'over'} {LAG_SECONDS_HELD} s of input).")
    lines.append(f"- Machine (2 cores, shared): load average (1 min) min {min(loads):.1f}, "
                 f"mean {sum(loads) / len(loads):.1f}, max {max(loads):.1f} over the samples.")

    lines += ["", "## Samples", "", "| " + " | ".join(rows[0].keys()) + " |",
              "|" + " --- |" * len(rows[0])]
    for r in rows:
        lines.append("| " + " | ".join(r.values()) + " |")
    with open(args.md, "w") as f:
        f.write("\n".join(lines) + "\n")
    return 1 if failed or errors else 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command_name", required=True)
    lat = sub.add_parser("latency")
    lat.add_argument("start_epoch", type=float)
    lat.add_argument("out")
    rep = sub.add_parser("report")
    rep.add_argument("csv")
    rep.add_argument("md")
    rep.add_argument("--fit-from", type=int, required=True)
    rep.add_argument("--rate", type=int, required=True)
    rep.add_argument("--label-delay-ms", type=int, required=True)
    rep.add_argument("--date", required=True)
    rep.add_argument("--command", required=True)
    rep.add_argument("--run-log", required=True)
    rep.add_argument("--feed-log", required=True)
    args = parser.parse_args()
    if args.command_name == "latency":
        latency(args.start_epoch, args.out)
        return 0
    return report(args)


if __name__ == "__main__":
    sys.exit(main())
