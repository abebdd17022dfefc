import CSIMDScan
import CSVTokenizer
import ENLintCore

/// EN402: transaction dates must be `YYYY-MM-DD` and a real day.
public final class BadDateRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN402", slug: "bad-date", name: "Bad date", defaultSeverity: .error, kinds: [.transactions],
        summary: "A transaction date is not a real day written as YYYY-MM-DD.",
        whatItDoes: """
            Reads the date column (`Transaction Date`, `Campaign Date`, or the column given with \
            `--column date=NAME`) of every row and checks that it is `YYYY-MM-DD` and a day that \
            exists (no 2024-02-30; 29 February only in leap years). It recognises the usual wrong \
            shapes and says which one it saw: `03/04/2024` (day and month in an order that can be \
            read both ways), `2024-1-5` (no zero padding), `20240105`, Excel serial numbers such \
            as `45292`, `2024/01/05`, and a date with a time after it (`2024-01-05T10:00`). A blank \
            date is allowed: EN's guide says "if you are providing a date".
            """,
        whyItMatters: """
            EN's transaction import accepts dates only as `YYYY-MM-DD`. Excel rewrites dates in \
            the computer's regional format when it saves a CSV, so a file that looked right in \
            Excel can be rejected, or worse, `03/04/2024` can land on the wrong day.
            """,
        howToFix: """
            Rewrite the dates as `YYYY-MM-DD` (the hint gives the value to write). In Excel, select \
            the column, choose Format Cells > Custom, type `yyyy-mm-dd`, then save as \
            "Comma Separated Values (.csv)". For an ambiguous date, check in the source system \
            whether the day or the month comes first.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,12345,↓03/04/2024\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,12345,↓2024-02-30\nb@example.org,12345,↓2024-1-5\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,12345,↓45292\nb@example.org,12345,↓\"2024-01-05 10:00\"\n"),
            RuleExample("Supporter Email,Campaign ID,Donated On\na@example.org,12345,↓20240105\n", kind: .transactions, columns: [.date: "Donated On"]),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,12345,2024-02-29\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,12345,\nalex@example.org,12345,\"2024-12-31\"\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\nsam@example.org,12345\n"),
            RuleExample("Supporter Email,Campaign ID\nsam@example.org,12345\n", kind: .transactions),
        ]
    )

    let column: Int?
    let context: RuleContext

    public init(context: RuleContext) {
        self.context = context
        column = context.columns[.date]
    }

    /// A valid `YYYY-MM-DD` or a blank date: what `checkDate` passes, in a dozen instructions.
    @inline(__always)
    static func isPlainlyFine(_ value: Bytes) -> Bool {
        ByteParsing.isValidISODate(value) || value.isEmpty
    }

    public func mayReport(in batch: RecordBatch) -> Bool {
        guard let column else { return false }
        let allFine =
            ValueScreen.allValues(in: batch, column: column, screen: enlint_first_unclear_date, Self.isPlainlyFine)
            ?? batch.allValues(inColumn: column, Self.isPlainlyFine)
        return !allFine
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let column, let value = record.valueIfPresent(column), !Self.isPlainlyFine(value) else { return }
        check(value, in: record, column: column, report: report)
    }

    @inline(never)
    func check(_ value: Bytes, in record: CSVRecord, column: Int, report: RuleReporter) {
        let verdict = ByteParsing.checkDate(value)
        guard verdict != .valid, verdict != .blank else { return }
        // The words are made only for a finding that is shown (the reporter's cap).
        report.report(
            field: column, of: record,
            "\(ColumnNaming.name(of: column, in: context)) value \(ByteParsing.quoted(value)) \(explanation(verdict).problem)",
            hint: explanation(verdict).hint)
    }

    func explanation(_ verdict: DateVerdict) -> (problem: String, hint: String) {
        Self.explain(verdict, timeColumn: context.columns[.time].map { ColumnNaming.name(of: $0, in: context) })
    }

    /// What is wrong, and what to write instead.
    static func explain(_ verdict: DateVerdict, timeColumn: String?) -> (problem: String, hint: String) {
        let excel = "in Excel, format the column as yyyy-mm-dd (Format Cells > Custom) before saving"
        switch verdict {
        case .valid, .blank:
            return ("is fine", "")
        case .surroundingWhitespace(let date):
            return ("has spaces around the date", "write \(date)")
        case .notACalendarDate(let year, let month, _):
            let why =
                if !(1...12).contains(month) { "there is no month \(month)" }
                else if year < 1 { "there is no year 0" }
                else { "\(CalendarDate.monthNames[month - 1]) \(year) has \(CalendarDate.daysIn(month: month, year: year)) days" }
            return ("is not a real day: \(why)", "check the date in the source data; EN needs an existing day as YYYY-MM-DD")
        case .missingZeroPadding(let date):
            return ("has no zero padding: EN needs YYYY-MM-DD", "write \(date)")
        case .compact(let date):
            return ("has no dashes: EN needs YYYY-MM-DD", "write \(date)")
        case .excelSerial(_, let date):
            return ("looks like an Excel serial day number (Excel shows it as \(date)): EN needs YYYY-MM-DD", "write \(date); \(excel)")
        case .withTime(let date):
            let whereTime = timeColumn.map { "in the \($0) column" } ?? "in a time column"
            return ("has a time after the date: EN needs the date alone as YYYY-MM-DD", "write \(date), and put the time \(whereTime) as hh:mm:ss")
        case .monthName(let date):
            return ("has the month as a word: EN needs YYYY-MM-DD", "write \(date); \(excel)")
        case .yearFirstWrongSeparator(let date, let separator):
            return ("uses \"\(Character(Unicode.Scalar(separator)))\" between the parts: EN needs YYYY-MM-DD", "write \(date)")
        case .dayMonthYear(let readings, let twoDigitYear):
            let year = twoDigitYear ? " and a two-digit year" : ""
            switch readings.count {
            case 0:
                return ("is not a date in either day/month order", "write the date as YYYY-MM-DD, e.g. 2024-01-05")
            case 1:
                return ("is \(readings[0].spelledOut) written day/month\(year): EN needs YYYY-MM-DD", "write \(readings[0]); \(excel)")
            default:
                return (
                    "is ambiguous (\(readings[0].spelledOut) or \(readings[1].spelledOut))\(year): EN needs YYYY-MM-DD",
                    "write \(readings[0]) if the day comes first, \(readings[1]) if the month does; \(excel)"
                )
            }
        case .unrecognised:
            return ("is not a date in EN's YYYY-MM-DD format", "write the date as YYYY-MM-DD, e.g. 2024-01-05; \(excel)")
        }
    }
}
