import CSVTokenizer
import ENLintCore

/// Everything the template shows for one linted file. The template reads stored properties by
/// name (HTMLTemplate reflects them), so this is plain data: every decision is made here, in Swift,
/// and every string from the CSV stays a value the template escapes.
struct FileSection {
    let anchor: String
    let path: String
    let verdict: Verdict
    let facts: [Fact]
    let sizeBar: SizeBar
    let rules: [RuleCount]
    let hasFindings: Bool
    let columnChart: ColumnChart?
    let lineStrip: LineStrip?
    /// Findings about the whole file or its header, which no data row shows.
    let fileFindings: [FindingNote]
    let hasFileFindings: Bool
    let grid: OffendingRowsGrid?

    init(_ result: FileResult, index: Int, context: ReportContext) {
        anchor = "file-\(index + 1)"
        path = result.path
        verdict = Verdict(result, failureThreshold: context.failureThreshold)
        facts = Fact.list(for: result)
        sizeBar = SizeBar(bytes: result.facts.byteCount)
        rules = RuleCount.list(for: result.diagnostics, documented: context.rules)
        hasFindings = !result.diagnostics.isEmpty
        columnChart = ColumnChart(result)
        lineStrip = LineStrip(result)
        // Summary findings are left to the counts per rule and the grid's "and N more".
        fileFindings = result.diagnostics.filter { ($0.record ?? 1) <= 1 && $0.omittedCount == nil }
            .map { FindingNote($0, header: result.facts.header) }
        hasFileFindings = !fileFindings.isEmpty
        grid = OffendingRowsGrid(result)
    }
}

/// Ready or not, in one line an admin can forward.
struct Verdict {
    /// `ok`, `warning` or `error`: a CSS class chosen here, never taken from data.
    let tone: String
    /// A symbol that says the same as the colour, for readers who cannot tell red from green.
    let mark: String
    let headline: String
    let detail: String
    let kind: String
    let kindReason: String

    init(_ result: FileResult, failureThreshold: Severity) {
        let errors = result.count(.error), warnings = result.count(.warning), infos = result.count(.info)
        let blocking = result.diagnostics.contains { $0.severity >= failureThreshold }
        if blocking {
            tone = "error"
            mark = "✕"
            headline = "Not ready to upload"
        } else if warnings == 0 && errors == 0 {
            // Info findings (blank emails EN will fill in) do not stand in the way of an upload.
            tone = "ok"
            mark = "✓"
            headline = "Ready to upload"
        } else {
            tone = "warning"
            mark = "!"
            headline = "Ready to upload, with findings to review"
        }
        detail = result.diagnostics.isEmpty
            ? "No problems found."
            : [Plural.count(errors, "error"), Plural.count(warnings, "warning"), "\(infos) info"].joined(separator: ", ")
        if let decision = result.kind {
            kind = decision.kind == .supporters ? "Supporter import" : "Transaction import"
            kindReason = "Checked as \(decision.kind.rawValue) because \(decision.reason)."
        } else {
            kind = "Not CSV text"
            kindReason = "The content is \(JSONReporter.encodingName(result.facts)), not CSV text, so only its size and encoding were checked."
        }
    }
}

/// One line of the facts table.
struct Fact {
    let label: String
    let value: String
    /// Set when the value itself is a problem (`warning`, `error`); empty otherwise.
    let tone: String

    static func list(for result: FileResult) -> [Fact] {
        let facts = result.facts
        var list = [
            Fact(label: "Encoding", value: JSONReporter.encodingName(facts), tone: facts.invalidUTF8 == nil ? "" : "warning"),
            Fact(label: "Byte order mark", value: facts.hasBOM ? "yes (EN reads it as part of the first column name)" : "no",
                 tone: facts.hasBOM ? "error" : ""),
            Fact(label: "Records", value: "\(Plural.count(facts.dataRecordCount, "data row")) after the header", tone: ""),
            Fact(label: "Columns", value: String(facts.header.count), tone: ""),
            Fact(label: "Line endings", value: lineEndings(facts), tone: facts.terminatorCounts.count > 1 ? "warning" : ""),
        ]
        if result.kind?.kind == .transactions {
            list.append(campaignIDs(result.sample.campaignIDs))
        }
        return list
    }

