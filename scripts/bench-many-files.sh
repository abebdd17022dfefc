#!/usr/bin/env bash
# Shows that linting many files uses every core: 200 generated files of 1 MB each, linted once
# pinned to one core (taskset -c 0) and once free, each timed over several runs (median).
#
#   scripts/bench-many-files.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
swift build -c release --product enlint >/dev/null
bin=.build/release/enlint
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 scripts/generate-csv.py transactions 1MB "$dir/one.csv"
for i in $(seq -w 1 200); do cp "$dir/one.csv" "$dir/tx-$i.csv"; done
rm "$dir/one.csv"
cat "$dir"/*.csv > /dev/null   # warm the page cache

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_run() { # prints wall seconds of one run of "$@"
    local start end
    start=$(date +%s.%N); "$@" > /dev/null || true; end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
one=$(for _ in $(seq "$runs"); do time_run taskset -c 0 "$bin" --quiet "$dir"; done | median)
all=$(for _ in $(seq "$runs"); do time_run "$bin" --quiet "$dir"; done | median)
printf 'cores: %s\n' "$(nproc)"
printf 'one core  (taskset -c 0): %.3f s (median of %s)\n' "$one" "$runs"
printf 'all cores:                %.3f s (median of %s)\n' "$all" "$runs"
printf 'speed-up: %.2fx\n' "$(echo "$one / $all" | bc -l)"
