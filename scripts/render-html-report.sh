#!/usr/bin/env bash
# Renders the HTML report of two sample files in headless Chromium, checks that the rendered page
# says what it should (verdicts and counts), and saves a screenshot to docs/report.png for the
# README. Installs Debian's chromium when it is missing.
#
#   scripts/render-html-report.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo "sudo")
    $SUDO apt-get install -y chromium >/dev/null 2>&1 \
        || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y chromium >/dev/null; }
fi

swift build --product enlint >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report="$work/report.html"

# Exit status 1 means findings, which is what these samples are for.
status=0
.build/debug/enlint --output-format html --output-file "$report" \
    Fixtures/transactions-bad.csv Fixtures/supporters-good.csv \
    --format-header Fixtures/supporters-format.txt || status=$?
if [ "$status" -gt 1 ]; then echo "enlint failed with status $status" >&2; exit 1; fi

chrome=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile")
"${chrome[@]}" --dump-dom "file://$report" 2>/dev/null >"$work/dom.html"

# The rendered page's text, tags removed, so the checks read what a person sees.
text=$(sed -e 's/<[^>]*>/ /g' "$work/dom.html" | tr -s ' \n' ' ')
check() {
    if ! grep -qF -- "$1" <<<"$text"; then echo "rendered report lacks: $1" >&2; exit 1; fi
}
check "1 of 2 files ready to upload"
check "Not ready to upload"
check "Ready to upload"
check "EN402 Bad date 2 findings"
check "Campaign IDs 104233, 104299, 1.04233E+5"
check "525 bytes of EN’s 20 MB limit"

"${chrome[@]}" --screenshot="$PWD/docs/report.png" --window-size=1200,1600 "file://$report" 2>/dev/null
echo "rendered and checked; screenshot in docs/report.png"
