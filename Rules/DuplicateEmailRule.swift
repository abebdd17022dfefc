import CSVTokenizer
import ENLintCore

/// EN503: the same supporter email on two rows of a supporter file.
public final class DuplicateEmailRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN503", slug: "duplicate-email", name: "Duplicate email", defaultSeverity: .warning,
        kinds: [.supporters],
        summary: "The same email address is on two rows; the later row overwrites the earlier one.",
        whatItDoes: """
            Compares each row's email address with those of the rows before it, ignoring case \
            and surrounding spaces, and reports a repeat at the later row, naming the line of \
            the first. Blank emails are left to EN501. To stay small on large files it keeps a \
            64-bit fingerprint and a line number per address, never the rows.
            """,
        whyItMatters: """
            EN keys supporters by email address: when two rows share one, the later row updates \
            the same supporter and its values (name, address, opt-ins) overwrite the earlier \
            row's, which is rarely what the file meant.
            """,
        howToFix: """
            Merge the two rows into one, keeping the right values, or correct the address that \
            was mistyped.
            """,
        triggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\nAlex,alex@example.org\nSammy,↓sam@example.org\n"),
            RuleExample("First Name,Email Address\nSam,Sam@Example.org\nSammy,↓ sam@example.org\nS.,↓SAM@EXAMPLE.ORG\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\nSam,sam+1@example.org\n"),
            RuleExample("First Name,Email Address\nSam,\nAlex,\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,12345,2024-01-05\nsam@example.org,12345,2024-01-06\n"),
        ]
    )

    let column: Int?
    /// Case-folded, trimmed address fingerprint -> first line it was on.
    @exclusivity(unchecked) var seen = FingerprintTable()

    public init(context: RuleContext) {
        column = context.columns[.email]
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let column, let value = record.valueIfPresent(column), !ByteParsing.isBlank(value) else { return }
        let line = Int32(clamping: record.line)
        if let firstLine = seen.firstLine(of: ByteParsing.caseFoldedHash(value), orInsert: line) {
            report.report(
                field: column, of: record,
                "email \(ByteParsing.quoted(value)) is also on line \(firstLine): EN keys supporters by email, so this row overwrites that one",
                hint: "merge the two rows into one, or correct the address that is wrong")
        }
    }
}
