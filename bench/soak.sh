#!/usr/bin/env bash
# A soak (issue 28, item 4; not in CI): `run` on the demo's spec with delayed labels, fed the drift
# dataset at a steady rate for a long time, sampled once a minute, to see a slow leak or a growing
# buffer before production does.
#
#   bench/soak.sh [--minutes 30] [--rate 5000] [--label-delay-ms 5000] [--results bench/results]
#
# Needs target/streamlearn.jar (mvn -B -q package -DskipTests), java with jcmd, kcat, curl, python3.
# Starts, on this machine: a KRaft broker in a JVM of its own (io.streamlearn.broker.BrokerProcess),
# `run` (-Xmx512m) with topologies/demo.yaml plus `labels: {topic: demo.labels}`, the feed
# (bench/soak/DelayedLabelFeed.java: drift's records without labels, each label DELAY ms later), and
# a kcat reader of the predictions for the latency. Each minute it appends a row to
# RESULTS/soak-<date>.csv: the load average, live heap after a full GC, RSS, open files, threads, p50/p99
# latency, feature records consumed, dead letters, labels joined and expired. At the end it fits a
# least-squares slope to each series from minute 5 (minute 1 for runs under 10 minutes) and writes
# RESULTS/soak-<date>.md. Exit 0 when every series held the bar (no upward trend beyond 5%) and no
# ERROR was logged, 1 otherwise, 2 for a usage error. Every process it starts is stopped at the end
# (also on Ctrl-C); the logs stay in the work folder it prints.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=30
rate=5000
label_delay_ms=5000
results=bench/results
command_line="bench/soak.sh $*"
usage() { echo "usage: bench/soak.sh [--minutes N] [--rate R] [--label-delay-ms D] [--results DIR]" >&2; exit 2; }
while (($#)); do
  case $1 in
    --minutes) minutes=${2:?}; shift 2 ;;
    --rate) rate=${2:?}; shift 2 ;;
    --label-delay-ms) label_delay_ms=${2:?}; shift 2 ;;
    --results) results=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done
[[ $minutes =~ ^[1-9][0-9]*$ && $rate =~ ^[1-9][0-9]*$ && $label_delay_ms =~ ^[0-9]+$ ]] || usage
jar=target/streamlearn.jar
[[ -f $jar ]] || { echo "soak: $jar is missing: build it with mvn -B -q package -DskipTests" >&2; exit 2; }
for tool in java jcmd kcat curl python3; do
  command -v $tool >/dev/null || { echo "soak: $tool is not installed" >&2; exit 2; }
done
mkdir -p "$results"
day=$(date -u +%F)
csv=$results/soak-$day.csv
md=$results/soak-$day.md
fit_from=$((minutes >= 10 ? 5 : 1))

