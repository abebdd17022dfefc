/// `--output-format gitlab`: GitLab's Code Quality report (a JSON array), with a stable
/// fingerprint per finding so GitLab can tell new findings from old ones across pipelines.
public enum GitLabReporter {
    public static func render(_ results: [FileResult], context: ReportContext) -> String {
        var issues: [JSONValue] = []
        for result in results {
            for (d, fingerprint) in zip(result.diagnostics, Fingerprints.of(result)) {
                issues.append(.object([
                    ("description", .string("\(d.ruleID) \(d.message)")),
                    ("check_name", .string(d.slug)),
                    ("fingerprint", .string(fingerprint)),
                    ("severity", .string(severity(d.severity))),
                    ("location", .object([
                        ("path", .string(result.path)),
                        ("lines", .object([("begin", .int(d.line))])),
                    ])),
                ]))
            }
        }
        return JSONValue.array(issues).rendered() + "\n"
    }

    static func severity(_ s: Severity) -> String {
        switch s {
        case .error: "major"
        case .warning: "minor"
        case .info: "info"
        }
    }
}
