import CSVTokenizer
import ENLintCore

/// A role column whose rows almost always repeat one valid value (the campaign ID, the
/// currency): a row equal to the last valid value needs no parsing, and a batch of such rows no
/// call per row. EN404 and EN408 differ only in what is valid and how they explain the rest.
struct RepeatedValidColumn {
    let role: RoleColumn
    /// The column's runs, shared with the other screens of the column (the campaign ID's).
    let runs: ColumnRuns?
    /// The last value found valid, as written.
    var lastValid = RepeatedValue()

    init(_ role: ColumnRole, in context: RuleContext) {
        self.role = RoleColumn(role, in: context)
        runs = self.role.index.map { context.columnRuns.runs(ofColumn: $0) }
    }

    /// For the rule's `mayReport(in:)`: false when every row of `batch` repeats the last valid
    /// value or is a blank line.
    func mayReport(in batch: RecordBatch) -> Bool {
        guard let runs else { return false }
        return !runs.run(in: batch).allRepeat(lastValid, emptyPasses: false)
    }

    /// For the rule's `checkRecord`: remembers a valid value, skips a blank line, and reports any
    /// other value with `explain`'s words. A repeat of the last valid value returns at once.
    @inline(__always)
    mutating func check(
        _ record: CSVRecord, report: RuleReporter, isValid: (Bytes) -> Bool,
        explain: (Bytes) -> (problem: String, hint: String)
    ) {
        guard let column = role.index, let value = record.valueIfPresent(column), !lastValid.holds(value) else { return }
        checkNew(value, in: record, column: column, report: report, isValid: isValid, explain: explain)
    }

    @inline(never)
    mutating func checkNew(
        _ value: Bytes, in record: CSVRecord, column: Int, report: RuleReporter, isValid: (Bytes) -> Bool,
        explain: (Bytes) -> (problem: String, hint: String)
    ) {
        if isValid(value) {
            lastValid.remember(value)
            return
        }
        guard !record.isBlankLine else { return }
        // The words are made only for a finding that is shown (the reporter's cap).
        report.report(field: column, of: record, "\(role.name) \(explain(value).problem)", hint: explain(value).hint)
    }
}
