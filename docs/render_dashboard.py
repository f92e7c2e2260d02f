#!/usr/bin/env python3
"""Draws grafana/dashboards/streamlearn-overview.json as an SVG from real Prometheus data.

Grafana's image cannot be pulled here, so this stands in for a screenshot: every panel's queries are
run against a Prometheus (query_range over the last --minutes, variables filled in: $pipeline and
$learner match everything, $__rate_interval = 4 x the step), and each series is drawn as a line in
the panel's grid position, with the panel's title, unit and legend. Nothing is made up: a panel
without data says so.

usage: render_dashboard.py PROMETHEUS_URL OUT.svg [--minutes 5]
"""
import json
import math
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent / "grafana" / "dashboards" / "streamlearn-overview.json"
COLORS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#f2495c", "#b877d9", "#8ab8ff", "#fade2a",
          "#37872d", "#c4162a", "#1f60c4", "#fa6400"]
CELL_W, CELL_H, PAD = 40, 34, 8          # pixels per grid column / row
BG, PANEL_BG, GRID, TEXT = "#111217", "#181b1f", "#2c3235", "#ccccdc"


def query_range(url, expr, start, end, step):
    q = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(f"{url}/api/v1/query_range?{q}", timeout=30) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise RuntimeError(f"{expr}: {body}")
    return body["data"]["result"]


def legend(fmt, labels):
    out = fmt
    for k, v in labels.items():
        out = out.replace("{{" + k + "}}", v)
    return out.strip() or json.dumps(labels)


def fmt_value(v, unit):
    if unit == "percentunit":
        return f"{100 * v:.0f}%"
    if unit == "s":
        for scale, suffix in ((1, "s"), (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")):
            if abs(v) >= scale or scale == 1e-9:
                return f"{v / scale:.3g} {suffix}"
    suffix = "/s" if unit == "cps" else ""
    if abs(v) >= 1000:
        return f"{v / 1000:.3g}k{suffix}"
    return f"{v:.3g}{suffix}"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def panel_svg(panel, series, unit):
    g = panel["gridPos"]
    x, y, w, h = g["x"] * CELL_W + PAD, g["y"] * CELL_H + PAD + 40, g["w"] * CELL_W - PAD, g["h"] * CELL_H - PAD
    out = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" fill="{PANEL_BG}" stroke="{GRID}"/>',
           f'<text x="{x + 10}" y="{y + 20}" fill="{TEXT}" font-size="13" font-weight="bold">{esc(panel["title"])}</text>']
    legend_w = 170
    px, py, pw, ph = x + 60, y + 34, w - 60 - legend_w - 10, h - 56
    points = [(t, v) for s in series for t, v in s["values"] if math.isfinite(v)]
    if not points:
        out.append(f'<text x="{x + w / 2}" y="{y + h / 2}" fill="#8e8e8e" font-size="13" text-anchor="middle">No data</text>')
        return out
    t0, t1 = min(p[0] for p in points), max(p[0] for p in points)
    v0, v1 = min(p[1] for p in points), max(p[1] for p in points)
    if unit in ("percentunit", "cps", "s", "short") or v0 > 0:
        v0 = min(v0, 0.0)
    if v1 == v0:
        v1 = v0 + 1
    sx = lambda t: px + (t - t0) / max(t1 - t0, 1e-9) * pw
    sy = lambda v: py + ph - (v - v0) / (v1 - v0) * ph
    for i in range(5):
        v = v0 + (v1 - v0) * i / 4
        out.append(f'<line x1="{px}" x2="{px + pw}" y1="{sy(v):.1f}" y2="{sy(v):.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{px - 6}" y="{sy(v) + 4:.1f}" fill="#8e8e8e" font-size="10" text-anchor="end">{esc(fmt_value(v, unit))}</text>')
    for k in range(4):
        t = t0 + (t1 - t0) * k / 3
        out.append(f'<text x="{sx(t):.1f}" y="{py + ph + 14}" fill="#8e8e8e" font-size="10" text-anchor="middle">'
                   f'{time.strftime("%H:%M:%S", time.gmtime(t))}</text>')
    for i, s in enumerate(series[:12]):
        color = COLORS[i % len(COLORS)]
        segs, cur = [], []
        for t, v in s["values"]:
            if math.isfinite(v):
                cur.append(f"{sx(t):.1f},{sy(v):.1f}")
            elif cur:
                segs.append(cur)
                cur = []
        if cur:
            segs.append(cur)
        for seg in segs:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{" ".join(seg)}"/>')
        last = next((v for _, v in reversed(s["values"]) if math.isfinite(v)), float("nan"))
        ly = y + 38 + i * 15
        if ly < y + h - 8:
            out.append(f'<rect x="{x + w - legend_w}" y="{ly - 8}" width="10" height="3" fill="{color}"/>')
            out.append(f'<text x="{x + w - legend_w + 14}" y="{ly - 3}" fill="{TEXT}" font-size="10">'
                       f'{esc(s["name"][:20])} {esc(fmt_value(last, unit))}</text>')
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    url, target = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    minutes = float(sys.argv[sys.argv.index("--minutes") + 1]) if "--minutes" in sys.argv else 5
    dash = json.loads(DASHBOARD.read_text())
    end = time.time()
    start = end - minutes * 60
    step = max(1, int(minutes * 60 / 200))
    parts, width, height = [], 0, 0
    for panel in dash["panels"]:
        unit = panel["fieldConfig"]["defaults"]["unit"]
        series = []
        for t in panel["targets"]:
            expr = (t["expr"].replace("$__rate_interval", f"{4 * step}s")
                    .replace("$pipeline", ".*").replace("$learner", ".*"))
            for r in query_range(url, expr, start, end, step):
                series.append({"name": legend(t.get("legendFormat", ""), r["metric"]),
                               "values": [(float(a), float(b)) for a, b in r["values"]]})
        series.sort(key=lambda s: s["name"])
        parts += panel_svg(panel, series, unit)
        g = panel["gridPos"]
        width = max(width, (g["x"] + g["w"]) * CELL_W + PAD)
        height = max(height, (g["y"] + g["h"]) * CELL_H + PAD + 40)
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="DejaVu Sans, sans-serif">',
            f'<rect width="100%" height="100%" fill="{BG}"/>',
            f'<text x="{PAD + 4}" y="28" fill="{TEXT}" font-size="17">{esc(dash["title"])}</text>',
            f'<text x="{width - PAD}" y="28" fill="#8e8e8e" font-size="11" text-anchor="end">pipeline: All   learner: All   '
            f'last {minutes:g} min, rendered from Prometheus query_range by docs/render_dashboard.py</text>']
    target.write_text("\n".join(head + parts + ["</svg>"]) + "\n")
    print(f"wrote {target} ({len(dash['panels'])} panels)")


if __name__ == "__main__":
    main()
