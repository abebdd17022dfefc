/// `--output-format junit`: one test case per file, one `<failure>` per finding at or above the
/// failure threshold (GitLab and Jenkins show them per file); other findings go to the test
/// case's `<system-out>`.
public enum JUnitReporter {
    public static func render(_ results: [FileResult], context: ReportContext) -> String {
        let failing = results.map { r in r.diagnostics.filter { $0.severity >= context.failureThreshold } }
        let failures = failing.reduce(0) { $0 + $1.count }
        let failedFiles = failing.filter { !$0.isEmpty }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"enlint\" tests=\"\(results.count)\" failures=\"\(failures)\">\n"
        out += "  <testsuite name=\"enlint\" tests=\"\(results.count)\" failures=\"\(failedFiles)\" errors=\"0\">\n"
        for (result, failed) in zip(results, failing) {
            out += "    <testcase classname=\"enlint\" name=\"\(escape(result.path))\">\n"
            for d in failed {
                let location = "\(result.path):\(d.line):\(d.column)"
                var body = "\(location): \(d.severity.rawValue): \(d.message) [\(d.ruleID)]"
                if let hint = d.hint { body += "\nhint: \(hint)" }
                out += "      <failure type=\"\(d.ruleID) \(d.slug)\" message=\"\(escape("\(location): \(d.message)"))\">\(escape(body))</failure>\n"
            }
            let others = result.diagnostics.filter { $0.severity < context.failureThreshold }
            if !others.isEmpty {
                let lines = others.map { "\(result.path):\($0.line):\($0.column): \($0.severity.rawValue): \($0.message) [\($0.ruleID)]" }
                out += "      <system-out>\(escape(lines.joined(separator: "\n")))</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    /// XML text and attribute escaping; characters XML 1.0 forbids become U+FFFD.
    static func escape(_ s: String) -> String {
        s.replacingScalars { c in
            switch c {
            case "&": return "&amp;"
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "\"": return "&quot;"
            case "'": return "&apos;"
            default:
                let v = c.value
                let forbidden = v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D || v == 0xFFFE || v == 0xFFFF
                return forbidden ? "\u{FFFD}" : nil
            }
        }
    }
}
