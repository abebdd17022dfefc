/// `--output-format github`: GitHub Actions workflow commands, so findings appear as annotations
/// on the pull request. GitHub shows only the first few annotations of a step, so the most
/// severe come first; a summary line ends the output.
public enum GitHubReporter {
    public static func render(_ results: [FileResult], context: ReportContext) -> String {
        var items: [(path: String, d: Diagnostic)] = []
        for r in results { for d in r.diagnostics { items.append((r.path, d)) } }
        // Stable: severity first, then the path and line order the results already have.
        let ordered = items.enumerated().sorted { a, b in
            a.element.d.severity != b.element.d.severity ? a.element.d.severity > b.element.d.severity : a.offset < b.offset
        }.map(\.element)
        var out = ""
        for (path, d) in ordered {
            var properties = "file=\(escapeProperty(path)),line=\(d.line),col=\(d.column)"
            if d.endLine > d.line { properties += ",endLine=\(d.endLine)" }
            properties += ",title=\(escapeProperty("\(d.ruleID) \(d.slug)"))"
            let text = d.hint.map { "\(d.message) (\($0))" } ?? d.message
            out += "::\(command(d.severity)) \(properties)::\(escapeData(text))\n"
        }
        out += "enlint: " + RunSummary(results).line + "\n"
        return out
    }

    static func command(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    /// Message text: `%`, CR and LF are encoded (GitHub's toolkit rules).
    static func escapeData(_ s: String) -> String {
        s.replacingScalars { c in
            switch c {
            case "%": "%25"
            case "\r": "%0D"
            case "\n": "%0A"
            default: nil
            }
        }
    }

    /// Property values: additionally `:` and `,`, which separate properties.
    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingScalars { c in
            switch c {
            case ":": "%3A"
            case ",": "%2C"
            default: nil
            }
        }
    }
}
