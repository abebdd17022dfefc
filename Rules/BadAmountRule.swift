import CSIMDScan
import CSVTokenizer
import ENLintCore

/// EN407: amounts must be plain numbers such as `12.50`.
public final class BadAmountRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN407", slug: "bad-amount", name: "Bad amount", defaultSeverity: .error, kinds: [.transactions],
        summary: "An amount is blank or not a plain number such as 1234.50.",
        whatItDoes: """
            Reads the amount column (`Donation Amount`, `Amount`, or the column given with \
            `--column amount=NAME`) of every row and checks that it is a plain number: digits \
            with an optional decimal point (`12`, `12.50`). It says what else it found: a \
            currency symbol or code (`$12.50`, `12.50 EUR`), a thousands separator (`1,234.00`), \
            a decimal comma (`12,50`), spaces, a negative amount (`-5.00`, `(5.00)`), scientific \
            notation, or text, and gives the plain number when it can tell it. A blank amount is \
            reported too: EN's donation import requires a Donation Amount on every row.
            """,
        whyItMatters: """
            EN reads the amount as a number. Symbols, separators and decimal commas, which Excel \
            adds when a column is formatted as Currency or Accounting or saved with European \
            regional settings, make the row fail or, worse, turn `12,50` into 1250. Negative \
            amounts (refunds) are not donations.
            """,
        howToFix: """
            Write amounts as plain numbers with a decimal point (`1234.50`): in Excel, format the \
            column as Number, with no thousands separator, before saving. Put the currency in \
            its own column (`Payment Currency`). Leave refunds out of the import.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Donation Amount\na@example.org,12345,2024-01-05,↓$12.50\nb@example.org,12345,2024-01-05,↓\"1,234.00\"\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Donation Amount\na@example.org,12345,2024-01-05,↓\"12,50\"\nb@example.org,12345,2024-01-05,↓-5.00\nc@example.org,12345,2024-01-05,↓\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Amount\na@example.org,12345,2024-01-05,↓12.50 EUR\nb@example.org,12345,2024-01-05,↓ten\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Donation Amount\na@example.org,12345,2024-01-05,12.50\nb@example.org,12345,2024-01-05,1234\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Donation Amount\na@example.org,12345,2024-01-05,\"0.5\"\n\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,12345,2024-01-05\n"),
        ]
    )

    let roleColumn: RoleColumn

    public init(context: RuleContext) {
        roleColumn = RoleColumn(.amount, in: context)
    }

    /// `ByteParsing.isPlainNumber`, the usual amount (`12.50`) tested inline.
    @inline(__always)
    static func isPlainNumber(_ value: Bytes) -> Bool {
        ByteParsing.hasCents(value) || ByteParsing.isPlainNumberOutOfLine(value)
    }

    public func mayReport(in batch: RecordBatch) -> Bool {
        guard let column = roleColumn.index else { return false }
        let allPlain =
            ValueScreen.allValues(in: batch, column: column, screen: enlint_first_unclear_amount, Self.isPlainNumber)
            ?? batch.allValues(inColumn: column, blankLinesPass: true, Self.isPlainNumber)
        return !allPlain
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let column = roleColumn.index, let value = record.valueIfPresent(column), !ByteParsing.isPlainNumber(value) else { return }
        check(value, in: record, column: column, report: report)
    }

    @inline(never)
    func check(_ value: Bytes, in record: CSVRecord, column: Int, report: RuleReporter) {
        guard !record.isBlankLine else { return }
        if ByteParsing.isBlank(value) {
            report.report(
                field: column, of: record, "\(roleColumn.name) is blank: EN's donation import needs an amount on every row",
                hint: "fill in the amount as a plain number such as 25.00, or leave the row out")
            return
        }
        // What is wrong is worked out only for a finding that is shown (the reporter's cap).
        report.report(
            field: column, of: record, "\(roleColumn.name) value \(ByteParsing.quoted(value)) \(Self.problem(ByteParsing.checkAmount(value)))",
            hint: Self.hint(ByteParsing.checkAmount(value)))
    }

    static func problem(_ check: AmountCheck) -> String {
        let p = check.problems
        if p.contains(.notANumber) { return "is not a number" }
        var parts: [String] = []
        if let symbol = check.symbol { parts.append("a currency symbol (\(symbol))") }
        if p.contains(.thousandsSeparator) { parts.append("a thousands separator") }
        if p.contains(.decimalComma) { parts.append("a decimal comma") }
        if p.contains(.innerSpace) { parts.append("spaces inside the number") }
        if p.contains(.surroundingWhitespace) { parts.append("spaces around it") }
        if p.contains(.scientific) { parts.append("scientific notation") }
        var text = parts.isEmpty ? "" : "has " + parts.joined(separator: ", ")
        if p.contains(.negative) { text += (text.isEmpty ? "" : " and ") + "is negative" }
        return text + ": EN needs a plain number such as 1234.50"
    }

    static func hint(_ check: AmountCheck) -> String {
        let p = check.problems
        if p.contains(.negative) {
            return "leave refunds and reversals out of the import; donations are positive amounts"
        }
        if p.contains(.notANumber) || p.contains(.scientific) {
            return "write the amount as a plain number with a decimal point, e.g. 25.00"
        }
        var hint = check.plain.map { "write \($0)" } ?? "write a plain number"
        if p.contains(.decimalComma) && !p.contains(.thousandsSeparator) {
            hint += " (if the comma separates thousands, write the number without it)"
        }
        if check.symbol != nil { hint += "; put the currency in its own column as a 3-letter code (Payment Currency)" }
        return hint + "; in Excel, format the column as Number without a thousands separator before saving"
    }
}
