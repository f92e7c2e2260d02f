#!/usr/bin/env bash
# One MLP training step (10->32->16->1 ReLU, batch 32, MSE, clip_grad_norm_(1.0), AdamW), Java
# (JMH, MlpStepBench) against PyTorch (bench/mlp_step_torch.py), side by side on one thread each:
# torch.set_num_threads(1), and JMH with -t 1 in a forked JVM limited to one processor. Medians of
# the measured iterations (Java) and repeats (PyTorch). Then a short JMH run with -prof gc for the
# allocation per step. Writes bench/results/mlp-<date>.md.
# Usage: bench/mlp-vs-torch.sh   (needs Debian's python3-torch: apt-get install -y python3-torch)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
DATE=$(date -u +%Y-%m-%d)
OUT=bench/results/mlp-$DATE.md
mkdir -p bench/results target

JMH_ARGS=(MlpStepBench -f 1 -wi 3 -w 1s -i 7 -r 1s -t 1 -jvmArgsAppend -XX:ActiveProcessorCount=1)
bench/run-jmh.sh "${JMH_ARGS[@]}" -rf json -rff target/jmh-mlp.json > target/jmh-mlp.log
bench/run-jmh.sh MlpStepBench -f 1 -wi 2 -w 1s -i 3 -r 1s -t 1 -jvmArgsAppend -XX:ActiveProcessorCount=1 \
    -prof gc -rf json -rff target/jmh-mlp-gc.json > target/jmh-mlp-gc.log
$PY bench/mlp_step_torch.py --steps 2000 --repeats 7 > target/torch-mlp.jsonl

JAVA_VERSION=$(java -version 2>&1 | head -1)
NPROC=$(nproc)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //' || echo unknown)
$PY - "$OUT" "$JAVA_VERSION" "$NPROC" "$CPU" "${JMH_ARGS[*]}" <<'PYEOF'
import json, statistics, sys
out, java_version, nproc, cpu, jmh_args = sys.argv[1:]
java = {}
for r in json.load(open("target/jmh-mlp.json")):
    raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
    java[float(r["params"]["dropout"])] = (statistics.median(raw), raw)
alloc = {}
for r in json.load(open("target/jmh-mlp-gc.json")):
    sec = r["secondaryMetrics"]
    alloc[float(r["params"]["dropout"])] = (sec["gc.alloc.rate.norm"]["score"], sec.get("gc.count", {}).get("score", 0.0))
torch_rows = [json.loads(line) for line in open("target/torch-mlp.jsonl")]
torch_version = torch_rows[0]["torch"]
lines = [
    "# One MLP step: Java (EJML) vs PyTorch", "",
    "10→32→16→1 ReLU MLP, batch 32, MSELoss, backward, clip_grad_norm_(1.0), AdamW (lr 1e-3, wd 0.01); "
    "one optimizer step per operation (Java: 32 `Mlp.train` calls, the 32nd steps). One thread each.", "",
    "Command: `bench/mlp-vs-torch.sh`", "",
    f"- Java JMH: `bench/run-jmh.sh {jmh_args}` (medians of the 7 measured iterations), then `-prof gc`",
    "- PyTorch: `/usr/bin/python3 bench/mlp_step_torch.py --steps 2000 --repeats 7` (torch.set_num_threads(1); median of 7 repeats of 2000 steps)",
    "", "Machine:", "",
    f"- nproc: {nproc} (shared with other jobs; numbers are noisy)", f"- CPU: {cpu}",
    f"- java: {java_version}", f"- torch: {torch_version} (Debian python3-torch)", "",
    "| dropout | Java steps/s (median) | Java alloc B/step (GCs) | PyTorch float64 steps/s | PyTorch float32 steps/s | Java / torch f64 | Java / torch f32 |",
    "| --- | --- | --- | --- | --- | --- | --- |",
]
for d in sorted(java):
    j = java[d][0]
    t64 = next(r["median_steps_per_s"] for r in torch_rows if r["dropout"] == d and r["dtype"] == "float64")
    t32 = next(r["median_steps_per_s"] for r in torch_rows if r["dropout"] == d and r["dtype"] == "float32")
    lines.append(f"| {d} | {j:,.0f} | {alloc[d][0]:.2f} ({alloc[d][1]:.0f}) | {t64:,.0f} | {t32:,.0f} | {j / t64:.1f}x | {j / t32:.1f}x |")
lines += ["", "Raw Java iterations (steps/s): " + "; ".join(
    f"dropout {d}: " + ", ".join(f"{v:.0f}" for v in java[d][1]) for d in sorted(java)),
    "", "Raw PyTorch repeats (steps/s): " + "; ".join(
    f"{r['dtype']} dropout {r['dropout']}: " + ", ".join(str(v) for v in r["repeats"]) for r in torch_rows),
    "", "Java allocation: `gc.alloc.rate.norm` of JMH's `-prof gc` (bytes per step, JMH's own bookkeeping included) and the number of GCs in that run.",
    "Java computes in float64 (the precision the PyTorch trajectory test is matched in); the target is at least 2x PyTorch for the same step."]
open(out, "w").write("\n".join(lines) + "\n")
print(open(out).read())
PYEOF
