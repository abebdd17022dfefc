#!/bin/sh
# Runs `enlint split` and `enlint fix` on generated 1 GB files with a release build and prints
# the peak resident memory (KiB, from /usr/bin/time) of each. Both stream record by record, so
# every figure must stay under 64 MiB (65536 KiB) whatever the input's size.
#
#   scripts/check-stream-memory.sh [SIZE]      SIZE as generate-csv.py takes it (default 1GB)
set -eu
cd "$(dirname "$0")/.."
size=${1:-1GB}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product enlint >/dev/null
enlint=.build/release/enlint
over=0

# measure NAME COMMAND...: runs COMMAND under /usr/bin/time and prints its peak RSS; its output
# is dropped, and its messages too unless it fails (exit status 1 is findings left: fine).
measure() {
    name=$1
    shift
    /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>"$work/stderr" || [ $? -eq 1 ] ||
        { cat "$work/stderr" >&2; echo "$name: failed" >&2; exit 2; }
    peak=$(tail -1 "$work/rss")
    echo "$name: peak RSS $peak KiB"
    [ "$peak" -lt 65536 ] || { echo "$name: over 64 MiB" >&2; over=1; }
}

# Split by campaign: with its one campaign, the file also rotates at the size limit.
scripts/generate-csv.py transactions "$size" "$work/tx.csv"
measure "split --by-campaign, $(stat -c %s "$work/tx.csv") bytes" \
    $enlint split "$work/tx.csv" --out-dir "$work/parts" --by-campaign
echo "  ($(ls "$work/parts" | grep -c '\.csv$') parts)"
rm -rf "$work/tx.csv" "$work/parts"

# Fix a file with every kind of repair on it (and values left for the lint that follows).
scripts/generate-csv.py transactions "$size" "$work/messy.csv" --fixable --eol mixed --bom --campaigns 3
measure "fix -o, $(stat -c %s "$work/messy.csv") bytes" $enlint fix "$work/messy.csv" -o "$work/fixed.csv"
rm -f "$work/fixed.csv"
measure "fix --diff, same file" $enlint fix "$work/messy.csv" --diff
exit $over
