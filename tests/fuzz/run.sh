#!/usr/bin/env bash
# Runs libFuzzer targets on corpora seeded from resources/scenarios and tests/data, one after the other
# (never in parallel). Build first: cmake --preset fuzz && cmake --build --preset fuzz
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]    each TARGET (default: all) for SECONDS (default 20)
#   FUZZ_RUNS=1000000 tests/fuzz/run.sh 0 trace  each TARGET until it has executed FUZZ_RUNS inputs
#                                                (SECONDS > 0 still caps the time)
# TARGET is scenario, set_path or trace. FUZZ_FRESH=1 ignores the corpus kept from earlier runs (CI).
#
# Crashes, leaks, sanitizer reports and inputs slower than 1 s stop the run with exit 1 and are saved in
# build/fuzz/findings/; new interesting inputs accumulate in build/fuzz/corpus/ across runs. Each target's
# log is build/fuzz/findings/TARGET.log; the summary line per target is printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(scenario set_path trace replay)
bin=build/fuzz/fuzz
seeds=build/fuzz/seeds
corpus=build/fuzz/corpus
findings=build/fuzz/findings
if [[ ${FUZZ_FRESH:-0} == 1 ]]; then corpus=build/fuzz/corpus-fresh; rm -rf "$corpus"; fi
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

# Inputs that once failed (tests/fuzz/regressions/TARGET/) seed their target too.
for target in scenario set_path trace replay; do
    if [[ -d tests/fuzz/regressions/$target ]]; then cp tests/fuzz/regressions/"$target"/* "$seeds/$target/"; fi
done

# The longest input each target may try: twice the largest seed for the loader, a long --set, a trace of
# about a hundred lines. Longer inputs reach nothing new and only slow every execution down.
# Symbolized stack traces in reports (Debian's llvm-14 puts llvm-symbolizer outside PATH).
if [[ -z ${ASAN_SYMBOLIZER_PATH:-} && -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

declare -A max_len=([scenario]=8192 [set_path]=2048 [trace]=4096 [replay]=4096)

for target in "${targets[@]}"; do
    [[ -n ${max_len[$target]:-} ]] || { echo "run.sh: unknown target '$target'" >&2; exit 2; }
    limits=(-max_total_time="$seconds")
    ((seconds > 0)) || limits=()
    if [[ -n ${FUZZ_RUNS:-} ]]; then limits+=(-runs="$FUZZ_RUNS"); fi
    echo "== fuzz_$target: ${FUZZ_RUNS:+$FUZZ_RUNS executions, }${seconds} s"
    log="$findings/$target.log"
    start=$(date +%s)
    if ! "$bin/fuzz_$target" "$corpus/$target" "$seeds/$target" -dict=tests/fuzz/json.dict \
        "${limits[@]}" -timeout=1 -rss_limit_mb=2048 -max_len="${max_len[$target]}" \
        -artifact_prefix="$findings/$target-" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        echo "fuzz_$target found a problem: the input is in $findings/, the log in $log" >&2
        exit 1
    fi
    awk -v s="$(($(date +%s) - start))" -v c="$(find "$corpus/$target" -type f | wc -l)" -F': *' '
        /^stat::number_of_executed_units/ {e = $NF} /^stat::average_exec_per_sec/ {r = $NF}
        /^stat::new_units_added/ {n = $NF} /^stat::slowest_unit_time_sec/ {w = $NF} /^stat::peak_rss_mb/ {m = $NF}
        END {printf "fuzz_%s: %d executions in %d s (%d/s), %d new inputs, corpus %d files, peak RSS %d MB, " \
                    "slowest input %d s, no findings\n", t, e, s, r, n, c, m, w}' t="$target" "$log"
done