    static func lineEndings(_ facts: FileFacts) -> String {
        let names: [(LineTerminator, String)] = [(.crlf, "CRLF (Windows)"), (.lf, "LF (Unix, macOS)"), (.cr, "CR (old Mac)")]
        let present = names.compactMap { kind, name in facts.terminatorCounts[kind].map { "\(name): \($0)" } }
        if present.isEmpty { return "none (a single line)" }
        return present.joined(separator: ", ") + (present.count > 1 ? " (mixed)" : "")
    }

    /// EN takes one campaign ID per transaction file, so more than one is worth a second look.
    static func campaignIDs(_ ids: DistinctValues) -> Fact {
        guard !ids.values.isEmpty else { return Fact(label: "Campaign ID", value: "none found", tone: "warning") }
        var value = ids.values.joined(separator: ", ")
        if ids.hasMore { value += ", and more" }
        if ids.values.count > 1 { value += " (EN expects one campaign ID per file)" }
        return Fact(label: ids.values.count > 1 ? "Campaign IDs" : "Campaign ID", value: value, tone: ids.values.count > 1 ? "warning" : "")
    }
}

/// One rule's findings in the file, with the rule's own documentation to expand.
struct RuleCount {
    let id: String
    let slug: String
    let name: String
    let severity: String
    let findings: String
    let summary: String
    let whatItDoes: String
    let whyItMatters: String
    let howToFix: String

    /// Rules in order of severity, then id; counts include findings past `--max-per-rule`.
    static func list(for diagnostics: [Diagnostic], documented: [RuleDescription]) -> [RuleCount] {
        var order: [String] = []
        var byRule: [String: (count: Int, severity: Severity, slug: String)] = [:]
        for d in diagnostics {
            if byRule[d.ruleID] == nil { order.append(d.ruleID) }
            let seen = byRule[d.ruleID]
            byRule[d.ruleID] = ((seen?.count ?? 0) + d.findingCount, max(seen?.severity ?? d.severity, d.severity), d.slug)
        }
        let docs = Dictionary(documented.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return order.sorted { a, b in
            byRule[a]!.severity != byRule[b]!.severity ? byRule[a]!.severity > byRule[b]!.severity : a < b
        }.map { id in
            let tally = byRule[id]!
            let doc = docs[id]
            return RuleCount(
                id: id, slug: tally.slug, name: doc?.name ?? tally.slug, severity: tally.severity.rawValue,
                findings: Plural.count(tally.count, "finding"), summary: doc?.summary ?? "",
                whatItDoes: doc?.whatItDoes ?? "", whyItMatters: doc?.whyItMatters ?? "", howToFix: doc?.howToFix ?? "")
        }
    }
}

/// A finding as one readable line: where, what, what to do.
struct FindingNote {
    let severity: String
    let place: String
    let message: String
    let hint: String?

    init(_ d: Diagnostic, header: [String]) {
        severity = d.severity.rawValue
        var place = "Line \(d.line)"
        if let field = d.field { place += ", " + ColumnName.of(field, header: header) } else if d.record != nil { place += ", column \(d.column)" }
        self.place = place
        message = d.message
        hint = d.hint
    }
}

enum ColumnName {
    /// `column 3 “Email”`, or `extra column 12` past the header: for sentences.
    static func of(_ field: Int, header: [String]) -> String {
        field < header.count ? "column \(field + 1) “\(header[field])”" : label(field, header: header)
    }

    /// The header's name, or `extra column 12` past the header: for labels.
    static func label(_ field: Int, header: [String]) -> String {
        guard field < header.count else { return "extra column \(field + 1)" }
        return header[field].isEmpty ? "(no name)" : header[field]
    }
}

enum Plural {
    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
}
