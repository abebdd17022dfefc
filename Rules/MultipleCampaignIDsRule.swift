import CSVTokenizer
import ENLintCore

/// EN401: a transaction file holds one campaign's rows only.
public final class MultipleCampaignIDsRule: RecordRule, FileRule {
    public static let description = RuleDescription(
        id: "EN401", slug: "multiple-campaign-ids", name: "Multiple campaign IDs", defaultSeverity: .error,
        kinds: [.transactions],
        summary: "A transaction file holds rows for more than one campaign ID.",
        whatItDoes: """
            Remembers the first campaign ID in the file and reports the first row with a \
            different one, once, naming both IDs and their lines; at the end of the file it adds \
            how many distinct IDs the file holds. IDs are compared as written, without \
            surrounding spaces; blank IDs are left to EN404 (bad-campaign-id).
            """,
        whyItMatters: """
            EN's guide: "Each upload file should only contain rows for a single campaign ID. If \
            you want to import data for several campaigns, this needs to be done in separate \
            files."
            """,
        howToFix: """
            Split the file by campaign ID, one file per campaign (sort by the campaign ID column \
            and cut at each change), and upload each file on its own.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,12345,2024-01-05\nb@example.org,↓67890,2024-01-05\nc@example.org,11111,2024-01-05\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,,2024-01-05\nb@example.org,12345,2024-01-05\nc@example.org,↓\"12346\",2024-01-05\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,12345,2024-01-05\nb@example.org, 12345 ,2024-01-05\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,12345,2024-01-05\nb@example.org,,2024-01-05\n"),
        ]
    )

    /// Distinct IDs are counted up to this many; past it the count says "more than".
    static let distinctLimit = 1000

    let column: Int?
    /// The first ID: its hash for comparing, a short copy for the message.
    @exclusivity(unchecked) var first: (hash: UInt64, shown: String, line: Int)?
    @exclusivity(unchecked) var firstOther: (id: String, position: SourcePosition, record: Int)?
    @exclusivity(unchecked) var distinct: Set<UInt64> = []
    /// The previous row's ID, as written: files repeat one ID on every row, and a row equal to
    /// the previous one needs no hashing.
    @exclusivity(unchecked) var previous = RepeatedValue()

    /// The ID column's runs, shared with EN404 and the engine's tally of campaign IDs.
    let runs: ColumnRuns?

    public init(context: RuleContext) {
        column = context.columns[.campaignID]
        runs = column.map { context.columnRuns.runs(ofColumn: $0) }
    }

    /// A batch whose IDs all repeat the previous row's, or are empty, changes nothing: a row
    /// with the ID the previous row had was already counted (or reported), and blank IDs are
    /// skipped.
    public func mayReport(in batch: RecordBatch) -> Bool {
        guard let runs else { return false }
        return !runs.run(in: batch).allRepeat(previous, emptyPasses: true)
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let column, let value = record.valueIfPresent(column), !previous.repeats(value) else { return }
        count(value, in: record, column: column)
    }

    @inline(never)
    func count(_ value: Bytes, in record: CSVRecord, column: Int) {
        let id = ByteParsing.trimmed(value)
        guard !id.isEmpty else { return }
        let hash = ByteParsing.caseFoldedHash(id)
        guard let first else {
            first = (hash, ByteParsing.quoted(id), record.line)
            distinct.insert(hash)
            return
        }
        if firstOther == nil && hash != first.hash {
            firstOther = (ByteParsing.quoted(id), record.location(ofField: column), record.number)
        }
        if firstOther != nil && distinct.count <= Self.distinctLimit {
            distinct.insert(hash)
        }
    }

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard let first, let other = firstOther else { return }
        let count = distinct.count > Self.distinctLimit ? "more than \(Self.distinctLimit)" : String(distinct.count)
        report.report(
            at: other.position, record: other.record,
            "campaign ID \(other.id) differs from \(first.shown) on line \(first.line): the file holds \(count) distinct campaign IDs, EN imports one per file",
            hint: "split the file into one file per campaign ID and upload each on its own")
    }
}
