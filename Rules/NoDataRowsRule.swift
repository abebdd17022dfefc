import CSVTokenizer
import ENLintCore

/// EN205: a header and no data rows.
public final class NoDataRowsRule: FileRule {
    public static let description = RuleDescription(
        id: "EN205", slug: "no-data-rows", name: "No data rows", defaultSeverity: .warning,
        summary: "The file has a header but no data rows.",
        whatItDoes: """
            Reports a file whose header is followed by nothing, or only by empty lines. A file \
            without any content is left to EN106 (empty-file).
            """,
        whyItMatters: """
            The upload is accepted and scheduled, but there is nothing for EN to import. \
            Usually the export or query that produced the file matched no one, or the rows were \
            lost when the file was saved; an automated upload would hide that until someone \
            misses the data.
            """,
        howToFix: """
            Check the export or query that produced the file and export it again with the rows.
            """,
        triggeringExamples: [
            RuleExample("↓First Name,Last Name,Email Address\n"),
            RuleExample("↓Supporter Email,Campaign ID,Transaction Date\r\n\r\n\r\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org"),
            RuleExample(""),
            RuleExample("  \n\n"),
        ]
    )

    let hasHeader: Bool

    public init(context: RuleContext) {
        hasHeader = !context.header.isEmpty && !HeaderName.isBlankLine(context.header)
    }

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard hasHeader, facts.dataRecordCount == facts.blankRecordCount else { return }
        let blank = facts.blankRecordCount
        let after = blank == 0 ? "nothing follows it" : "only \(Wording.count(blank, "empty line")) follow it"
        // The header starts after the byte order mark, when there is one.
        let headerStart = SourcePosition(line: 1, column: 1, byteOffset: facts.hasBOM ? 3 : 0)
        report.report(
            at: headerStart, record: 1, "the file has a header but no data rows: \(after)",
            hint: "check the export that produced the file; it matched no rows or lost them")
    }
}
