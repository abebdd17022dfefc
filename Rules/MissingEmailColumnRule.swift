import CSVTokenizer
import ENLintCore

/// EN302: a supporter file must have an email column.
public final class MissingEmailColumnRule: HeaderRule {
    public static let description = RuleDescription(
        id: "EN302", slug: "missing-email-column", name: "Missing email column", defaultSeverity: .error,
        kinds: [.supporters],
        summary: "A supporter file has no email address column.",
        whatItDoes: """
            Checks that the header of a supporter file has an email column: `Email Address`, \
            `Supporter Email`, `Email` and similar names (case, spaces and punctuation are \
            ignored), or the column given with `--column email=NAME`.
            """,
        whyItMatters: """
            EN: "an email address column is always required" in a supporter import, even when \
            some rows leave it blank: EN keys supporters by their email address.
            """,
        howToFix: """
            Add the email column, or rename the column that holds the addresses to \
            `Email Address` (matching the saved format), or tell enlint which column it is with \
            `--column email=NAME`.
            """,
        triggeringExamples: [
            RuleExample("↓First Name,Last Name,Postcode\nSam,One,123ABC\n"),
            RuleExample("↓\"First Name\",Contact\nSam,sam@example.org\n", kind: .supporters),
            RuleExample("↓First Name;Email Address\nSam;sam@example.org\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n"),
            RuleExample("First Name,E-mail\nSam,\n"),
            RuleExample("First Name,Contact\nSam,sam@example.org\n", columns: [.email: "Contact"]),
        ]
    )

    let hasEmail: Bool
    let header: [String]

    public init(context: RuleContext) {
        hasEmail = context.columns[.email] != nil
        header = context.header
    }

    public func checkHeader(_ record: CSVRecord, report: RuleReporter) {
        guard !hasEmail, !header.isEmpty, !record.isBlankLine else { return }
        // A column whose name mentions mail is probably the one: offer its mapping.
        if let delimiter = HeaderName.foreignDelimiter(header), ColumnRole.normalize(header[0]).contains("mail") {
            report.report(
                record: record,
                "the header reads as one column because its names are separated by \(delimiter), not commas, so its email column cannot be found",
                hint: "save the file with commas between the values (in Excel: \"Comma Separated Values (.csv)\")")
            return
        }
        let candidate = header.first { ColumnRole.normalize($0).contains("mail") }
        let mapping = candidate.map { "--column email=\(ByteParsing.quoted($0))" } ?? "--column email=NAME"
        report.report(
            record: record,
            "the header has no email address column, which EN always requires in a supporter import (columns: \(header.prefix(10).map { ByteParsing.quoted($0, limit: 30) }.joined(separator: ", "))\(header.count > 10 ? ", …" : ""))",
            hint: "name the column \(ColumnNaming.list(.email)), or map it with \(mapping)")
    }
}
