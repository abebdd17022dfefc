import CSVTokenizer
import ENLintCore

/// EN406: one campaign type and one payment type per transaction file.
public final class MultipleTransactionTypesRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN406", slug: "multiple-transaction-types", name: "Multiple transaction types",
        defaultSeverity: .error, kinds: [.transactions],
        summary: "A transaction file mixes campaign types or payment types.",
        whatItDoes: """
            Remembers the first value of the `Campaign Type` column and of the `Payment Type` \
            column, and reports the first row whose value differs, once per column, naming both \
            values and the first one's line. Values are compared without surrounding spaces and \
            ignoring upper/lower case (`Visa` and `VISA` are one type); blank values are skipped.
            """,
        whyItMatters: """
            EN imports one transaction type per file: its import guide asks for single \
            credit-card gifts in one file and recurring gifts in another. A mixed file imports \
            some rows as the wrong type or fails.
            """,
        howToFix: """
            Sort the file by the type column and split it at each change, then upload each file \
            on its own.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Payment Type\na@example.org,12345,2024-01-05,Credit Card\nb@example.org,12345,2024-01-05,↓PayPal\nc@example.org,12345,2024-01-05,Cheque\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Campaign Type,Payment Type\na@example.org,12345,2024-01-05,FCS,Visa\nb@example.org,12345,2024-01-05,↓FCR,↓ACH\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Payment Type\na@example.org,12345,2024-01-05,Visa\nb@example.org,12345,2024-01-05, VISA\nc@example.org,12345,2024-01-05,\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Campaign Type\na@example.org,12345,2024-01-05,ETT\nb@example.org,12345,2024-01-05,ETT\n"),
        ]
    )

    /// One type column: its first value and where it was, and whether a finding was made.
    struct TypeColumn {
        let index: Int
        let name: String
        /// The column's run per batch, shared with whoever else asks about the column.
        let runs: ColumnRuns
        var first: (value: [UInt8], line: Int)?
        var reported = false
        /// The previous row's value as written: a repeat needs no trimming or folding.
        var previous = RepeatedValue()
    }

    /// Values longer than this are compared by their first bytes only (types are short words).
    static let keptBytes = 256

    @exclusivity(unchecked) var columns: [TypeColumn]

    public init(context: RuleContext) {
        columns = [ColumnRole.campaignType, .paymentType].compactMap { role in
            context.columns[role].map {
                TypeColumn(index: $0, name: ColumnNaming.name(of: $0, in: context), runs: context.columnRuns.runs(ofColumn: $0))
            }
        }
    }

    /// A batch in which every unreported column repeats its previous row's value, or is empty,
    /// changes nothing: a row with the type the previous row had was already compared with the
    /// first one, and blank types are skipped. (Blank lines pass: their value, if any, is empty.)
    public func mayReport(in batch: RecordBatch) -> Bool {
        for column in columns where !column.reported {
            if !column.runs.run(in: batch).allRepeat(column.previous, emptyPasses: true) { return true }
        }
        return false
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        for i in columns.indices where !columns[i].reported {
            guard let value = record.valueIfPresent(columns[i].index), !columns[i].previous.repeats(value) else { continue }
            compare(value, in: record, column: i, report: report)
        }
    }

    @inline(never)
    func compare(_ value: Bytes, in record: CSVRecord, column i: Int, report: RuleReporter) {
        let type = Bytes(rebasing: ByteParsing.trimmed(value).prefix(Self.keptBytes))
        guard !type.isEmpty else { return }
        guard let first = columns[i].first else {
            columns[i].first = (Array(type), record.line)
            return
        }
        if !ByteParsing.equalFolded(type, first.value) {
            columns[i].reported = true
            report.report(
                field: columns[i].index, of: record,
                "\(columns[i].name) value \(ByteParsing.quoted(type)) differs from \(first.value.withUnsafeBufferPointer { ByteParsing.quoted($0) }) on line \(first.line): EN imports one type per file",
                hint: "split the file by \(columns[i].name), one file per value, and upload each on its own")
        }
    }
}
