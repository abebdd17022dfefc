import CSVTokenizer
import ENLintCore

/// EN404: the campaign ID must be EN's numeric campaign ID: a positive integer.
public final class BadCampaignIDRule: HeaderRule, RecordRule {
    public static let description = RuleDescription(
        id: "EN404", slug: "bad-campaign-id", name: "Bad campaign ID", defaultSeverity: .error,
        kinds: [.transactions],
        summary: "A campaign ID is not a positive whole number.",
        whatItDoes: """
            Reads the campaign ID column (`Campaign ID`, `Campaign Number`, or the column given \
            with `--column campaign-id=NAME`) of every row and checks that it is a positive whole \
            number. It recognises what Excel does to long numbers: scientific notation \
            (`1.2345E+5`) and a decimal part (`12345.0`), and reports blank IDs, zero, negative \
            numbers, spaces and text such as a page name. A transaction file without a campaign \
            ID column gets one finding on its header.
            """,
        whyItMatters: """
            EN links every imported transaction to a campaign through its numeric ID (the \
            campaign ID from the page source, not the page ID). A row without a usable ID cannot \
            be imported, and a number Excel rounded to scientific notation may point at the \
            wrong campaign.
            """,
        howToFix: """
            Put the campaign's numeric ID on every row. In Excel, format the column as Number \
            with 0 decimal places (or as Text) before saving, so it keeps every digit. Find the \
            ID at the bottom of the page source: `<!-- Page Name:[page id]:[campaign id]:[client id] -->`.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,↓1.2345E+5,2024-01-05\nalex@example.org,↓12345.0,2024-01-05\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,↓,2024-01-05\nalex@example.org,↓Spring Appeal,2024-01-05\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,↓0,2024-01-05\nalex@example.org,↓-12345,2024-01-05\n"),
            RuleExample("↓Supporter Email,Transaction Date\nsam@example.org,2024-01-05\n", kind: .transactions),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,12345,2024-01-05\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,\"98765\",2024-01-05\n\n"),
            RuleExample("Supporter Email,Campaign Number,Transaction Date\nsam@example.org,12345,2024-01-05\n", kind: .transactions),
        ]
    )

    @exclusivity(unchecked) var ids: RepeatedValidColumn

    public init(context: RuleContext) {
        ids = RepeatedValidColumn(.campaignID, in: context)
    }

    public func checkHeader(_ header: CSVRecord, report: RuleReporter) {
        guard ids.role.index == nil, !header.isBlankLine else { return }
        report.report(
            record: header, "the header has no campaign ID column: EN needs the numeric campaign ID on every row of a transaction file",
            hint: "name the column \"Campaign ID\", or map it with --column campaign-id=NAME")
    }

    static func isValidID(_ value: Bytes) -> Bool {
        if let id = ByteParsing.unsignedInteger(value), id > 0 { return true }
        return false
    }

    public func mayReport(in batch: RecordBatch) -> Bool {
        ids.mayReport(in: batch)
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        // A repeat of the last valid ID (the usual row) needs no parsing.
        ids.check(record, report: report, isValid: Self.isValidID, explain: Self.explain)
    }

    static func explain(_ value: Bytes) -> (problem: String, hint: String) {
        let shown = ByteParsing.quoted(value)
        let excel = "in Excel, format the column as Number with 0 decimal places (or as Text) before saving"
        let trimmed = ByteParsing.trimmed(value)
        if trimmed.isEmpty {
            return ("is blank: every row needs the campaign's numeric ID", "fill in the campaign ID (the same one on every row)")
        }
        if let id = ByteParsing.unsignedInteger(trimmed) {
            return id == 0
                ? ("value \(shown) is zero, which is no campaign", "use the campaign's numeric ID from the page source")
                : ("value \(shown) has spaces around the number", "write \(id)")
        }
        let text = String(decoding: trimmed, as: UTF8.self)
        if text.contains(where: { $0 == "E" || $0 == "e" }), let number = Double(text) {
            let read = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            return (
                "value \(shown) is in Excel's scientific notation (\(read)): digits of the real ID may be lost",
                "re-export the column with its full digits; \(excel)"
            )
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 2, let whole = UInt64(parts[0]), whole > 0, !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "0" }) {
            return ("value \(shown) has a decimal part: EN needs a whole number", "write \(whole); \(excel)")
        }
        if text.hasPrefix("-"), UInt64(text.dropFirst()) != nil {
            return ("value \(shown) is negative: campaign IDs are positive numbers", "use the campaign's numeric ID from the page source")
        }
        return (
            "value \(shown) is not a number: EN needs the numeric campaign ID, not a name or page ID",
            "find the ID at the bottom of the page source: <!-- Page Name:[page id]:[campaign id]:[client id] -->"
        )
    }
}
