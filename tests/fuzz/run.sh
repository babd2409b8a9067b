#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS (default 20) on corpora seeded from resources/scenarios and
# tests/data. Build first: cmake --preset fuzz && cmake --build --preset fuzz
# Crashes, leaks, sanitizer reports and inputs slower than 1 s stop the run with exit 1 and are saved in
# build/fuzz/findings/; new interesting inputs accumulate in build/fuzz/corpus/ across runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
bin=build/fuzz/fuzz
seeds=build/fuzz/seeds
corpus=build/fuzz/corpus
findings=build/fuzz/findings
rm -rf "$seeds"
mkdir -p "$seeds"/{scenario,set_path,trace,replay} "$corpus"/{scenario,set_path,trace,replay} "$findings"

cp resources/scenarios/*.json tests/data/scenarios/*.json tests/data/scenarios/bad/*.json "$seeds/scenario/"
n=0
while IFS= read -r line; do
    printf '%s' "$line" >"$seeds/set_path/seed$n"
    n=$((n + 1))
done <tests/fuzz/set_path_seeds.txt
for f in tests/data/traces/*/*.jsonl; do
    kind=$(basename "$(dirname "$f")")
    { echo "$kind"; cat "$f"; } >"$seeds/trace/$kind-$(basename "$f")"
done

# Replay logs: the first line names the format (fuzz_replay.cpp); the built-in incident's first rows too.
for f in tests/data/replay/*; do
    case "$f" in *.jsonl) format=jsonl ;; *) format=csv ;; esac
    { echo "$format"; cat "$f"; } >"$seeds/replay/$(basename "$f")"
done
{ echo csv; head -n 60 resources/replay/payments-incident.csv; } >"$seeds/replay/payments-incident-head.csv"

for target in scenario set_path trace replay; do
    echo "== fuzz_$target: ${seconds} s"
    log="$findings/$target.log"
    if ! "$bin/fuzz_$target" "$corpus/$target" "$seeds/$target" -dict=tests/fuzz/json.dict \
        -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -max_len=16384 \
        -artifact_prefix="$findings/$target-" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz_$target found a problem: the input is in $findings/, the log in $log" >&2
        exit 1
    fi
    grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$log" || true
done
