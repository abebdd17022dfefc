import CSVTokenizer
import ENLintCore

/// EN405: every transaction row must name its supporter, by email or by supporter ID.
public final class NoSupporterReferenceRule: HeaderRule, RecordRule {
    public static let description = RuleDescription(
        id: "EN405", slug: "no-supporter-reference", name: "No supporter reference", defaultSeverity: .error,
        kinds: [.transactions],
        summary: "A transaction row has neither an email address nor a supporter ID.",
        whatItDoes: """
            Checks that every transaction row has a supporter email or a supporter ID (or both). \
            When the header has neither column at all, it reports that once, on the header, and \
            says how to name or map the column.
            """,
        whyItMatters: """
            Transactions are attached to supporters who already exist in EN, found "with either \
            their email address or their supporter ID". A row with neither cannot be attached to \
            anyone.
            """,
        howToFix: """
            Fill in the supporter's email address or EN supporter ID on each row (create missing \
            supporters first with a supporter import). If the column exists under another name, \
            rename it (`Supporter Email`, `Supporter ID`) or map it with `--column email=NAME` or \
            `--column supporter-id=NAME`.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Supporter ID,Campaign ID,Transaction Date\n↓,,12345,2024-01-05\nsam@example.org,,12345,2024-01-05\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\n↓ ,12345,2024-01-05\n"),
            RuleExample("↓Donor,Campaign ID,Transaction Date\nSam One,12345,2024-01-05\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Supporter ID,Campaign ID,Transaction Date\n,4321,12345,2024-01-05\nsam@example.org,,12345,2024-01-05\n"),
            RuleExample("Supporter ID,Campaign ID,Transaction Date\n4321,12345,2024-01-05\n\n"),
            RuleExample("Contact,Campaign ID,Transaction Date\nsam@example.org,12345,2024-01-05\n", columns: [.email: "Contact"]),
        ]
    )

    let email: Int?
    let supporterID: Int?
    let hasHeader: Bool
    let context: RuleContext
    /// The file's walk of the email column, shared with EN501 and EN502.
    let emails: EmailColumnScan?

    public init(context: RuleContext) {
        email = context.columns[.email]
        emails = email.map { column in context.shared.helper { EmailColumnScan(column: column) } }
        supporterID = context.columns[.supporterID]
        hasHeader = !context.header.isEmpty
        self.context = context
    }

    public func checkHeader(_ header: CSVRecord, report: RuleReporter) {
        guard email == nil, supporterID == nil, hasHeader else { return }
        report.report(
            record: header,
            "the header has no supporter email or supporter ID column: EN cannot tell whose transactions these are",
            hint: "name the column \(ColumnNaming.list(.email)) or \(ColumnNaming.list(.supporterID)), or map it with --column email=NAME or --column supporter-id=NAME")
    }

    /// With an email column, only the rows whose email the batch's walk of that column did not
    /// find to be a plainly valid address are checked.
    public func checkBatch(_ batch: RecordBatch, report: RuleReporter) {
        guard email != nil || supporterID != nil, !batch.isEmpty else { return }
        guard let emails else {
            for i in 0..<batch.count { checkRecord(batch[i], report: report) }
            return
        }
        // In the usual batch the supporter ID of a row with an empty email is read in place.
        let ids = supporterID.flatMap { batch.spans(inColumn: $0) }
        let buffer = batch[0].bufferBase
        emails.forEachNotPlain(in: batch) { i, isEmpty in
            // An empty email says nothing: the supporter ID decides.
            if isEmpty, let (ids, width) = ids {
                if ids[i * width].firstByteClass(in: buffer) == .filled { return }
            }
            let record = batch[i]
            guard !startsFilled(record) else { return }
            check(record, report: report)
        }
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard !startsFilled(record) else { return }
        check(record, report: report)
    }

    /// Nearly every row: a filled email (or ID) decides from its first byte.
    @inline(__always)
    func startsFilled(_ record: CSVRecord) -> Bool {
        record.startsFilled(email) || record.startsFilled(supporterID)
    }

    /// The rows the first bytes did not decide. Out of line, so that the common case above
    /// needs no stack frame.
    @inline(never)
    func check(_ record: CSVRecord, report: RuleReporter) {
        guard email != nil || supporterID != nil, !record.isBlankLine else { return }
        // nil: the row does not have the column (EN203's business, ragged-row), so it says nothing.
        func isBlank(_ column: Int?) -> Bool? {
            guard let column, let value = record.valueIfPresent(column) else { return nil }
            return ByteParsing.isBlank(value)
        }
        let emailBlank = isBlank(email)
        let idBlank = isBlank(supporterID)
        guard emailBlank != false, idBlank != false, emailBlank != nil || idBlank != nil else { return }
        let columns = [email, supporterID].compactMap { $0 }
        let names = columns.map { ColumnNaming.name(of: $0, in: context) }.joined(separator: " and ")
        report.report(
            field: columns[0], of: record,
            "no supporter reference: \(names) \(columns.count == 1 ? "is" : "are") blank, so EN cannot find the supporter",
            hint: "fill in the supporter's email address or EN supporter ID")
    }
}
