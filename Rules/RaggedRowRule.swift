import CSVTokenizer
import ENLintCore

/// EN203: every record must have as many fields as the header.
public final class RaggedRowRule: HeaderRule, RecordRule {
    public static let description = RuleDescription(
        id: "EN203", slug: "ragged-row", name: "Ragged row", defaultSeverity: .error,
        summary: "A record has more or fewer fields than the header.",
        whatItDoes: """
            Compares each record's field count with the header's. Blank lines are left to \
            EN204 (blank-row). The finding points at the first extra field, or at the end of a \
            short record, and says both counts.
            """,
        whyItMatters: """
            EN maps columns by position against the saved format. A short row shifts nothing \
            but leaves fields empty; a long row usually means an unquoted comma inside a value \
            (`Smith, Jr.`), which shifts every later value into the wrong field or fails the row.
            """,
        howToFix: """
            Quote values that contain commas (`"Smith, Jr."`), or remove the extra delimiters. \
            `enlint records FILE` shows how each row was split.
            """,
        triggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org,↓extra\n"),
            RuleExample("First Name,Last Name,Email Address\nSam,One↓\n"),
            RuleExample("a,b\n1,2\n\"x\ny\",2,↓3\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n"),
            RuleExample("First Name,Email Address\n\"Smith, Jr.\",sam@example.org\n"),
            RuleExample("a,b\n\n1,2\n"),
        ]
    )

    let expected: Int?

    public init(context: RuleContext) {
        expected = context.header.isEmpty ? nil : context.header.count
    }

    public func checkHeader(_ header: CSVRecord, report: RuleReporter) {}

    /// One tight pass over the batch's field counts (none when the batch's shape says they
    /// all match); a row is looked at only when its count differs.
    public func checkBatch(_ batch: RecordBatch, report: RuleReporter) {
        guard let expected, batch.uniformFieldCount != expected else { return }
        for i in 0..<batch.count where batch[i].fieldCount != expected { checkRecord(batch[i], report: report) }
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let expected, record.fieldCount != expected, !record.isBlankLine else { return }
        let count = record.fieldCount
        let message = "record has \(count) field\(count == 1 ? "" : "s"), the header has \(expected)"
        if count > expected, expected < record.storedFieldCount {
            report.report(field: expected, of: record, message, hint: "quote values that contain commas")
        } else {
            report.report(
                position: record.startPosition + Int32(record.rawBytes.count), in: record, message,
                hint: "add the missing fields, or check for a line break inside an unquoted value")
        }
    }
}
