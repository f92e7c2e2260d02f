#!/usr/bin/env bash
# Smoke run of docker-compose.yml on locally built images (docker/build-images.sh): validates the
# compose file, starts kafka + topics + streamlearn + producer, waits until predictions flow
# (read_committed, from inside the kafka container) and streamlearn's /health says RUNNING, then
# tears everything down. Prometheus and Grafana are not started (their images need a registry).
# With --scaleout: the scaleout profile, streamlearn-2 as well; both instances must be RUNNING with
# active tasks of their own (GET /health) before the predictions are read.
# Fails (exit 1) on any error or after SMOKE_TIMEOUT seconds (default 170).
# Usage: docker/smoke.sh [--scaleout]
set -euo pipefail
cd "$(dirname "$0")/.."
. docker/lib/rootfs.sh

instances=(streamlearn)
for arg in "$@"; do
  case "$arg" in
    --scaleout) instances=(streamlearn streamlearn-2) ;;
    *) die "unknown option $arg" ;;
  esac
done
deadline=$((SECONDS + ${SMOKE_TIMEOUT:-170}))
want=${SMOKE_PREDICTIONS:-500}
project=${SMOKE_PROJECT:-streamlearn-smoke}
if command -v docker-compose >/dev/null; then
  compose=(docker-compose -p "$project" -f docker-compose.yml)
else # the compose v2 plugin
  compose=(docker compose -p "$project" -f docker-compose.yml)
fi
# the profile's service too, so that the teardown removes it
((${#instances[@]} == 1)) || compose+=(--profile scaleout)

remaining() { local r=$((deadline - SECONDS)); echo $((r > 1 ? r : 1)); }

# A host port nothing listens on, from $1 up (the stack publishes ports; other work may use 8080).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
export KAFKA_HOST_PORT=${KAFKA_HOST_PORT:-$(free_port 19094)}
export STREAMLEARN_HTTP_PORT=${STREAMLEARN_HTTP_PORT:-$(free_port 18080)}
export STREAMLEARN_2_HTTP_PORT=${STREAMLEARN_2_HTTP_PORT:-$(free_port $((STREAMLEARN_HTTP_PORT + 1)))}

start=$SECONDS
log "validating docker-compose.yml ($("${compose[@]}" version --short))"
"${compose[@]}" config -q

if command -v promtool >/dev/null; then # Debian's prometheus package, where installed
  promtool check config prometheus/prometheus.yml >&2
fi

kafka_image=$("${compose[@]}" config | sed -n 's/^ *image: \(apache\/kafka:.*\)$/\1/p' | head -1)
app_image=${STREAMLEARN_IMAGE:-streamlearn:latest}
for image in "$kafka_image" "$app_image"; do
  image_exists "$image" || die "image $image missing: run docker/build-images.sh"
done

teardown() {
  "${compose[@]}" down -v --remove-orphans -t 5 >/dev/null 2>&1 || true
}
failed() {
  log "smoke run failed after $((SECONDS - start)) s; last logs:"
  "${compose[@]}" ps >&2 || true
  "${compose[@]}" logs --no-color --tail 40 >&2 || true
  teardown
  exit 1
}
trap failed ERR
trap teardown EXIT

teardown # leftovers of an interrupted run
log "starting kafka, topics, ${instances[*]}, producer (ports: kafka $KAFKA_HOST_PORT, http $STREAMLEARN_HTTP_PORT)"
timeout "$(remaining)" "${compose[@]}" up -d --no-build kafka topics "${instances[@]}" producer
log "stack up after $((SECONDS - start)) s"

health() { "${compose[@]}" exec -T "$1" wget -q -O - http://localhost:8080/health 2>/dev/null || true; }
for instance in "${instances[@]}"; do
  log "waiting for $instance /health: RUNNING with active tasks"
  # one instance has every task as soon as it runs; two share them once both have joined the group
  until health "$instance" | grep '"RUNNING"' | grep -q '"activeTasks":\["'; do
    ((SECONDS < deadline)) || { log "$instance never became RUNNING with tasks: $(health "$instance")"; false; }
    sleep 1
  done
done
if ((${#instances[@]} > 1)); then
  # a late join moves tasks: both must still have some after it settles
  sleep 2
  for instance in "${instances[@]}"; do
    until health "$instance" | grep '"RUNNING"' | grep -q '"activeTasks":\["'; do
      ((SECONDS < deadline)) || { log "$instance lost its tasks: $(health "$instance")"; false; }
      sleep 1
    done
    log "$instance: $(health "$instance")"
  done
fi
log "${instances[*]} RUNNING with tasks after $((SECONDS - start)) s"

log "reading $want predictions from demo.predictions (read_committed)"
predictions=$(timeout "$(remaining)" "${compose[@]}" exec -T kafka /opt/kafka/bin/kafka-console-consumer.sh \
  --bootstrap-server localhost:9092 --topic demo.predictions --from-beginning --isolation-level read_committed \
  --max-messages "$want" --timeout-ms $(( ($(remaining) - 5) * 1000 )) 2>/dev/null || true)
count=$(grep -c '"pipeline":"demo"' <<<"$predictions" || true)
log "$count predictions of the demo pipeline"
((count >= want)) || { log "expected $want predictions"; false; }
# the models learn: the last prediction comes from models updated many times
last_version=$(tail -1 <<<"$predictions" | sed -n 's/.*"versions":{"ridge":\([0-9]*\).*/\1/p')
((${last_version:-0} > want / 2)) || { log "ridge's version after $want records: ${last_version:-none}"; false; }
log "ridge trained $last_version times by the last of them"
log "smoke run passed in $((SECONDS - start)) s"
