#!/usr/bin/env bash
# Builds a libFuzzer target from Fuzz/ with plain swiftc (outside Package.swift, so `swift build`
# and `swift test` stay lean) and runs it for SECONDS on a copy of its seed corpus.
#
#   scripts/fuzz.sh tokenizer 600     # or: lint, fix
#
# Build products, the working corpus and any crash-* inputs go to .build-fuzz/ (git-ignored).
# Replay a crash: .build-fuzz/TARGET/fuzz-TARGET .build-fuzz/TARGET/crash-...
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/fuzz.sh tokenizer|lint|fix SECONDS}
seconds=${2:?usage: scripts/fuzz.sh tokenizer|lint|fix SECONDS}
out=.build-fuzz/$target
mkdir -p "$out/modules" "$out/corpus" "$out/artifacts"

# -O for speed (about 25x faster than debug), -g for readable stack traces.
swift_flags=(-O -g -sanitize=fuzzer,address -parse-as-library)

# The C modules (SwiftPM makes their module maps from include/): one generated module map for
# both. CSIMDScan's module takes every header in its include/, as SwiftPM's does. Their C files
# (CSIMDScan's AVX2 code, CICU's shim) are compiled by clang and linked in.
mkdir -p "$out/cmodules"
{
    printf 'module CSIMDScan {\n  umbrella "%s"\n  export *\n}\n' "$PWD/Sources/CSIMDScan/include"
    printf 'module CICU {\n  header "%s"\n  export *\n}\n' "$PWD/Sources/CICU/include/enlint_icu.h"
} > "$out/cmodules/module.modulemap"
swift_flags+=(-I "$out/cmodules" -I "$out/modules")

# Compiles the C file of a C module into $out/modules/NAME.o.
compile_c() {
    local name=$1 file=$2 include=$3
    clang -O1 -g -fsanitize=fuzzer-no-link,address -I "$include" -c "$file" -o "$out/modules/$name.o"
}
for file in Sources/CSIMDScan/*.c; do
    compile_c "CSIMDScan-$(basename "$file" .c)" "$file" Sources/CSIMDScan/include
done

# Compiles one library module (whole-module) into an object and a .swiftmodule in $out/modules.
build_module() {
    local name=$1 dir=$2
    swiftc "${swift_flags[@]}" -wmo -module-name "$name" \
        -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
        -c $(find "$dir" -name '*.swift') -o "$out/modules/$name.o"
}

# Links the harness in Fuzz/$2 with the library modules built so far, CSIMDScan's C code and
# CICU's.
link_harness() {
    local module=$1 dir=$2
    compile_c CICU Sources/CICU/enlint_icu.c Sources/CICU/include
    swiftc "${swift_flags[@]}" -module-name "$module" Fuzz/Shared/*.swift "$dir"/*.swift \
        "$out"/modules/*.o -licui18n -licuuc \
        -o "$out/fuzz-$target" 2> >(grep -v "Cannot export local symbol" >&2)
}

case $target in
tokenizer)
    # One module with the tokenizer's sources, so the harness may check internal bounds.
    swiftc "${swift_flags[@]}" -module-name TokenizerFuzz \
        Sources/CSVTokenizer/*.swift Fuzz/Shared/*.swift Fuzz/Tokenizer/*.swift "$out"/modules/CSIMDScan-*.o \
        -o "$out/fuzz-$target" 2> >(grep -v "Cannot export local symbol" >&2)
    ;;
lint)
    build_module CSVTokenizer Sources/CSVTokenizer
    build_module ENLintCore Sources/ENLintCore
    build_module ENLintRules Rules
    link_harness LintFuzz Fuzz/Lint
    ;;
fix)
    build_module CSVTokenizer Sources/CSVTokenizer
    build_module ENLintCore Sources/ENLintCore
    build_module ENLintRules Rules
    build_module ENLintRepair Sources/ENLintRepair
    link_harness FixFuzz Fuzz/Fix
    ;;
*)
    echo "unknown target '$target' (tokenizer, lint or fix)" >&2
    exit 2
    ;;
esac

# The committed seeds plus every fixture; the working corpus grows in $out/corpus.
cp Fuzz/corpus/"$target"/* "$out/corpus/" 2>/dev/null || true
find Fixtures -type f -name '*.csv' -exec cp {} "$out/corpus/" \;

log=$out/fuzz.log
set +e  # a crash must still print the figures and the artifact's name
SWIFT_BACKTRACE=enable=no "$out/fuzz-$target" "$out/corpus" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/artifacts/" -print_final_stats=1 2>&1 | tee "$log" | grep -E "^#|==|invariant|ERROR|SUMMARY" | tail -n 40
status=${PIPESTATUS[0]}

echo "--- $target: final figures"
grep -E "^#[0-9]+.*(DONE|pulse)" "$log" | tail -n 1
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$log" || true
echo "corpus: $(ls "$out/corpus" | wc -l) files, $(du -sk "$out/corpus" | cut -f1) KiB"
ls "$out/artifacts" 2>/dev/null | sed 's/^/artifact: /'
exit "$status"
