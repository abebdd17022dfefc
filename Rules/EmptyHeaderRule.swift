import CSVTokenizer
import ENLintCore

/// EN207: a column without a name (or a header line that is empty).
public final class EmptyHeaderRule: HeaderRule, FileRule {
    public static let description = RuleDescription(
        id: "EN207", slug: "empty-header", name: "Empty column name", defaultSeverity: .error,
        summary: "A column has an empty or whitespace-only name.",
        whatItDoes: """
            Reports each column of the header row whose name is empty or only spaces, such as \
            the extra empty columns Excel writes when cells right of the data were once used \
            (`Email Address,First Name,,`). When the whole first line is empty, reports that \
            once: EN reads the first line as the header. A file with no content at all is left \
            to EN106 (empty-file).
            """,
        whyItMatters: """
            EN compares the header with the saved format, which has a field name for every \
            column it imports. An unnamed column makes the header differ from the saved format \
            ("The format you selected does not match the first line of your upload file"), and \
            its values cannot be mapped to any field.
            """,
        howToFix: """
            Give the column the name of the field it holds, or delete the column (in a \
            spreadsheet, delete the whole empty columns right of the data, then save again). \
            If the first line is empty, delete it so that the header is on line 1.
            """,
        triggeringExamples: [
            RuleExample("First Name,↓,Email Address\nSam,One,sam@example.org\n"),
            RuleExample("Email Address,First Name,↓,↓\nsam@example.org,Sam,,\n"),
            RuleExample("Email Address,↓   \nsam@example.org,x\n"),
            RuleExample("↓\nFirst Name,Email Address\nSam,sam@example.org\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,\n"),
            RuleExample("\n\n"),
            RuleExample(""),
        ]
    )

    /// Where the first line starts, when that line is empty: reported at the end of the file
    /// only if the file has content (otherwise it is an empty file, EN106).
    var blankFirstLine: SourcePosition?

    public init(context: RuleContext) {}

    public func checkHeader(_ header: CSVRecord, report: RuleReporter) {
        if header.storedFieldCount == 1 && HeaderName.isBlank(header.string(0)) {
            blankFirstLine = header.location(of: header.startPosition)
            return
        }
        for i in 0..<header.storedFieldCount {
            let name = header.string(i)
            guard HeaderName.isBlank(name) else { continue }
            report.report(
                field: i, of: header,
                name.isEmpty ? "column \(i + 1) has no name" : "column \(i + 1)'s name is only whitespace",
                hint: "name the column after the field it holds, or delete it")
        }
    }

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard let blankFirstLine, facts.hasNonWhitespace else { return }
        report.report(
            at: blankFirstLine, record: 1,
            "the first line is empty: EN reads the first line as the header, so the header has no column names",
            hint: "delete the empty line(s) at the top so that the header row is line 1")
    }
}
