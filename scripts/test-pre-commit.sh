#!/usr/bin/env bash
# Proves the pre-commit hook end to end with the real pre-commit from PyPI: a temporary git
# repository points its .pre-commit-config.yaml at this checkout (its HEAD commit), a commit of
# a bad CSV is refused with enlint's message, and a good one is accepted.
#
#   scripts/test-pre-commit.sh          # needs a committed HEAD; builds enlint in release mode once
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rev=$(git -C "$here" rev-parse HEAD)

python3 -m pre_commit --version >/dev/null 2>&1 || python3 -m pip install --quiet pre-commit
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

cd "$work"
git init -q repo && cd repo
git config user.email ci@example.org
git config user.name "enlint CI"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $here
    rev: $rev
    hooks:
      - id: enlint
YAML
mkdir -p formats supporters
printf 'Email Address,First Name,Last Name\n' > formats/supporters.txt
cat > enlint.toml <<'TOML'
[[files]]
glob = "supporters/*.csv"
kind = "supporters"
format-header = "formats/supporters.txt"
TOML
git add .pre-commit-config.yaml enlint.toml formats
git commit -qm "set up enlint"
python3 -m pre_commit install >/dev/null

fail() { echo "test-pre-commit: FAIL: $*"; exit 1; }

# A bad file: a ragged row.
printf 'Email Address,First Name,Last Name\nsam@example.org,Sam,One,extra\n' > supporters/bad.csv
git add supporters/bad.csv
if git commit -qm "bad" > "$work/bad.log" 2>&1; then
    cat "$work/bad.log"; fail "the commit of a bad CSV was accepted"
fi
grep -q "supporters/bad.csv:2:25: error: record has 4 fields, the header has 3 \[EN203\]" "$work/bad.log" \
    || { cat "$work/bad.log"; fail "enlint's message is missing from the refused commit"; }
echo "test-pre-commit: bad CSV refused with enlint's message"

# A good file.
git rm -q --cached supporters/bad.csv && rm supporters/bad.csv
printf 'Email Address,First Name,Last Name\nsam@example.org,Sam,One\n' > supporters/good.csv
git add supporters/good.csv
git commit -qm "good" > "$work/good.log" 2>&1 || { cat "$work/good.log"; fail "the commit of a good CSV was refused"; }
echo "test-pre-commit: good CSV accepted"
echo "test-pre-commit: 2 passed, 0 failed"
