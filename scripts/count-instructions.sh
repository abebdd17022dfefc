#!/usr/bin/env bash
# Instruction counts (valgrind's callgrind) for enlint on a fixed generated input: repeatable on
# a noisy, shared machine where wall times are not, so a regression in the hot path shows.
#
#   scripts/count-instructions.sh            # measure and compare with Benchmarks/instructions.txt
#   scripts/count-instructions.sh --update   # measure and write the new figures there
#
# Two runs on 20 MB of transactions (scripts/generate-csv.py, deterministic): the tokenizer with
# the engine and one cheap rule (`--select EN203`), and the full default rule set. A count more
# than 3% over the committed one fails (exit 1). Needs valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=Benchmarks/instructions.txt
input=/tmp/enlint-callgrind-transactions-20MB.csv
[[ -f $input ]] || python3 scripts/generate-csv.py transactions 20MB "$input"
swift build -c release --product enlint >/dev/null
# valgrind 3.19 cannot read the DWARF 5 that Swift emits: count a copy without debug info.
binary=$(mktemp)
trap 'rm -f "$binary" "$binary".out' EXIT
strip --strip-debug -o "$binary" .build/release/enlint

count() {
    valgrind --tool=callgrind --callgrind-out-file="$binary".out "$binary" "$@" "$input" >/dev/null 2>&1 || true
    awk '/^summary:/ { print $2 }' "$binary".out
}

declare -A now
now[tokenizer]=$(count --quiet --select EN203)
now[full]=$(count --quiet --failure-threshold none)

status=0
for name in tokenizer full; do
    was=$(awk -v n="$name" '$1 == n { print $2 }' "$baseline" 2>/dev/null || true)
    if [[ -n $was ]]; then
        change=$(awk -v a="${now[$name]}" -v b="$was" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }')
        printf '%-10s %'"'"'15d instructions (committed %'"'"'d, %s)\n' "$name" "${now[$name]}" "$was" "$change"
        if awk -v a="${now[$name]}" -v b="$was" 'BEGIN { exit !(a > b * 1.03) }'; then
            echo "  regression: more than 3% over the committed count" >&2
            status=1
        fi
    else
        printf '%-10s %'"'"'15d instructions\n' "$name" "${now[$name]}"
    fi
done

if [[ ${1:-} == --update ]]; then
    {
        echo "# scripts/count-instructions.sh: callgrind instruction counts, 20 MB of generated transactions"
        echo "tokenizer ${now[tokenizer]}"
        echo "full ${now[full]}"
    } > "$baseline"
    echo "wrote $baseline"
    status=0
fi
exit "$status"
