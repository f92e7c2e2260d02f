#!/usr/bin/env bash
# Makes docs/dashboard.png: runs `streamlearn demo` (in-JVM broker, friedman1 at 2000 records/s) and
# Debian's prometheus (temporary storage, 1 s scrapes of the demo's /metrics) for a few minutes, then
# draws the overview dashboard's panels from Prometheus' answers (docs/render_dashboard.py) and
# rasterizes the SVG with rsvg-convert. Needs target/streamlearn.jar, prometheus, rsvg-convert.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-4}
http_port=18080 prom_port=19090
work=$(mktemp -d)
cleanup() {
  [[ -n "${demo_pid:-}" ]] && kill "$demo_pid" 2>/dev/null || true
  [[ -n "${prom_pid:-}" ]] && kill "$prom_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
java -jar target/streamlearn.jar demo --http-port "$http_port" --rate 2000 >"$work/demo.log" 2>&1 &
demo_pid=$!
cat >"$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: streamlearn
    static_configs: [{targets: ["localhost:$http_port"]}]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prom_pid=$!
echo "demo and prometheus running; collecting for $minutes min"
sleep $((minutes * 60))
python3 docs/render_dashboard.py "http://127.0.0.1:$prom_port" "$work/dashboard.svg" --minutes "$minutes"
rsvg-convert -o docs/dashboard.png "$work/dashboard.svg"
echo "wrote docs/dashboard.png"
