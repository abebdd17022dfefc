#!/usr/bin/env bash
# Regenerates the README's rule table from the rule descriptions (`enlint rules --format markdown`).
# A test fails when the README and the rules disagree; run this after adding or changing a rule.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product enlint >/dev/null
table=$(.build/debug/enlint rules --format markdown)
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1].rstrip("\n") + "\n"
text = open("README.md", encoding="utf-8").read()
new = re.sub(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", lambda m: m.group(1) + table + m.group(2), text, flags=re.S)
open("README.md", "w", encoding="utf-8").write(new)
PY
echo "README.md rule table updated"
