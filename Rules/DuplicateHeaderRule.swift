import CSVTokenizer
import ENLintCore

/// EN206: two columns with the same name.
public final class DuplicateHeaderRule: HeaderRule {
    public static let description = RuleDescription(
        id: "EN206", slug: "duplicate-header", name: "Duplicate column name", defaultSeverity: .error,
        summary: "Two columns have the same name.",
        whatItDoes: """
            Reports a column whose name repeats an earlier column's name, pointing at the \
            second one and naming the first one's column number. Names that are exactly equal \
            are an error. Names that differ only in upper/lower case or in spaces (`Email` and \
            `email `, `First  Name` and `First Name`) are reported as a warning: they are almost \
            always the same column twice, but the saved format could in principle hold both. \
            Empty names are left to EN207 (empty-header).
            """,
        whyItMatters: """
            EN matches the header against the saved format's fields and imports each column \
            into the field mapped to it. A repeated name usually means a column was pasted or \
            exported twice, and two columns then compete for the same field: one of them is \
            lost or overwrites the other, or the header does not match the saved format.
            """,
        howToFix: """
            Delete the extra column, or rename it to the field it is meant for. Column names \
            must match the saved format exactly, including case and spaces.
            """,
        triggeringExamples: [
            RuleExample("Email Address,First Name,↓Email Address\nsam@example.org,Sam,sam@example.org\n"),
            RuleExample("First Name,Last Name,↓first name \nSam,One,Sam\n"),
            RuleExample("a,b,↓a,↓b,↓a\n1,2,3,4,5\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Other Amount 1,Other Amount 2,Email Address\n1,2,sam@example.org\n"),
            RuleExample("First Name,,,Email Address\nSam,,,sam@example.org\n"),
        ]
    )

    public init(context: RuleContext) {}

    public func checkHeader(_ header: CSVRecord, report: RuleReporter) {
        var exactFirst: [String: Int] = [:]
        var looseFirst: [String: Int] = [:]
        for i in 0..<header.storedFieldCount {
            let name = header.string(i)
            guard !HeaderName.isBlank(name) else { continue }
            let key = HeaderName.looseKey(name)
            if let first = exactFirst[name] {
                report.report(
                    field: i, of: header,
                    "column \(i + 1) is named \(Wording.quoted(name)), like column \(first + 1)",
                    hint: "delete the extra column or rename it to the field it is meant for")
            } else if let first = looseFirst[key] {
                report.report(
                    field: i, of: header, severity: .warning,
                    "column \(i + 1) is named \(Wording.quoted(name)), which differs from column \(first + 1) (\(Wording.quoted(header.string(first)))) only in case or spaces",
                    hint: "delete the extra column, or rename it so that it matches the saved format exactly")
            }
            exactFirst[name] = exactFirst[name] ?? i
            looseFirst[key] = looseFirst[key] ?? i
        }
    }
}
