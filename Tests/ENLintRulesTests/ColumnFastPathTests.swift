import CSVTokenizer
import ENLintCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@testable import ENLintRules

/// The word-at-a-time value tests must answer exactly what their bytewise references answer, and
/// the column rules' batch screens (`mayReport(in:)`) must never change a finding.
@Suite struct ColumnFastPathTests {
    /// Bytes next to the ones the shapes expect: just below `0` and past `9`, the separators,
    /// the high bit set on a digit, NUL, space, letters, UTF-8.
    static let nastyBytes: [UInt8] = Array("0123456789-:./ ,aZ+eE\t\"".utf8) + [0x00, 0x2F, 0x3A, 0x3B, 0x7F, 0x80, 0xB0, 0xB9, 0xC3, 0xA9, 0xFF, 0xAE]

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self).debugDescription }

    /// Every value of `values`, each byte replaced in turn by every nasty byte, and random values
    /// of every length from 0 to 20.
    static func damaged(_ values: [[UInt8]], randomPerLength: Int, seed: UInt64) -> [[UInt8]] {
        var out = values
        for value in values {
            for i in value.indices {
                for b in nastyBytes {
                    var copy = value
                    copy[i] = b
                    out.append(copy)
                }
            }
        }
        var rng = SplitMix64(seed: seed)
        for length in 0...20 {
            for _ in 0..<randomPerLength {
                out.append((0..<length).map { _ in nastyBytes.randomElement(using: &rng)! })
            }
        }
        return out
    }

    static func agree(_ inputs: [[UInt8]], _ fast: (Bytes) -> Bool, _ reference: (Bytes) -> Bool) -> (accepted: Int, disagreements: [String]) {
        var accepted = 0
        var disagreements: [String] = []
        for bytes in inputs {
            bytes.withUnsafeBufferPointer { value in
                let f = fast(value)
                if f != reference(value) { disagreements.append(text(bytes)) }
                if f { accepted += 1 }
            }
        }
        return (accepted, disagreements)
    }

    // MARK: Dates

    static func isoDate(_ year: Int, _ month: Int, _ day: Int) -> [UInt8] {
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: width - String(n).count) + String(n) }
        return Array("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))".utf8)
    }

    @Test func datesAgreeWithTheBytewiseTest() {
        // Every month end and its neighbours, and 29 February, across leap, non-leap and century
        // years, year 0 and 9999; months 0-13 and 99; days 0-32, 39, 99.
        let years = [0, 1, 4, 99, 100, 399, 400, 1600, 1700, 1900, 1999, 2000, 2023, 2024, 2025, 2100, 2400, 9996, 9999]
        var values: [[UInt8]] = []
        for year in years {
            for month in Array(0...13) + [19, 20, 99] {
                for day in Array(0...32) + [39, 40, 99] { values.append(Self.isoDate(year, month, day)) }
            }
        }
        let result = Self.agree(values, ByteParsing.isValidISODate, ByteParsing.isValidISODateBytewise)
        #expect(result.disagreements.isEmpty, "\(result.disagreements.prefix(20))")
        #expect(result.accepted == years.filter { $0 > 0 }.reduce(0) { sum, year in sum + (1...12).reduce(0) { $0 + CalendarDate.daysIn(month: $1, year: year) } })

        let damaged = Self.damaged([Self.isoDate(2024, 2, 29), Self.isoDate(2023, 12, 31), Self.isoDate(1900, 1, 9)], randomPerLength: 300, seed: 1)
        let second = Self.agree(damaged, ByteParsing.isValidISODate, ByteParsing.isValidISODateBytewise)
        #expect(second.disagreements.isEmpty, "\(second.disagreements.prefix(20))")
        #expect(second.accepted > 10)
    }

    @Test func dateFastTestIsWhatCheckDateCallsValid() {
        var rng = SplitMix64(seed: 2)
        let digits = Array("0123456789".utf8)
        var values = Self.damaged([Self.isoDate(2024, 2, 29), Self.isoDate(2000, 2, 29), Self.isoDate(2100, 2, 29)], randomPerLength: 50, seed: 3)
        for _ in 0..<20_000 {
            var value = (0..<10).map { _ in digits.randomElement(using: &rng)! }
            value[4] = 0x2D
            value[7] = 0x2D
            if rng.next() % 4 == 0 { value[5] = 0x30 + UInt8(rng.next() % 2) }
            values.append(value)
        }
        for bytes in values {
            bytes.withUnsafeBufferPointer { value in
                let verdict = ByteParsing.checkDate(value)
                #expect(ByteParsing.isValidISODate(value) == (verdict == .valid), "\(Self.text(bytes)): \(verdict)")
                #expect(BadDateRule.isPlainlyFine(value) == (verdict == .valid || (verdict == .blank && value.isEmpty)), "\(Self.text(bytes))")
            }
        }
    }

    @Test func daysInMonthTableMatchesTheCalendar() {
        for month in 1...12 {
            let extra = Int((ByteParsing.extraDaysByMonth >> (2 * UInt64(month))) & 3)
            #expect(28 + extra == CalendarDate.daysIn(month: month, year: 2023), "month \(month)")
        }
    }

    // MARK: Times

    @Test func timesAgreeWithTheBytewiseTest() {
        func time(_ h: Int, _ m: Int, _ s: Int) -> [UInt8] { Array([h, m, s].map(CalendarDate.pad2).joined(separator: ":").utf8) }
        var values: [[UInt8]] = []
        for h in 0...99 {
            for m in [0, 1, 9, 10, 59, 60, 61, 69, 90, 99] {
                for s in [0, 5, 59, 60, 99] { values.append(time(h, m, s)) }
            }
        }
        let result = Self.agree(values, ByteParsing.isValidTime, ByteParsing.isValidTimeBytewise)
        #expect(result.disagreements.isEmpty, "\(result.disagreements.prefix(20))")
        #expect(result.accepted == 24 * 5 * 3)

        let damaged = Self.damaged([time(23, 59, 59), time(0, 0, 0), time(24, 0, 0), time(23, 59, 60), time(19, 9, 9)], randomPerLength: 300, seed: 4)
        let second = Self.agree(damaged, ByteParsing.isValidTime, ByteParsing.isValidTimeBytewise)
        #expect(second.disagreements.isEmpty, "\(second.disagreements.prefix(20))")
        #expect(second.accepted > 10)
        for bytes in damaged {
            bytes.withUnsafeBufferPointer { value in
                #expect(ByteParsing.isValidTime(value) == (ByteParsing.checkTime(value) == .valid), "\(Self.text(bytes))")
            }
        }
    }

    // MARK: Amounts

    @Test func amountsAgreeWithTheBytewiseTest() {
        // Every value of up to four bytes over a small alphabet, then damaged amounts and random
        // values of every length.
        let alphabet = Array("0.9-, a".utf8) + [0x2F, 0x3A, 0xAE, 0xB0, 0x00]
        var values: [[UInt8]] = [[]]
        var shorter: [[UInt8]] = [[]]
        for _ in 1...4 {
            shorter = shorter.flatMap { prefix in alphabet.map { prefix + [$0] } }
            values += shorter
        }
        values += Self.damaged(["12.50", "259.25", "4.00", "12345.67", "123456.78", "1234567.", ".5", "0", "12345678", "123456789.5"].map { Array($0.utf8) }, randomPerLength: 300, seed: 5)
        for fast in [ByteParsing.isPlainNumber, ByteParsing.isPlainNumberInWord] {
            let result = Self.agree(values, fast, ByteParsing.isPlainNumberBytewise)
            #expect(result.disagreements.isEmpty, "\(result.disagreements.prefix(20))")
            #expect(result.accepted > 100)
        }
        // The usual-amount test accepts only plain numbers, and the usual ones.
        let cents = Self.agree(values, ByteParsing.hasCents) { ByteParsing.isPlainNumberBytewise($0) && (4...8).contains($0.count) && $0[$0.count - 3] == 0x2E }
        #expect(cents.disagreements.isEmpty, "\(cents.disagreements.prefix(20))")
        #expect(cents.accepted > 10)
    }

    // MARK: Repeated values

    @Test func repeatedValueHoldsExactlyAnEqualShortValue() {
        var rng = SplitMix64(seed: 6)
        let alphabet = Array("ab1 ".utf8) + [0xC3, 0x00]
        var last: [UInt8]? = nil
        var remembered = RepeatedValue()
        var repeats = 0
        for _ in 0..<40_000 {
            let length = Int(rng.next() % 21)
            // A small alphabet and many repeats of the previous value, so that equal values,
            // and values equal but for one byte, are common.
            var value = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }
            if let last, rng.next() % 3 == 0 {
                value = last
                if !value.isEmpty && rng.next() % 2 == 0 { value[Int(rng.next() % UInt64(value.count))] = 0x62 }
            }
            let expected = last == value && value.count <= 16
            value.withUnsafeBufferPointer { bytes in
                #expect(remembered.holds(bytes) == expected, "\(Self.text(value)) after \(Self.text(last ?? []))")
                #expect(remembered.repeats(bytes) == expected)
                #expect(remembered.holds(bytes) == (value.count <= 16))
            }
            if expected { repeats += 1 }
            last = value
        }
        #expect(repeats > 1000)
    }

    // MARK: Reads stay inside the value

    @Test func wordTestsReadNothingOutsideTheValue() throws {
        // Three pages, the first and last inaccessible: a value placed at the end of the middle
        // page, or at its start, faults on any read past its end or before its start.
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let mapping = mmap(nil, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let base = try #require(mapping == MAP_FAILED ? nil : mapping)
        defer { munmap(base, 3 * page) }
        #expect(mprotect(base, page, PROT_NONE) == 0)
        #expect(mprotect(base + 2 * page, page, PROT_NONE) == 0)
        let middle = (base + page).assumingMemoryBound(to: UInt8.self)
        let texts = ["2024-02-29", "2023-02-29", "23:59:59", "12.50", "4.00", "1", "12", "123", "12345678", "GBP", "104233", "Credit Card", "1234567890123456", "12345678901234567", "."]
        var checked = 0
        for text in texts {
            let value = Array(text.utf8)
            for start in [middle, middle + page - value.count] {
                start.update(from: value, count: value.count)
                let bytes = Bytes(start: start, count: value.count)
                #expect(ByteParsing.isValidISODate(bytes) == ByteParsing.isValidISODateBytewise(bytes))
                #expect(ByteParsing.isValidTime(bytes) == ByteParsing.isValidTimeBytewise(bytes))
                #expect(ByteParsing.isPlainNumber(bytes) == ByteParsing.isPlainNumberBytewise(bytes))
                var remembered = RepeatedValue()
                remembered.remember(bytes)
                #expect(remembered.holds(bytes) == (value.count <= 16))
                #expect(remembered.withHoldsTest { $0(bytes) } == (value.count <= 16))
                checked += 1
            }
        }
        #expect(checked == 2 * texts.count)
    }

    // MARK: Batch screens

    /// A rule without its batch screen: every record goes through `checkRecord`.
    final class Unscreened<Inner: RecordRule>: RecordRule, HeaderRule, FileRule {
        static var description: RuleDescription { Inner.description }
        let inner: Inner
        init(context: RuleContext) { inner = Inner(context: context) }
        func checkRecord(_ record: CSVRecord, report: RuleReporter) { inner.checkRecord(record, report: report) }
        func checkHeader(_ header: CSVRecord, report: RuleReporter) { inner.asHeaderRule?.checkHeader(header, report: report) }
        func finish(_ facts: FileFacts, report: RuleReporter) { inner.asFileRule?.finish(facts, report: report) }
    }

    static let screenedRules: [(screened: any Rule.Type, unscreened: any Rule.Type)] = [
        (BadDateRule.self, Unscreened<BadDateRule>.self),
        (BadTimeRule.self, Unscreened<BadTimeRule>.self),
        (BadAmountRule.self, Unscreened<BadAmountRule>.self),
        (BadCurrencyRule.self, Unscreened<BadCurrencyRule>.self),
        (BadCampaignIDRule.self, Unscreened<BadCampaignIDRule>.self),
        (MultipleCampaignIDsRule.self, Unscreened<MultipleCampaignIDsRule>.self),
        (MultipleTransactionTypesRule.self, Unscreened<MultipleTransactionTypesRule>.self),
    ]

    /// A transactions file of `rows` rows, several batches long: ordinary rows, with stretches in
    /// which values go wrong at `noise` per mille (odd values, quoting, doubled quotes, blank
    /// lines, short rows, a different campaign or type), and sometimes the columns moved.
    static func transactionsFile(rows: Int, noise: UInt64, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        let header = ["Campaign ID", "Supporter Email", "Transaction Date", "Transaction Time", "Donation Amount", "Payment Currency", "Campaign Type", "Payment Type"]
        let order = seed % 2 == 0 ? Array(header.indices) : Array(header.indices).shuffled(using: &rng)
        let odd: [[String]] = [
            ["104234", " 104233", "0", "", "1.2E+5", "104233.0", "\"104233\"", "\"1042\"\"33\"", "１０４２３３"],
            [],
            ["2024-02-29", "2023-02-29", "2024-13-01", "2024-04-31", "2024-1-5", "", " 2024-01-05", "\"2024-01-05\"", "\"2024-01-05\"\"\"", "03/04/2024", "0000-01-01", "2024-01-0\u{0660}"],
            ["24:00:00", "23:59:60", "7:05:00", "", "\"12:00:00\"", "09:05 PM", "12:00:00.5", "１２:00:00"],
            ["12.5.0", "", "-5", "$12.50", "\"1,234.00\"", ".", "12345678.9", "\"12.50\"", "1.", "ten"],
            ["usd", "EUR", "", "\"GBP\"", "GB", "€", "GBPP"],
            ["FCS", "FCR", "", "fcs ", "\"FCS\""],
            ["Visa", "VISA", " Credit Card", "credit card", "", "PayPal", "\"Credit Card\""],
        ]
        let usual = ["104233", "x@example.org", "2024-05-08", "07:08:47", "53.25", "GBP", "FCS", "Credit Card"]
        var lines = [order.map { header[$0] }.joined(separator: ",")]
        for row in 0..<rows {
            // Noise in some stretches only, so that most batches are clean and some are not.
            let noisy = (row / 700) % 3 == 1 && rng.next() % 1000 < noise
            if noisy && rng.next() % 20 == 0 {
                lines.append(rng.next() % 2 == 0 ? "" : "104233,y@example.org")
                continue
            }
            var fields = usual
            fields[2] = ByteParsingDates.sample(&rng)
            fields[4] = ["4.00", "259.25", "12", "0.5", "1000000.00"][Int(rng.next() % 5)]
            if noisy {
                let column = Int(rng.next() % UInt64(fields.count))
                if !odd[column].isEmpty { fields[column] = odd[column][Int(rng.next() % UInt64(odd[column].count))] }
            }
            lines.append(order.map { fields[$0] }.joined(separator: ","))
        }
        var text = lines.joined(separator: "\n") + "\n"
        if seed % 3 == 0 { text += "104233,z@example.org,\"2024-01-05" }
        return Array(text.utf8)
    }

    enum ByteParsingDates {
        static func sample(_ rng: inout SplitMix64) -> String {
            let month = Int(rng.next() % 12) + 1
            let day = Int(rng.next() % UInt64(CalendarDate.daysIn(month: month, year: 2024))) + 1
            return CalendarDate(year: 2024, month: month, day: day)!.description
        }
    }

    static func lint(_ bytes: [UInt8], with rule: any Rule.Type) throws -> [Diagnostic] {
        var options = LintOptions()
        options.kind = .transactions
        options.maxPerRule = 100_000
        let linter = Linter(ruleSet: try RuleSet(available: [rule]), options: options)
        return try linter.lint(bytes: bytes, path: "screen.csv").diagnostics.filter { $0.ruleID == rule.description.id }
    }

    @Test(arguments: [UInt64(0), 3, 30, 300, 1000])
    func screensChangeNoFinding(noise: UInt64) throws {
        var reported = 0
        for seed in UInt64(1)...4 {
            let file = Self.transactionsFile(rows: 3000, noise: noise, seed: seed &* 7 &+ noise)
            for (screened, unscreened) in Self.screenedRules {
                let expected = try Self.lint(file, with: unscreened)
                let found = try Self.lint(file, with: screened)
                #expect(found == expected, "\(screened.description.id), noise \(noise), seed \(seed): \(found.count) findings, \(expected.count) without the screen")
                reported += found.count
            }
        }
        if noise > 0 { #expect(reported > 0) }
    }

    /// All the screened rules in one run: EN404, EN401 and the engine's tally share one walk of
    /// the campaign-ID column per batch (`ColumnRuns`), which none may spoil for the others.
    @Test(arguments: [UInt64(0), 30, 300])
    func sharedScreensChangeNoFinding(noise: UInt64) throws {
        var options = LintOptions()
        options.kind = .transactions
        options.maxPerRule = 100_000
        let screened = Linter(ruleSet: try RuleSet(available: Self.screenedRules.map(\.screened)), options: options)
        let unscreened = Linter(ruleSet: try RuleSet(available: Self.screenedRules.map(\.unscreened)), options: options)
        for seed in UInt64(1)...4 {
            let file = Self.transactionsFile(rows: 3000, noise: noise, seed: seed &* 5 &+ noise)
            let found = try screened.lint(bytes: file, path: "screen.csv")
            let expected = try unscreened.lint(bytes: file, path: "screen.csv")
            #expect(found.diagnostics == expected.diagnostics, "noise \(noise), seed \(seed)")
            #expect(found.sample.campaignIDs == expected.sample.campaignIDs)
            if noise > 0 { #expect(!found.diagnostics.isEmpty) }
        }
    }
}
