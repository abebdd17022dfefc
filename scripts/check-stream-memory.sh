#!/bin/sh
# Splits a generated 1 GB transaction file by campaign and by size with a release build, and
# prints the peak resident memory (KiB) from /usr/bin/time. The split streams record by record,
# so the figure must stay under 64 MiB (65536 KiB) whatever the input's size.
set -eu
cd "$(dirname "$0")/.."
size=${1:-1GB}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product enlint >/dev/null
scripts/generate-csv.py transactions "$size" "$work/tx.csv"
/usr/bin/time -f %M -o "$work/rss" .build/release/enlint split "$work/tx.csv" --out-dir "$work/parts" --by-campaign >/dev/null
peak=$(tail -1 "$work/rss")
parts=$(ls "$work/parts" | grep -c '\.csv$')
echo "split of $(stat -c %s "$work/tx.csv") bytes into $parts parts: peak RSS $peak KiB"
[ "$peak" -lt 65536 ] || { echo "over 64 MiB" >&2; exit 1; }
