#!/usr/bin/env bash
# A quick check of bench/soak.sh itself (about 5 minutes; run by hand, not in CI): a 3-minute soak
# into a temporary folder, then checks that it went end to end. A 3-minute run is too short for the
# trend bar (its fit starts at minute 1, in the JIT's warm-up), so the soak's own verdict (exit 0 or
# 1) is not judged here, only that every part worked:
#   - the soak ended with 0 or 1, not a usage error or a crash;
#   - the CSV has a row per minute, every field a number, a heap, an RSS, open files and threads,
#     predictions read (so a p99) in every minute, features sent and consumed;
#   - the report has the slope of every series and the verdict lines;
#   - no process the soak started is left (it lists them in its work folder's pids).
set -euo pipefail
cd "$(dirname "$0")/../.."

results=$(mktemp -d /tmp/soak-selfcheck.XXXXXX)
fail() { echo "selfcheck: FAIL: $*" >&2; exit 1; }

status=0
bench/soak.sh --minutes 3 --results "$results" | tee "$results/out.txt" || status=$?
((status == 0 || status == 1)) || fail "the soak exited $status"
work=$(sed -n 's/^soak: .*logs in \(\/tmp\/soak\.[A-Za-z0-9]*\).*/\1/p' "$results/out.txt" | head -1)
[[ -n $work ]] || fail "the soak did not say where its logs are"

csv=$(ls "$results"/soak-*.csv)
md=$(ls "$results"/soak-*.md)
python3 - "$csv" <<'EOF' || fail "the CSV ($csv)"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [int(r["minute"]) for r in rows] == [1, 2, 3], "a row per minute"
for r in rows:
    for k, v in r.items():
        float(v)  # every field a number
    m = r["minute"]
    for k in ("heap_after_gc_mb", "rss_mb", "open_files", "threads", "predictions_read", "p99_latency_ms",
              "sent_per_min", "consumed_per_min"):
        assert float(r[k]) > 0, f"minute {m}: {k} is {r[k]}"
    assert float(r["p50_latency_ms"]) <= float(r["p99_latency_ms"]), f"minute {m}: p50 over p99"
    assert float(r["heap_after_gc_mb"]) < float(r["rss_mb"]), f"minute {m}: heap over RSS"
print(f"selfcheck: CSV ok, {len(rows)} minutes")
EOF
for series in "live heap after a full GC" "resident set size" "open file descriptors" "threads |" \
    "p99 produce-to-prediction latency" "predictions read in the minute" "Trend bar:" "ERROR lines" "Dead letters" "Rate 5000/s"; do
  grep -qF -- "$series" "$md" || fail "the report has no '$series'"
done
echo "selfcheck: report ok ($md)"
[[ -s $work/pids ]] || fail "the soak did not list the processes it started"
while read -r pid; do
  ! kill -0 "$pid" 2>/dev/null || fail "process $pid of the soak is left: $(ps -o args= -p "$pid")"
done <"$work/pids"
echo "selfcheck: no process left; passed (results in $results, logs in $work)"
