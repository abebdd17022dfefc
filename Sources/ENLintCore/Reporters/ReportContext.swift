/// What every reporter needs besides the results.
public struct ReportContext: Sendable {
    public var toolName = "enlint"
    public var toolVersion: String
    /// Colour (text output only): on a terminal, unless NO_COLOR is set.
    public var useColor = false
    /// The rules that ran (SARIF lists them with their documentation).
    public var rules: [RuleDescription] = []
    /// The lowest severity that fails the run (`--failure-threshold`); JUnit reports findings at
    /// or above it as failures.
    public var failureThreshold: Severity = .error

    public init(toolVersion: String, useColor: Bool = false, rules: [RuleDescription] = [], failureThreshold: Severity = .error) {
        self.toolVersion = toolVersion
        self.useColor = useColor
        self.rules = rules
        self.failureThreshold = failureThreshold
    }
}

/// Counts over a run's results, shared by the reporters' summaries.
public struct RunSummary: Sendable, Equatable {
    public var files = 0
    public var errors = 0
    public var warnings = 0
    public var infos = 0
    public var records = 0
    public var bytes: Int64 = 0

    public init(_ results: [FileResult]) {
        files = results.count
        for r in results {
            errors += r.count(.error)
            warnings += r.count(.warning)
            infos += r.count(.info)
            records += r.facts.recordCount
            bytes += r.facts.byteCount
        }
    }

    /// `3 files, 2 errors, 5 warnings, 1 info`.
    public var line: String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return [plural(files, "file"), plural(errors, "error"), plural(warnings, "warning"), "\(infos) info"]
            .joined(separator: ", ")
    }
}
