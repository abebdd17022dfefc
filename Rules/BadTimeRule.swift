import CSIMDScan
import CSVTokenizer
import ENLintCore

/// EN403: transaction times must be `hh:mm:ss` on a 24-hour clock.
public final class BadTimeRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN403", slug: "bad-time", name: "Bad time", defaultSeverity: .error, kinds: [.transactions],
        summary: "A transaction time is not hh:mm:ss on a 24-hour clock.",
        whatItDoes: """
            Reads the time column (`Transaction Time`, `Campaign Time`, or the column given with \
            `--column time=NAME`) of every row and checks that it is `hh:mm:ss` with two digits \
            each, hours 00 to 23, minutes and seconds 00 to 59. It says what is wrong: no zero \
            padding (`7:05:00`), no seconds (`07:05`), a 12-hour time (`9:05 PM`), fractions of a \
            second, or a part out of range (`24:00:00`, `12:60:00`). A blank time is allowed.
            """,
        whyItMatters: """
            EN's guide asks for times as `hh:mm:ss`. Excel often saves times as `7:05` or \
            `9:05 PM`, following the computer's regional settings, which EN does not read.
            """,
        howToFix: """
            Write the times as `hh:mm:ss` on a 24-hour clock (the hint gives the value). In Excel, \
            select the column, choose Format Cells > Custom and type `hh:mm:ss` before saving.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Time\nsam@example.org,12345,↓7:05:00\nalex@example.org,12345,↓9:05 PM\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Time\nsam@example.org,12345,↓24:00:00\nalex@example.org,12345,↓07:05\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Time\nsam@example.org,12345,↓\"12:60:00\"\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Time\nsam@example.org,12345,23:59:59\nalex@example.org,12345,00:00:00\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Time\nsam@example.org,12345,\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,12345,2024-01-05\n"),
        ]
    )

    let roleColumn: RoleColumn

    public init(context: RuleContext) {
        roleColumn = RoleColumn(.time, in: context)
    }

    /// A valid `hh:mm:ss` or a blank time: what `checkTime` passes, in a dozen instructions.
    @inline(__always)
    static func isPlainlyFine(_ value: Bytes) -> Bool {
        ByteParsing.isValidTime(value) || value.isEmpty
    }

    public func mayReport(in batch: RecordBatch) -> Bool {
        guard let column = roleColumn.index else { return false }
        let allFine =
            ValueScreen.allValues(in: batch, column: column, screen: enlint_first_unclear_time, Self.isPlainlyFine)
            ?? batch.allValues(inColumn: column, Self.isPlainlyFine)
        return !allFine
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let column = roleColumn.index, let value = record.valueIfPresent(column), !Self.isPlainlyFine(value) else { return }
        check(value, in: record, column: column, report: report)
    }

    @inline(never)
    func check(_ value: Bytes, in record: CSVRecord, column: Int, report: RuleReporter) {
        let verdict = ByteParsing.checkTime(value)
        guard verdict != .valid, verdict != .blank else { return }
        // The words are made only for a finding that is shown (the reporter's cap).
        report.report(
            field: column, of: record, "\(roleColumn.name) value \(ByteParsing.quoted(value)) \(Self.explain(verdict).problem)",
            hint: Self.explain(verdict).hint)
    }

    static func explain(_ verdict: TimeVerdict) -> (problem: String, hint: String) {
        let excel = "in Excel, format the column as hh:mm:ss (Format Cells > Custom) before saving"
        switch verdict {
        case .valid, .blank:
            return ("is fine", "")
        case .surroundingWhitespace(let time):
            return ("has spaces around the time", "write \(time)")
        case .outOfRange(let hour, let minute, let second):
            var parts: [String] = []
            if hour > 23 { parts.append("hour \(hour) is past 23") }
            if minute > 59 { parts.append("minute \(minute) is past 59") }
            if second > 59 { parts.append("second \(second) is past 59") }
            let midnight = hour == 24 && minute == 0 && second == 0 ? "write 00:00:00 (on the next day's date) for midnight" : "check the time in the source data"
            return ("is not a time of day: \(parts.joined(separator: ", "))", midnight)
        case .missingZeroPadding(let time):
            return ("has no zero padding: EN needs hh:mm:ss", "write \(time)")
        case .missingSeconds(let time):
            return ("has no seconds: EN needs hh:mm:ss", "write \(time); \(excel)")
        case .fractionalSeconds(let time):
            return ("has fractions of a second: EN needs hh:mm:ss", "write \(time)")
        case .twelveHour(let time):
            guard let time else {
                return ("mixes a 12-hour AM/PM marker with an hour outside 1-12", "write the time on a 24-hour clock as hh:mm:ss")
            }
            return ("is on a 12-hour clock: EN needs a 24-hour hh:mm:ss", "write \(time); \(excel)")
        case .unrecognised:
            return ("is not a time in EN's hh:mm:ss format", "write the time as hh:mm:ss on a 24-hour clock, e.g. 14:05:00")
        }
    }
}
