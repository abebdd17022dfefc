import CSVTokenizer
import ENLintCore

/// EN204: empty lines between (or after) the records.
public final class BlankRowRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN204", slug: "blank-row", name: "Blank row", defaultSeverity: .warning,
        summary: "An empty line among the data rows.",
        whatItDoes: """
            Reports every empty line after the header, including empty lines at the end of the \
            file (a single line break after the last row is normal and not reported). A line \
            holding only spaces or commas is not empty: EN203 (ragged-row) or the value rules \
            see it. When the file's first line is itself empty, EN207 (empty-header) reports \
            that instead and this rule stays quiet.
            """,
        whyItMatters: """
            EN reads each line as a record. An empty line is a record whose values, email \
            address included, are all empty. EN accepts rows with a blank email address as \
            offline supporters and generates an address for them, so an empty line can create \
            an empty supporter record, or fail as a row.
            """,
        howToFix: """
            Delete the empty lines. In a spreadsheet, sort or filter out empty rows before \
            saving; in a text editor, remove the blank lines (also at the end of the file).
            """,
        triggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n↓\nKim,kim@example.org\n"),
            RuleExample("First Name,Email Address\r\nSam,sam@example.org\r\n↓\r\n↓\r\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n"),
            RuleExample("First Name,Comments\nSam,\"one\n\ntwo\"\n"),
            RuleExample("\n\n\n"),
        ]
    )

    /// The header is itself an empty line: the file is empty (EN106) or its header is not on
    /// line 1 (EN207); blank lines are then part of that problem, not separate findings.
    let headerIsBlank: Bool

    public init(context: RuleContext) {
        headerIsBlank = HeaderName.isBlankLine(context.header)
    }

    /// A blank line is a record of one empty field: a batch whose records all have more
    /// fields has none.
    public func mayReport(in batch: RecordBatch) -> Bool {
        !headerIsBlank && batch.fewestFields <= 1
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard record.isBlankLine, !headerIsBlank else { return }
        report.report(record: record, "empty line: EN reads it as a record with no values", hint: "delete the empty line")
    }
}
