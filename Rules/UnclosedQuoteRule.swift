import CSVTokenizer
import ENLintCore

/// EN201: a quoted value that never closes swallows the rest of the file.
public final class UnclosedQuoteRule: SyntaxRule {
    public static let description = RuleDescription(
        id: "EN201", slug: "unclosed-quote", name: "Unclosed quote", defaultSeverity: .error,
        summary: "A quoted value never closes, so it runs to the end of the file.",
        whatItDoes: """
            Reports a value that opens with a double quote `"` and has no closing quote before \
            the end of the file. The finding points at the opening quote and says how many \
            lines the value swallowed.
            """,
        whyItMatters: """
            In CSV a quote opens a value that may hold commas and line breaks until the next \
            quote. Without the closing quote, every later row becomes part of that one value: \
            those rows are not imported as rows at all, or the import fails.
            """,
        howToFix: """
            Add the missing closing quote at the end of the value. If the quote was meant as a \
            character (`12" ruler`), put the whole value in quotes and double the inner quote: \
            `"12"" ruler"`.
            """,
        triggeringExamples: [
            RuleExample("First Name,Comments\nSam,↓\"Thanks for everything\nKim,Great\nLee,Bye\n"),
            RuleExample("Email Address,Comments\nsam@example.org,ok\nkim@example.org,↓\"monthly"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Comments\nSam,\"Thanks, for everything\"\nKim,Great\n"),
            RuleExample("First Name,Comments\nSam,\"Line one\nline two\"\n"),
        ]
    )

    public init(context: RuleContext) {}

    public func checkSyntax(_ event: SyntaxEvent, in record: CSVRecord, report: RuleReporter) {
        guard event.kind == .unclosedQuote else { return }
        report.report(position: event.position, in: record, Self.message(event, record),
            hint: "add the closing quote; write a quote inside a quoted value as two quotes (\"\")")
    }

    static func message(_ event: SyntaxEvent, _ record: CSVRecord) -> String {
        let openLine = record.location(of: event.position).line
        // A file that ends with a line break puts the record's end on the empty line after it.
        let endsWithBreak = record.rawBytes.last.map { $0 == 0x0A || $0 == 0x0D } ?? false
        let swallowed = record.endLine - openLine - (endsWithBreak ? 1 : 0)
        guard swallowed > 0 else { return "this quote opens a value that never closes before the end of the file" }
        return "this quote opens a value that never closes: the remaining \(Wording.count(swallowed, "line")) of the file were read into this one value"
    }
}
