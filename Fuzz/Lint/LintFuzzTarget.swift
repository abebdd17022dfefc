// libFuzzer target for the whole lint of a byte buffer: every rule, both import kinds, and the
// JSON report. Build and run with scripts/fuzz.sh lint SECONDS.
import CSVTokenizer
import ENLintCore
import ENLintRules

/// Every rule at its default severity, built once (the registry does not change).
let allRules = try! RuleSet(available: RuleRegistry.all)

@_cdecl("LLVMFuzzerTestOneInput")
public func lintFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let lines = bytes.withUnsafeBufferPointer { lineBreakCount($0) } + 1
    var config = ConfigBytes(UnsafeBufferPointer(start: data, count: size))
    // Small bounds half of the time, so that the oversized-field paths run on small inputs too.
    let small = config.next(in: 0...1) == 1
    for kind in [ImportKind.supporters, .transactions] {
        var options = LintOptions()
        options.kind = kind
        options.maxPerRule = 3
        if small {
            options.tokenizerLimits = TokenizerLimits(chunkSize: 16, maxFieldBytes: 32, maxRecordBytes: 96, maxFieldsPerRecord: 8)
            options.maxFileBytes = 200
        }
        let result: FileResult
        do {
            result = try Linter(ruleSet: allRules, options: options).lint(bytes: bytes)
        } catch {
            continue  // a tool error (unknown --column) cannot happen without overrides, but is no crash
        }
        check(result, lines: lines)
    }
    return 0
}

func check(_ result: FileResult, lines: Int) {
    var previous: (line: Int, column: Int) = (0, 0)
    for d in result.diagnostics {
        require(d.line >= 1 && d.line <= lines + 1, "\(d.ruleID) on line \(d.line), the input has \(lines) lines")
        require(d.endLine >= d.line && d.endLine <= lines + 1, "\(d.ruleID) ends on line \(d.endLine)")
        require(d.column >= 1, "\(d.ruleID) at column \(d.column)")
        require((d.line, d.column) >= previous, "\(d.ruleID) at \(d.line):\(d.column) after \(previous)")
        previous = (d.line, d.column)
    }
    let json = JSONReporter.render([result], context: ReportContext(toolVersion: "fuzz"))
    require(JSONSyntax.isValidDocument(Array(json.utf8)), "the JSON report does not parse:\n\(json)")
}
