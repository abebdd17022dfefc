import CSIMDScan
import CSVTokenizer
import ENLintCore

/// EN602: characters EN's import guide says can make a transaction upload fail.
public final class RiskyCharacterRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN602", slug: "risky-character", name: "Risky character", defaultSeverity: .warning,
        kinds: [.transactions],
        summary: "A cell holds |, \\, ! or typographic double quotes, which can make a transaction upload fail.",
        whatItDoes: """
            Scans every cell of the data rows for a pipe `|`, a backslash `\\`, an exclamation \
            mark `!` or a typographic double quote (`“` U+201C, `”` U+201D), and reports the \
            first one in each cell, pointing at it.
            """,
        whyItMatters: """
            EN's guide to importing transactions lists these characters as ones that can make \
            the upload fail. They often arrive in comments and appeal names typed in a word \
            processor (which turns `"` into `“ ”`) or in data exported from other systems.
            """,
        howToFix: """
            Remove the character or replace it: straight quotes `"` for typographic ones, a \
            slash or a word for `|` and `\\`, a full stop for `!`.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Comments\na@example.org,12345,2024-01-05,Thanks↓!\nb@example.org,12345,2024-01-05,\"said ↓“hi” | bye\"\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Appeal Code\na@example.org,12345,2024-01-05,SPRING↓|2024\nb@example.org,12345,2024-01-05,C:↓\\appeals\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Comments\na@example.org,12345,2024-01-05,\"Thanks, \"\"Sam\"\"\"\n"),
            RuleExample("First Name,Email Address,Comments\nSam,sam@example.org,Wow!\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Comments\na@example.org,12345,2024-01-05,Café ‘quoted’ – fine\n"),
        ]
    )

    /// The file's pass over each batch's bytes, shared with EN601.
    let text: BatchTextScan

    public init(context: RuleContext) {
        text = context.shared.helper { BatchTextScan() }
    }

    /// Only the records holding a risky character the batch's vector pass found are checked
    /// (it stops only at those characters themselves, not at other letters that share a lead
    /// byte, `–`, `‘`, `€`): most batches have none.
    public func checkBatch(_ batch: RecordBatch, report: RuleReporter) {
        text.forEachRecord(holding: .risky, in: batch) { i in checkRecord(batch[i], report: report) }
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        // Raw bytes: the characters are the same with or without quoting, and positions are exact.
        guard Self.firstRisky(in: record.rawBytes) != nil else { return }
        for i in 0..<record.storedFieldCount {
            let raw = record.rawBytes(i)
            guard let (offset, name) = Self.firstRisky(raw) else { continue }
            report.report(
                position: record.span(i).start + Int32(offset), in: record,
                "cell \(ByteParsing.quoted(record.value(i))) contains \(name), which can make EN's transaction upload fail",
                hint: Self.hint(name))
        }
    }

    /// Offset of the first risky character in `bytes`: `|`, `\`, `!`, or U+201C or U+201D.
    static func firstRisky(in bytes: Bytes) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let i = enlint_first_risky(base, bytes.count)
        return i < bytes.count ? i : nil
    }

    /// The first risky character in `bytes`: its offset and name.
    static func firstRisky(_ bytes: Bytes) -> (offset: Int, name: String)? {
        guard let i = firstRisky(in: bytes) else { return nil }
        switch bytes[i] {
        case 0x7C: return (i, "a pipe \"|\"")
        case 0x5C: return (i, "a backslash \"\\\"")
        case 0x21: return (i, "an exclamation mark \"!\"")
        default: return (i, "a typographic double quote \"\(bytes[i + 2] == 0x9C ? "“" : "”")\"")
        }
    }

    static func hint(_ name: String) -> String {
        if name.contains("typographic") { return "replace it with a straight double quote (\") or remove it" }
        if name.contains("exclamation") { return "remove it or write a full stop instead" }
        return "remove it, or write a slash or a word instead"
    }
}
