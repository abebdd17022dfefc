import CSVTokenizer
import ENLintCore

/// EN209: a field or record over the tokenizer's bounds, nearly always a runaway quoted value.
public final class OversizedFieldRule: SyntaxRule {
    public static let description = RuleDescription(
        id: "EN209", slug: "oversized-field", name: "Oversized field", defaultSeverity: .error,
        summary: "A value over 1 MiB, or a row over enlint's size bounds: almost always an unclosed quote.",
        whatItDoes: """
            Reports a single value larger than enlint's bound for one value, 1 MiB \
            (\(Wording.grouped(TokenizerLimits.default.maxFieldBytes)) bytes), with its size; a \
            row larger than 8 MiB (\(Wording.grouped(TokenizerLimits.default.maxRecordBytes)) \
            bytes); and a row with more than \(Wording.grouped(TokenizerLimits.default.maxFieldsPerRecord)) \
            values. enlint checks only the first part of such a value or row, so problems \
            further inside it are not reported.
            """,
        whyItMatters: """
            No name, address, email or comment is a megabyte long. A value that size is nearly \
            always a quote that never closes (EN201) or closes far too late, swallowing the rows \
            after it into one value; those rows are then not imported as rows. It can also be \
            a whole document or image pasted into a cell.
            """,
        howToFix: """
            Go to the line reported and look for a missing or extra double quote in the value \
            that starts there; fix it and lint again. If the value really is that large, remove \
            it: EN's fields are not meant for documents.
            """,
        triggeringExamples: [
            RuleExample(
                "First Name,Comments\nSam,↓\"Thanks for everything\nKim,Great\nLee,Bye\n",
                tokenizerLimits: exampleLimits),
            RuleExample(
                "First Name,Comments\nSam,ok\nKim,↓\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUg\"\n",
                tokenizerLimits: exampleLimits),
            RuleExample("a,b\n1,2,3,4,5,6,7,8,↓9\n", tokenizerLimits: exampleLimits),
            RuleExample("a,b\n↓1,2,3,4,5,6,7,8\n", tokenizerLimits: TokenizerLimits(
                chunkSize: 4, maxFieldBytes: 4, maxRecordBytes: 8, maxFieldsPerRecord: 100)),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Comments\nSam,\"Thanks for everything\"\n"),
            RuleExample("First Name,Comments\nSam,Thanks\nKim,Great\n", tokenizerLimits: exampleLimits),
        ]
    )

    /// Bounds small enough to show the rule on a few lines: 16-byte values, 8 values per row.
    static let exampleLimits = TokenizerLimits(
        chunkSize: 8, maxFieldBytes: 16, maxRecordBytes: 64, maxFieldsPerRecord: 8)

    let limits: TokenizerLimits

    public init(context: RuleContext) {
        limits = context.tokenizerLimits
    }

    public func checkSyntax(_ event: SyntaxEvent, in record: CSVRecord, report: RuleReporter) {
        switch event.kind {
        case .fieldTooLarge(let byteCount):
            report.report(
                position: event.position, in: record,
                "this value is \(Wording.bytes(byteCount, unit: .binary)) long, over the bound of \(Wording.bytes(Int64(limits.maxFieldBytes), unit: .binary)) for one value\(Self.unclosedNote(event, record)); enlint checks only its start",
                hint: "look for a missing or extra double quote where this value starts")
        case .recordTooLarge:
            // One finding per row: a value over its own bound already explains the row's size.
            guard !record.events.contains(where: { if case .fieldTooLarge = $0.kind { true } else { false } }) else {
                return
            }
            report.report(
                record: record,
                "this row is over the bound of \(Wording.bytes(Int64(limits.maxRecordBytes), unit: .binary)) for one row; enlint checks only its start",
                hint: "look for a missing or extra double quote in this row")
        case .tooManyFields:
            report.report(
                position: event.position, in: record,
                "this row has \(Wording.grouped(record.fieldCount)) values; enlint checks only the first \(Wording.grouped(limits.maxFieldsPerRecord))",
                hint: "check that the row is really one record: values separated by commas, rows by line breaks")
        default:
            return
        }
    }

    /// Says so when the value is an unclosed quote (reported by EN201 too).
    static func unclosedNote(_ event: SyntaxEvent, _ record: CSVRecord) -> String {
        guard event.fieldIndex < record.storedFieldCount,
              record.span(event.fieldIndex).flags.contains(.unclosed)
        else { return "" }
        return " (its opening quote never closes, see EN201)"
    }
}
