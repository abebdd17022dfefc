import CSVTokenizer
import ENLintCore

/// EN501: rows with a blank email, summarised in one finding.
public final class BlankEmailRule: RecordRule, FileRule {
    public static let description = RuleDescription(
        id: "EN501", slug: "blank-email", name: "Blank email", defaultSeverity: .info,
        summary: "Some rows have a blank email address (one summary finding).",
        whatItDoes: """
            Counts the rows whose email column is blank (empty or only spaces) and reports them \
            once, at the first such row, with the count and the first 100 lines. In a supporter \
            file that is allowed but has a consequence (EN invents an address); in a transaction \
            file those rows must carry a supporter ID instead (EN405 checks that).
            """,
        whyItMatters: """
            EN: "an email address column is always required, but you can import rows with a \
            blank email address field": it then generates a random dummy address as that \
            offline supporter's key, so a later import of the same person with a real address \
            creates a second record. Transactions are matched to supporters by email address or \
            supporter ID, so a row with neither cannot be attached.
            """,
        howToFix: """
            If the blank rows are offline supporters, nothing needs fixing. Otherwise fill in \
            the addresses from the source data; in a transaction file, fill in the supporter ID \
            where the email is unknown.
            """,
        triggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\nAlex,↓\nKim,\n"),
            RuleExample("Supporter Email,Supporter ID,Campaign ID,Transaction Date\n↓ ,4321,12345,2024-01-05\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n\nAlex,alex@example.org\n"),
            RuleExample("First Name,Last Name\nSam,One\n"),
        ]
    )

    /// Lines listed in the finding.
    static let listedLines = 100

    let column: Int?
    let kind: ImportKind
    /// The file's walk of the email column, shared with EN502 and EN405.
    let emails: EmailColumnScan?
    @exclusivity(unchecked) var count = 0
    @exclusivity(unchecked) var first: (position: SourcePosition, record: Int)?
    @exclusivity(unchecked) var lines: [Int] = []
    /// The number of the last record looked at: each row is counted once, whichever hook saw it.
    @exclusivity(unchecked) var countedThrough = 0

    public init(context: RuleContext) {
        column = context.columns[.email]
        kind = context.kind.kind
        emails = column.map { column in context.shared.helper { EmailColumnScan(column: column) } }
    }

    /// This rule reports only in `finish`: its work on each row, counting blank emails, is done
    /// here for the whole batch, on the rows whose email the batch's walk of the email column
    /// did not find to be a plainly valid address. (Rows handed one at a time go through
    /// `checkRecord`.)
    public func checkBatch(_ batch: RecordBatch, report: RuleReporter) {
        guard let column, let emails, !batch.isEmpty else { return }
        // Records of a batch are numbered in sequence: skip any counted already.
        let firstNumber = batch[0].number
        let start = countedThrough - firstNumber + 1
        countedThrough = max(countedThrough, firstNumber + batch.count - 1)
        guard lines.count < Self.listedLines else {
            // Past the listed lines a blank email only counts: the empty fields by their bits.
            count += emails.emptyCount(in: batch, from: start)
            emails.forEachUnsettled(in: batch) { i in
                if i >= start { checkOne(batch[i], column: column) }
            }
            return
        }
        emails.forEachNotPlain(in: batch) { i, isEmpty in
            guard i >= start else { return }
            // An empty field of a record with more than one is no blank line: a blank email.
            if isEmpty { tally(batch[i], column: column) } else { checkOne(batch[i], column: column) }
        }
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let column, record.number > countedThrough else { return }
        countedThrough = record.number
        checkOne(record, column: column)
    }

    /// Nearly every row: a filled email decides from its first byte.
    @inline(__always)
    func checkOne(_ record: CSVRecord, column: Int) {
        guard !record.startsFilled(column) else { return }
        countIfBlank(record, column: column)
    }

    /// Counts the row if its email is blank. Out of line, so that the common case above needs
    /// no stack frame.
    @inline(never)
    func countIfBlank(_ record: CSVRecord, column: Int) {
        guard !record.isBlankLine, let value = record.valueIfPresent(column), ByteParsing.isBlank(value)
        else { return }
        tally(record, column: column)
    }

    /// Counts a row with a blank email, and keeps where the first is and the first lines.
    @inline(__always)
    func tally(_ record: CSVRecord, column: Int) {
        count += 1
        if first == nil { first = (record.location(ofField: column), record.number) }
        if lines.count < Self.listedLines { lines.append(record.line) }
    }

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard let first else { return }
        let rows = count == 1 ? "1 row has" : "\(count) rows have"
        let listed = count > lines.count ? " (the first \(lines.count) are listed)" : ""
        switch kind {
        case .supporters:
            report.report(
                at: first.position, record: first.record, relatedLines: lines,
                "\(rows) a blank email address\(listed): EN will invent a dummy address as the key of each such supporter",
                hint: "fine for offline supporters; otherwise fill in the addresses, or a later import with a real address will create a duplicate")
        case .transactions:
            report.report(
                at: first.position, record: first.record, relatedLines: lines,
                "\(rows) a blank email address\(listed): EN must match these rows by supporter ID",
                hint: "make sure each of these rows has the supporter's EN supporter ID")
        }
    }
}
