import CSVTokenizer

/// Collects one file's findings, applying the per-rule cap: past `maxPerRule` findings a rule's
/// findings are only counted, and one summary finding says how many were left out.
final class DiagnosticCollector {
    struct RuleSlot {
        let description: RuleDescription
        let severity: Severity
        /// The user chose this rule's severity: it overrides what the rule asks for per finding.
        let severityIsConfigured: Bool
        var count = 0
        var firstSuppressed: (position: SourcePosition, severity: Severity)?
    }

    var slots: [RuleSlot]
    let maxPerRule: Int
    private(set) var diagnostics: [Diagnostic] = []
    /// The first rows holding a stored finding, for reports that show them.
    private(set) var sampledRows: [SampledRow] = []
    static let sourceLineLimit = 400
    /// When not nil, the error findings of the current record as `"ID message"`, cap or no cap:
    /// the engine empties it after each record.
    var rowErrors: [String]?

    init(rules: [ConfiguredRule], maxPerRule: Int) {
        slots = rules.map {
            RuleSlot(description: $0.type.description, severity: $0.severity, severityIsConfigured: $0.severityIsConfigured)
        }
        self.maxPerRule = maxPerRule
    }

    @inline(__always)
    func isUnderCap(_ rule: Int) -> Bool { slots[rule].count < maxPerRule }

    func effectiveSeverity(_ rule: Int, _ requested: Severity?) -> Severity {
        let slot = slots[rule]
        if slot.severityIsConfigured { return slot.severity }
        return requested ?? slot.severity
    }

    /// Counts one finding of `rule` and returns its severity when it is to be shown; past the
    /// cap it returns nil, remembering where the first hidden one was (computed only then).
    private func admit(_ rule: Int, _ severity: Severity?, suppressedAt position: @autoclosure () -> SourcePosition) -> Severity? {
        slots[rule].count += 1
        let effective = effectiveSeverity(rule, severity)
        guard slots[rule].count <= maxPerRule else {
            if slots[rule].firstSuppressed == nil { slots[rule].firstSuppressed = (position(), effective) }
            return nil
        }
        return effective
    }

    func add(
        _ rule: Int, at position: Int32, in record: CSVRecord, field: () -> Int?, severity: Severity?,
        message: () -> String, hint: () -> String?
    ) {
        if rowErrors != nil && effectiveSeverity(rule, severity) == .error {
            rowErrors!.append("\(slots[rule].description.id) \(message())")
        }
        guard let effective = admit(rule, severity, suppressedAt: record.location(of: position)) else { return }
        let where_ = record.location(of: position)
        let lineBytes = record.physicalLine(containing: position)
        let shown = UnsafeBufferPointer(rebasing: lineBytes.prefix(Self.sourceLineLimit))
        let d = slots[rule].description
        diagnostics.append(
            Diagnostic(
                ruleID: d.id, slug: d.slug, severity: effective, line: where_.line, column: where_.column,
                endLine: max(where_.line, record.endLine), record: record.number, byteOffset: where_.byteOffset,
                message: message(), hint: hint(), sourceLine: String(decoding: shown, as: UTF8.self),
                field: field(), contentHash: FNV1a.hash(record.rawBytes)))
        sample(record)
    }

    /// Keeps the record's fields if it is among the first offending data rows (the header is in
    /// the file's facts already). Rules see a batch of records each in turn, so a row can come
    /// after a later one: it goes in its place, once, and the rows past the limit fall off.
    private func sample(_ record: CSVRecord) {
        let number = record.number
        guard number > 1 else { return }
        var i = sampledRows.count
        while i > 0 && sampledRows[i - 1].record > number { i -= 1 }
        if i > 0 && sampledRows[i - 1].record == number { return }
        guard i < SampledRow.rowLimit else { return }
        if sampledRows.count == SampledRow.rowLimit { sampledRows.removeLast() }
        sampledRows.insert(SampledRow(record), at: i)
    }

    func add(
        _ rule: Int, at position: SourcePosition, record: Int?, severity: Severity?, relatedLines: [Int],
        message: () -> String, hint: () -> String?
    ) {
        guard let effective = admit(rule, severity, suppressedAt: position) else { return }
        let d = slots[rule].description
        diagnostics.append(
            Diagnostic(
                ruleID: d.id, slug: d.slug, severity: effective, line: position.line, column: position.column,
                record: record, byteOffset: position.byteOffset, message: message(), hint: hint(),
                relatedLines: relatedLines))
    }

    /// The findings in line order, with a summary finding for each rule that hit the cap.
    func finish() -> [Diagnostic] {
        var all = diagnostics
        for slot in slots where slot.count > maxPerRule {
            guard let first = slot.firstSuppressed else { continue }
            let hidden = slot.count - maxPerRule
            all.append(
                Diagnostic(
                    ruleID: slot.description.id, slug: slot.description.slug, severity: first.severity,
                    line: first.position.line, column: first.position.column, byteOffset: first.position.byteOffset,
                    message: "\(hidden) more \(slot.description.slug) finding\(hidden == 1 ? "" : "s") not shown (\(slot.count) in total)",
                    hint: "raise --max-per-rule (now \(maxPerRule)) to see them all", omittedCount: hidden))
        }
        all.sort(by: Diagnostic.sortsBefore)
        return all
    }
}
