import CSVTokenizer
import ENLintCore

/// EN202: a quote that breaks CSV's quoting rules (inside an unquoted value, or text after a
/// closing quote).
public final class StrayQuoteRule: SyntaxRule {
    public static let description = RuleDescription(
        id: "EN202", slug: "stray-quote", name: "Stray quote", defaultSeverity: .error,
        summary: "A double quote appears where CSV does not allow one.",
        whatItDoes: """
            Reports a double quote `"` inside a value that does not start with a quote \
            (`12" ruler`), and text after the closing quote of a quoted value (`"Smith" Jr`). \
            Each value is reported once, at the first such character.
            """,
        whyItMatters: """
            CSV gives the double quote a special meaning: it wraps values that contain commas \
            or line breaks. A quote elsewhere is read differently by different programs; EN may \
            cut the value at the quote, join it with the next one, or reject the row.
            """,
        howToFix: """
            Put the whole value in quotes and write each quote inside it twice: `12" ruler` \
            becomes `"12"" ruler"`, and `"Smith" Jr` becomes `\"""Smith\"" Jr"` (or drop the \
            quotes if they are not needed). Spreadsheet programs do this when they save as CSV.
            """,
        triggeringExamples: [
            RuleExample("Product,Amount\n12↓\" ruler,5.00\n"),
            RuleExample("Last Name,Email Address\n\"Smith\"↓ Jr,sam@example.org\n"),
            RuleExample("a,b\nx↓\"y\"z,\"p\"↓q\"\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Product,Amount\n\"12\"\" ruler\",5.00\n"),
            RuleExample("Last Name,Email Address\n\"Smith, Jr\",sam@example.org\n"),
        ]
    )

    public init(context: RuleContext) {}

    public func checkSyntax(_ event: SyntaxEvent, in record: CSVRecord, report: RuleReporter) {
        switch event.kind {
        case .quoteInUnquotedField:
            report.report(
                position: event.position, in: record,
                "a double quote inside a value that is not quoted\(Self.valueNote(event, record))",
                hint: "quote the whole value and double the quote inside it: \"12\"\" ruler\"")
        case .textAfterClosingQuote:
            report.report(
                position: event.position, in: record,
                "text after the closing quote of a quoted value\(Self.valueNote(event, record))",
                hint: "quote the whole value and double the quotes inside it: \"\"\"Smith\"\" Jr\"")
        default:
            return
        }
    }

    /// `: '12" ruler'`: the field as written in the file, when its bytes are kept.
    static func valueNote(_ event: SyntaxEvent, _ record: CSVRecord) -> String {
        guard event.fieldIndex < record.storedFieldCount else { return "" }
        return ": " + Wording.quoted(String(decoding: record.rawBytes(event.fieldIndex), as: UTF8.self))
    }
}
