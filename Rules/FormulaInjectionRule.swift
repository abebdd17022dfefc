import CSIMDScan
import CSVTokenizer
import ENLintCore

/// EN601: cells a spreadsheet would run as a formula.
public final class FormulaInjectionRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN601", slug: "formula-injection", name: "Formula injection", defaultSeverity: .warning,
        summary: "A cell starts with =, +, -, @, tab or CR and would run as a formula in a spreadsheet.",
        whatItDoes: """
            Looks at the first character of every cell of the data rows. A cell that starts with \
            `=`, `+`, `-`, `@`, a tab or a carriage return is reported, unless it is a plain \
            number (`-12.5`, `+3`) or a phone number (`+` or `-` followed only by digits, \
            spaces, dots, dashes and brackets: `+44 20 7946 0958`), which spreadsheets treat as \
            values. A lone `-` (a placeholder) is not reported either.
            """,
        whyItMatters: """
            Files that pass through EN are opened in Excel or Google Sheets by colleagues, and \
            EN exports the imported values again. A cell such as `=HYPERLINK(...)` or \
            `@SUM(...)` runs as a formula there ("CSV injection"): it can show wrong data, leak \
            data to a web address, or run commands on older Excel versions. Values from web \
            forms deserve suspicion.
            """,
        howToFix: """
            Check where the value came from. If it is a real value, prefix it with an apostrophe \
            (`'=...`) or a space in the source system, or remove the leading character; if it is \
            not, delete it.
            """,
        triggeringExamples: [
            RuleExample("First Name,Email Address\n↓=HYPERLINK(\"http://x.example\"),sam@example.org\nAlex,↓@SUM(1+1)\n"),
            RuleExample("First Name,Last Name,Email Address\n\"↓+cmd|' /C calc'!A0\",One,sam@example.org\nKim,↓-2+3,kim@example.org\n"),
            RuleExample("First Name,Notes\nSam,\"↓\tsecret\"\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Phone Number,Amount\nSam,+44 20 7946 0958,-12.50\nAlex,+1 (555) 123-4567,+3\nKim,-,0\n"),
            RuleExample("=Not checked in the header,Email Address\nSam,sam@example.org\n\n"),
            RuleExample("First Name,Email Address\nSam,a=b@example.org\n"),
        ]
    )

    /// Whether a first byte makes a spreadsheet read the cell as a formula: `=`, `+`, `-`, `@`,
    /// tab or CR. A comparison chain, not a table: a `static let` table read per field costs a
    /// lazy-initialisation check on every access.
    @inline(__always)
    static func isTrigger(_ b: UInt8) -> Bool {
        // A bit per trigger below 0x40 (tab, CR, "+", "-", "="), and "@": two tests, no chain.
        let below64: UInt64 = 1 << 0x09 | 1 << 0x0D | 1 << 0x2B | 1 << 0x2D | 1 << 0x3D
        return b == UInt8(ascii: "@") || b < 64 && below64 >> UInt64(b) & 1 != 0
    }

    /// Records at least this long may have lost bytes to the tokenizer's record bound, and then
    /// a later field starts where the bytes were cut, not after a delimiter (see `checkBatch`).
    let cutRecordBytes: Int
    /// The file's pass over each batch's bytes, shared with EN602.
    let text: BatchTextScan

    public init(context: RuleContext) {
        cutRecordBytes = context.tokenizerLimits.maxRecordBytes
        text = context.shared.helper { BatchTextScan() }
    }

    /// Only the records holding a place where the batch's vector pass found a field that may
    /// start with a formula are checked: most batches have none (signed numbers and phone
    /// numbers are dismissed there and then).
    public func checkBatch(_ batch: RecordBatch, report: RuleReporter) {
        // The pass expects every field to start after a delimiter or line break, which a record
        // cut to the tokenizer's record bound (that many bytes or more) does not keep.
        guard batch.bytes.count < cutRecordBytes else {
            for i in 0..<batch.count { checkRecord(batch[i], report: report) }
            return
        }
        text.forEachRecord(holding: .formula, in: batch) { i in checkRecord(batch[i], report: report) }
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        let bytes = record.bufferBase
        for (i, span) in record.spans.enumerated() {
            // One first-byte check per field: the raw bytes, past an opening quote.
            guard span.start < span.end else { continue }
            let first = bytes[Int(span.start)]
            let lead = first != 0x22 ? first : span.end - span.start > 1 ? bytes[Int(span.start) + 1] : 0
            guard Self.isTrigger(lead) else { continue }
            let value = record.value(i)
            guard Self.isFormula(value) else { continue }
            report.report(
                position: record.valueStart(ofField: i), in: record,
                "cell \(ByteParsing.quoted(value)) starts with \(Self.name(value[0])): a spreadsheet would run it as a formula",
                hint: "check where the value came from; if it is genuine, prefix it with an apostrophe (') in the source, otherwise delete it")
        }
    }

    /// Whether a value that starts with a trigger byte would be a formula: not a number, phone
    /// number or lone dash.
    static func isFormula(_ value: Bytes) -> Bool {
        guard let first = value.first, isTrigger(first) else { return false }
        guard first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return true }
        let rest = Bytes(rebasing: value.dropFirst())
        if rest.isEmpty { return false }
        if ByteParsing.isPlainNumber(rest) { return false }
        // A phone number (or dashes only): digits, spaces, dots, dashes and brackets, no operator.
        for b in rest where !(ByteParsing.isDigit(b) || b == 0x20 || b == 0x2E || b == 0x2D || b == 0x28 || b == 0x29) {
            return true
        }
        return false
    }

    static func name(_ b: UInt8) -> String {
        switch b {
        case 0x09: "a tab"
        case 0x0D: "a carriage return"
        default: "\"\(Character(Unicode.Scalar(b)))\""
        }
    }
}