work=$(mktemp -d /tmp/soak.XXXXXX)
echo "soak: $minutes min at $rate records/s; logs in $work"
started_pids=()
cleanup() { # stops what this script started, newest first: feed, reader, run, broker
  local pid
  for ((i = ${#started_pids[@]} - 1; i >= 0; i--)); do
    pid=${started_pids[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  exec 3>&- 2>/dev/null || true   # the broker stops when its standard input closes
  [[ -z ${broker_pid:-} ]] || for _ in $(seq 60); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 1; done
  [[ -z ${broker_pid:-} ]] || kill -KILL "$broker_pid" 2>/dev/null || true
  rm -rf "$work/state" "$work"/*.fifo
  printf '%s\n' "${started_pids[@]}" ${broker_pid:-} >"$work/pids"   # for bench/soak/selfcheck.sh
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # wait_for SECONDS WHAT COMMAND...: polls COMMAND once a second
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "soak: $what not within $seconds s (logs in $work)" >&2
  exit 1
}

# 1. the broker: a JVM of its own that prints its address when ready and stops at the end of its stdin
mkfifo "$work/broker.fifo"
java -Xmx512m -cp "$jar" io.streamlearn.broker.BrokerProcess <"$work/broker.fifo" >"$work/broker.out" 2>"$work/broker.log" &
broker_pid=$!
exec 3>"$work/broker.fifo"
wait_for 180 "the broker" grep -q '^streamlearn-broker-ready ' "$work/broker.out"
bootstrap=$(sed -n 's/^streamlearn-broker-ready //p' "$work/broker.out")

# 2. run: the demo's spec with delayed labels; it creates its topics
{ cat topologies/demo.yaml; echo "labels: {topic: demo.labels}"; } >"$work/soak.yaml"
http_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -Xmx512m -jar "$jar" run --topology "$work/soak.yaml" --bootstrap-servers "$bootstrap" \
  --application-id soak --state-dir "$work/state" --http-host 127.0.0.1 --http-port "$http_port" >"$work/run.log" 2>&1 &
run_pid=$!
started_pids+=("$run_pid")
metrics_url=http://127.0.0.1:$http_port/metrics
wait_for 180 "run's /health" curl -sf "http://127.0.0.1:$http_port/health"

# 3. the latency reader and the feed; minute 1 starts now
start=$(date +%s.%N)
mkfifo "$work/latency.fifo"
python3 bench/soak/soak.py latency "$start" "$work/latency.txt" <"$work/latency.fifo" &
started_pids+=($!)
kcat -C -q -u -b "$bootstrap" -t demo.predictions -o end -f '%T\n' >"$work/latency.fifo" 2>"$work/kcat.log" &
started_pids+=($!)
java -Xmx256m -cp "$jar" bench/soak/DelayedLabelFeed.java "$bootstrap" demo.features demo.labels "$rate" "$label_delay_ms" \
  >"$work/feed.log" 2>&1 &
started_pids+=($!)

metric() { # metric NAME [LABEL-REGEX]: sum of the series NAME{...} whose labels match, from $work/metrics.txt
  awk -v name="$1" -v labels="${2:-}" '
    index($0, name "{") == 1 && $0 ~ labels { sum += $NF } END { printf "%.0f", sum }' "$work/metrics.txt"
}

echo "minute,elapsed_s,load1,load5,heap_after_gc_mb,rss_mb,open_files,threads,p50_latency_ms,p99_latency_ms,predictions_read,sent_per_min,consumed_per_min,features_lag,dead_letters,labels_joined,labels_expired,feed_behind_ms" >"$csv"
consumed_before=0
sent_before=0
for ((m = 1; m <= minutes; m++)); do
  sleep "$(python3 -c "import time; print(max(0, $start + 60 * $m - time.time()))")"
  kill -0 "$run_pid" 2>/dev/null || { echo "soak: run ended at minute $m (see $work/run.log)" >&2; exit 1; }
  read -r load1 load5 _ </proc/loadavg
  # live bytes as a full GC leaves them, counted in that GC's pause (GC.run then GC.heap_info would
  # add what the application allocates between the two attaches: 60 MB at 3,000 records/s)
  heap_bytes=$(jcmd "$run_pid" GC.class_histogram | awk '$1 == "Total" {print $3}')
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$run_pid/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$run_pid/status")
  open_files=$(find "/proc/$run_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
  curl -sf "$metrics_url" >"$work/metrics.txt"
  # [.]: the client reports each topic twice, also as demo_features (deprecated)
  consumed=$(metric kafka_consumer_fetch_manager_records_consumed_total 'topic="demo[.]features"')
  lag=$(metric kafka_consumer_fetch_manager_records_lag 'topic="demo[.]features"')
  dead=$(( $(metric streamlearn_rejected_total) + $(metric streamlearn_labels_total 'outcome="(unknown_id|duplicate|invalid)"') ))
  joined=$(metric streamlearn_labels_total 'outcome="joined"')
  expired=$(metric streamlearn_labels_total 'outcome="expired"')
  # the reader writes minute m's line with the first prediction of minute m + 1
  wait_for 30 "the latency of minute $m" grep -q "^$m " "$work/latency.txt"
  read -r _ predictions p50 p99 _ < <(grep "^$m " "$work/latency.txt")
  read -r _ sent _ behind < <(grep '^sent ' "$work/feed.log" | tail -1)
  printf '%d,%.0f,%s,%s,%.1f,%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n' "$m" \
    "$(python3 -c "import time; print(time.time() - $start)")" "$load1" "$load5" \
    "$(awk "BEGIN {print $heap_bytes / 1048576}")" "$(awk "BEGIN {print $rss_kb / 1024}")" "$open_files" "$threads" \
    "$p50" "$p99" "$predictions" $((sent - sent_before)) $((consumed - consumed_before)) "$lag" "$dead" "$joined" \
    "$expired" "$behind" | tee -a "$csv"
  consumed_before=$consumed
  sent_before=$sent
done

cleanup
trap - EXIT
python3 bench/soak/soak.py report "$csv" "$md" --fit-from "$fit_from" --rate "$rate" --label-delay-ms "$label_delay_ms" \
  --date "$day" --command "$command_line" --run-log "$work/run.log" --feed-log "$work/feed.log" && status=0 || status=$?
echo "soak: $md (logs in $work)"
exit "$status"
