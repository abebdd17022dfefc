/// `--output-format text`: `path:line:column: severity: message [ID]`, the source line with a
/// caret under the column, the hint, and a summary line, in the style of compilers and ruff.
public enum TextReporter {
    public static func render(_ results: [FileResult], context: ReportContext, summary: Bool = true) -> String {
        var out = ""
        for result in results {
            for d in result.diagnostics { out += render(d, path: result.path, color: context.useColor) }
        }
        if summary { out += RunSummary(results).line + "\n" }
        return out
    }

    public static func render(_ d: Diagnostic, path: String, color: Bool) -> String {
        let style = Style(enabled: color)
        var out = style.bold("\(path):\(d.line):\(d.column):") + " "
            + style.severity(d.severity) + ": " + d.message + " " + style.dim("[\(d.ruleID)]") + "\n"
        if let source = d.sourceLine {
            let gutter = String(d.line)
            let pad = String(repeating: " ", count: gutter.count)
            // Tabs and other control characters would misplace the caret: show them as spaces.
            let shown = String(String.UnicodeScalarView(source.unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
            out += style.dim(" \(gutter) | ") + shown + "\n"
            let caretColumn = min(d.column, shown.unicodeScalars.count + 1)
            out += style.dim(" \(pad) | ") + String(repeating: " ", count: caretColumn - 1) + style.caret("^", d.severity) + "\n"
        }
        if let hint = d.hint { out += "  = hint: " + hint + "\n" }
        return out
    }

    struct Style {
        let enabled: Bool
        func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap(s, "1") }
        func dim(_ s: String) -> String { wrap(s, "2") }
        func code(_ severity: Severity) -> String {
            switch severity {
            case .error: "1;31"
            case .warning: "1;33"
            case .info: "1;36"
            }
        }
        func severity(_ s: Severity) -> String { wrap(s.rawValue, code(s)) }
        func caret(_ s: String, _ severity: Severity) -> String { wrap(s, code(severity)) }
    }
}
