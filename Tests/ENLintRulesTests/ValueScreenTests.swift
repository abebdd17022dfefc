import CSIMDScan
import CSVTokenizer
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@testable import ENLintCore
@testable import ENLintRules

/// The AVX2 value screens (`enlint_value_screen.h`) must clear only values the rules' word tests
/// pass, and the shared column runs (`ColumnRun`) must answer what each consumer's own walk of
/// the column answered.
@Suite struct ValueScreenTests {
    typealias Screen = (UnsafePointer<UInt8>?, UnsafePointer<enlint_field_span>?, Int, Int) -> Int

    /// Row k is `values[k]` in the second of two fields (quoted when `quoted[k]`); the screen's
    /// answer for the rows. The rows follow a line of 8 bytes, as a header line would: the amount
    /// screen reads the 8 bytes that end where a value ends.
    static func firstUnclear(_ screen: Screen, _ values: [[UInt8]], quoted: [Bool]) -> Int {
        var buffer: [UInt8] = Array("A,B,C,D\n".utf8)
        var spans: [FieldSpan] = []
        for (value, isQuoted) in zip(values, quoted) {
            spans.append(FieldSpan(start: Int32(buffer.count), end: Int32(buffer.count), flags: []))
            let start = Int32(buffer.count)
            buffer += isQuoted ? [0x22] + value + [0x22] : value
            spans.append(FieldSpan(start: start, end: Int32(buffer.count), flags: isQuoted ? .quoted : []))
            buffer.append(0x2C)
        }
        return buffer.withUnsafeBufferPointer { b in
            spans.withUnsafeBytes { s in
                screen(b.baseAddress, s.baseAddress!.assumingMemoryBound(to: enlint_field_span.self) + 1, 2, values.count)
            }
        }
    }

    /// Every value alone, then runs of 0 to 13 of them (every lane and the tail): the screen
    /// stops at exactly the first row `clears` rejects.
    static func check(_ screen: Screen, _ values: [[UInt8]], clears: ([UInt8], Bool) -> Bool, seed: UInt64) -> (cleared: Int, wrong: [String]) {
        var cleared = 0
        var wrong: [String] = []
        for value in values {
            for quoted in [false, true] {
                let answer = firstUnclear(screen, [value], quoted: [quoted])
                if answer == 1 { cleared += 1 }
                if (answer == 1) != clears(value, quoted) { wrong.append("\(ColumnFastPathTests.text(value)) quoted \(quoted)") }
            }
        }
        var rng = SplitMix64(seed: seed)
        let fine = values.filter { clears($0, false) }
        for _ in 0..<3_000 {
            let count = Int(rng.next() % 14)
            var rows: [[UInt8]] = []
            var quoted: [Bool] = []
            for _ in 0..<count {
                let pickFine = rng.next() % 8 != 0 && !fine.isEmpty
                rows.append(pickFine ? fine.randomElement(using: &rng)! : values.randomElement(using: &rng)!)
                quoted.append(rng.next() % 40 == 0)
            }
            let expected = rows.indices.first { !clears(rows[$0], quoted[$0]) } ?? count
            let answer = firstUnclear(screen, rows, quoted: quoted)
            if answer != expected { wrong.append("rows \(rows.map(ColumnFastPathTests.text)): \(answer), not \(expected)") }
        }
        return (cleared, wrong)
    }

    @Test func dateScreenClearsTheValidDatesButTheTwentyNinthOfFebruary() throws {
        try #require(enlint_value_screens_available() != 0, "this machine has AVX2")
        var values: [[UInt8]] = []
        for year in [0, 1, 99, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999] {
            for month in Array(0...13) + [19, 20, 99] {
                for day in Array(0...32) + [39, 40, 99] { values.append(ColumnFastPathTests.isoDate(year, month, day)) }
            }
        }
        values += ColumnFastPathTests.damaged(
            [ColumnFastPathTests.isoDate(2024, 2, 28), ColumnFastPathTests.isoDate(2023, 12, 31), ColumnFastPathTests.isoDate(1900, 1, 9)],
            randomPerLength: 100, seed: 11)
        let result = Self.check(enlint_first_unclear_date, values, clears: { value, quoted in
            !quoted && value.withUnsafeBufferPointer(ByteParsing.isValidISODate) && value[5...9] != Array("02-29".utf8)[...]
        }, seed: 12)
        #expect(result.wrong.isEmpty, "\(result.wrong.prefix(20))")
        #expect(result.cleared > 3_000)
    }

    @Test func timeScreenClearsExactlyTheValidTimes() throws {
        try #require(enlint_value_screens_available() != 0, "this machine has AVX2")
        func time(_ h: Int, _ m: Int, _ s: Int) -> [UInt8] { Array([h, m, s].map(CalendarDate.pad2).joined(separator: ":").utf8) }
        var values: [[UInt8]] = []
        for h in 0...99 {
            for m in [0, 1, 9, 10, 59, 60, 61, 69, 90, 99] {
                for s in [0, 5, 59, 60, 99] { values.append(time(h, m, s)) }
            }
        }
        values += ColumnFastPathTests.damaged([time(23, 59, 59), time(0, 0, 0), time(24, 0, 0), time(19, 9, 9)], randomPerLength: 100, seed: 13)
        let result = Self.check(enlint_first_unclear_time, values, clears: { value, quoted in
            !quoted && value.withUnsafeBufferPointer(ByteParsing.isValidTime)
        }, seed: 14)
        #expect(result.wrong.isEmpty, "\(result.wrong.prefix(20))")
        #expect(result.cleared > 24 * 5 * 3)
    }

    @Test func amountScreenClearsExactlyTheAmountsWithCents() throws {
        try #require(enlint_value_screens_available() != 0, "this machine has AVX2")
        var values: [[UInt8]] = []
        for digits in 0...7 {
            for cents in 0...3 {
                for lead in ["0", "1", "9", "5"] {
                    values.append(Array((String(repeating: lead, count: digits) + "." + String(repeating: "7", count: cents)).utf8))
                }
            }
            values.append(Array(String(repeating: "3", count: digits).utf8))
        }
        values += ["12,50", "-5.00", "1.2.3", "..00", "12.5 ", " 12.50", "$1.00", "1e5.00"].map { Array($0.utf8) }
        values += ColumnFastPathTests.damaged(
            [Array("12.50".utf8), Array("99999.99".utf8), Array("0.00".utf8), Array("123.45".utf8)], randomPerLength: 100, seed: 15)
        let result = Self.check(enlint_first_unclear_amount, values, clears: { value, quoted in
            !quoted && value.withUnsafeBufferPointer(ByteParsing.hasCents)
        }, seed: 16)
        #expect(result.wrong.isEmpty, "\(result.wrong.prefix(20))")
        #expect(result.cleared > 5 * 4 + 40)
    }

    @Test func amountScreenReadsNothingBeforeTheBuffer() throws {
        try #require(enlint_value_screens_available() != 0, "this machine has AVX2")
        // A value ending within 8 bytes of the buffer's start is left to the exact test.
        let buffer = Array("1.00,12.50\n".utf8)
        let spans = [FieldSpan(start: 0, end: 4, flags: []), FieldSpan(start: 5, end: 10, flags: [])]
        let first = buffer.withUnsafeBufferPointer { b in
            spans.withUnsafeBytes { s in
                enlint_first_unclear_amount(b.baseAddress, s.baseAddress!.assumingMemoryBound(to: enlint_field_span.self), 1, 2)
            }
        }
        #expect(first == 0)
        let second = buffer.withUnsafeBufferPointer { b in
            spans.withUnsafeBytes { s in
                enlint_first_unclear_amount(b.baseAddress, s.baseAddress!.assumingMemoryBound(to: enlint_field_span.self) + 1, 1, 1)
            }
        }
        #expect(second == 1)
    }

    // MARK: Column runs

    /// What the consumers' own screens answered before they shared a run: EN401's and the tally's
    /// (every value repeats or is empty) and EN404's (every value repeats; blank lines pass).
    static func ownScreen(_ batch: RecordBatch, column: Int, _ remembered: RepeatedValue, emptyPasses: Bool) -> Bool {
        remembered.withHoldsTest { holds in
            batch.allValues(inColumn: column, blankLinesPass: !emptyPasses) { holds($0) || (emptyPasses && $0.isEmpty) }
        }
    }

    @Test func columnRunsAnswerWhatEachScreenAnswered() throws {
        var rng = SplitMix64(seed: 21)
        let usual = "104233"
        let odd = ["", "104234", "\"104233\"", "\"1042\"\"33\"", " 104233", "12345678901234567", "1234567890123456", "\"\"", "é"]
        var compared = 0, cleared = 0
        for round in 0..<400 {
            // Mostly one value; sometimes odd values, blank lines, short rows, and the column moved.
            let column = round % 3
            let noise = [0, 0, 2, 20, 200][round % 5]
            var lines = ["A,B,C,D"]
            let rows = 1 + Int(rng.next() % 40)
            for _ in 0..<rows {
                var fields = ["x@example.org", "2024-01-05", "12.50", "GBP"]
                fields[column] = Int(rng.next() % 1000) < noise ? odd.randomElement(using: &rng)! : usual
                switch Int(rng.next() % 1000) < noise ? rng.next() % 4 : 9 {
                case 0: lines.append("")
                case 1: lines.append(fields.prefix(column).joined(separator: ","))
                default: lines.append(fields.joined(separator: ","))
                }
            }
            let tokenizer = CSVTokenizer()
            tokenizer.append(Array((lines.joined(separator: "\n") + "\n").utf8))
            tokenizer.finishInput()
            let batch = try #require(tokenizer.nextBatch()).dropFirst(1)
            let run = ColumnRun.of(column: column, in: batch)
            let reference = ColumnRun.reference(column: column, in: batch)
            #expect(run.kind == reference.kind && run.hasEmptyValue == reference.hasEmptyValue)
            var remembered: [RepeatedValue] = [RepeatedValue()]
            for text in [usual, "104234", "", "1234567890123456", "é"] {
                var value = RepeatedValue()
                Array(text.utf8).withUnsafeBufferPointer { value.remember($0) }
                remembered.append(value)
            }
            for value in remembered {
                for emptyPasses in [false, true] {
                    let own = Self.ownScreen(batch, column: column, value, emptyPasses: emptyPasses)
                    #expect(run.allRepeat(value, emptyPasses: emptyPasses) == own, "round \(round), \(lines)")
                    #expect(reference.allRepeat(value, emptyPasses: emptyPasses) == own, "round \(round), \(lines)")
                    compared += 1
                    if own { cleared += 1 }
                }
            }
        }
        #expect(cleared > 200 && compared - cleared > 200)
    }

    // MARK: Repeated values

    /// The batch of `rows` (fields joined by commas, lines by LF, no LF after the last one:
    /// a value may end the data) after a header of as many fields as the first row.
    static func batch(of rows: [[String]], in tokenizer: CSVTokenizer) throws -> RecordBatch {
        let header = (0..<rows[0].count).map { "H\($0)" }.joined(separator: ",")
        tokenizer.append(Array(([header] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n").utf8))
        tokenizer.finishInput()
        return try #require(tokenizer.nextBatch()).dropFirst(1)
    }

    /// What `enlint_first_unrepeated` must answer, row by row as `RecordBatch.allValues` reads a
    /// value: the first row whose value needs decoding or is not `value`.
    static func firstUnrepeated(_ value: [UInt8], column: Int, in batch: RecordBatch) -> Int {
        (0..<batch.count).first { i in
            batch[i].span(column).flags.contains(.needsUnescape) || !batch[i].value(column).elementsEqual(value)
        } ?? batch.count
    }

    @Test func cFlagsAreSwiftFlags() {
        #expect(FieldFlags.unclosed.rawValue == ENLINT_FIELD_UNCLOSED)
    }

    /// The C walk against the row-by-row answer, on batches of one width where one row differs
    /// from the repeated value at every byte, in length, by its quotes, or by needing decoding;
    /// the usual rows quoted or not (the walk expects them written as the first one is); the
    /// value in the middle column or the last (ending the data: the walk reads past it).
    @Test func unrepeatedRowIsTheOneThatDiffers() throws {
        guard enlint_value_screens_available() != 0 else { return }
        var checked = 0, cleared = 0
        for length in [0, 1, 2, 7, 8, 15, 16] {
            let value = Array("0123456789ABCDEF".utf8.prefix(length))
            let text = String(decoding: value, as: UTF8.self)
            var odd: [String] = ["\"\(text)\"", "\"\(text)\"\"\"", text + "x", String(text.dropLast()), "\"\(text)x\"", "\"\""]
            for b in 0..<length {
                var changed = value
                changed[b] ^= 0x04
                odd.append(String(decoding: changed, as: UTF8.self))
                odd.append("\"\(String(decoding: changed, as: UTF8.self))\"")
            }
            for (rows, usual) in [(1, text), (3, text), (8, text), (9, text), (17, text), (9, "\"\(text)\""), (17, "\"\(text)\"")] {
                for place in 0..<rows {
                    for other in odd + [text] {
                        for column in [1, 2] {
                            let rowFields = (0..<rows).map { r in ["a", r == place ? other : usual, "z"].prefix(column + 1).map { $0 } }
                            let tokenizer = CSVTokenizer()
                            let batch = try Self.batch(of: rowFields, in: tokenizer)
                            guard let (first, width) = batch.spans(inColumn: column) else {
                                Issue.record("not one width: \(rowFields)")
                                continue
                            }
                            var padded = value + [UInt8](repeating: 0, count: 16 - length)
                            let found = enlint_first_unrepeated(
                                batch[0].bufferBase, UnsafeRawPointer(first).assumingMemoryBound(to: enlint_field_span.self), width,
                                batch.count, &padded, length)
                            let expected = Self.firstUnrepeated(value, column: column, in: batch)
                            #expect(found == expected, "\(rowFields)")
                            checked += 1
                            if expected == batch.count { cleared += 1 }
                        }
                    }
                }
            }
        }
        #expect(checked > 5000 && cleared > 100)
    }

    /// A quote that never closes, in the last row: its value runs to the end of the data.
    @Test func unclosedQuoteIsReadToTheEnd() throws {
        guard enlint_value_screens_available() != 0 else { return }
        for last in ["\"GBP", "\"GB", "\"GBPx", "\""] {
            let tokenizer = CSVTokenizer()
            let batch = try Self.batch(of: [["a", "GBP"], ["a", "GBP"], ["a", last]], in: tokenizer)
            guard let (first, width) = batch.spans(inColumn: 1) else { continue }
            var padded = Array("GBP".utf8) + [UInt8](repeating: 0, count: 13)
            let found = enlint_first_unrepeated(
                batch[0].bufferBase, UnsafeRawPointer(first).assumingMemoryBound(to: enlint_field_span.self), width, batch.count,
                &padded, 3)
            #expect(found == Self.firstUnrepeated(Array("GBP".utf8), column: 1, in: batch), "\(last)")
            #expect(found == (last == "\"GBP" ? 3 : 2), "\(last)")
        }
    }

    /// `ColumnRun.of` (the C walk for a batch of one width, `allValues` for the others) against
    /// the record-by-record reference, with first values of 0, 1, 15, 16 and 17 bytes, quoted
    /// ones, blank lines and short rows.
    @Test func columnRunOfIsTheReference() throws {
        var rng = SplitMix64(seed: 7)
        let values = ["", "7", "ABCDEFGHIJKLMNO", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOPQ", "\"7\"", "\"ABCDEFGHIJKLMNOP\"",
                      "ABCDEFGHIJKLMNOx", "ABCDEFGHIJKLMNO\"", "\"A\"\"B\"", "8", "\"\""]
        var kinds: [String: Int] = [:]
        for round in 0..<3000 {
            let column = round % 3
            let usual = values[Int(rng.next() % 5)]
            let noise = [0, 0, 50, 300][round % 4]
            var lines: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 30)) {
                var fields = ["a", "b", "c"]
                fields[column] = Int(rng.next() % 1000) < noise ? values.randomElement(using: &rng)! : usual
                switch Int(rng.next() % 1000) < noise / 5 ? rng.next() % 2 : 9 {
                case 0: lines.append("")
                case 1: lines.append(fields.prefix(column).joined(separator: ","))
                default: lines.append(fields.joined(separator: ","))
                }
            }
            let tokenizer = CSVTokenizer()
            tokenizer.append(Array((["A,B,C"] + lines).joined(separator: "\n").utf8))
            tokenizer.finishInput()
            let batch = try #require(tokenizer.nextBatch()).dropFirst(1)
            let run = ColumnRun.of(column: column, in: batch)
            let reference = ColumnRun.reference(column: column, in: batch)
            #expect(run.kind == reference.kind && run.hasEmptyValue == reference.hasEmptyValue, "\(lines)")
            if run.kind == .one { #expect(run.value.holds(reference.value), "\(lines)") }
            kinds["\(reference.kind)\(batch.uniformFieldCount == 3 ? " of one width" : "")", default: 0] += 1
        }
        for kind in ["allEmpty", "one", "other"] {
            #expect(kinds[kind, default: 0] > 10 && kinds[kind + " of one width", default: 0] > 300, "\(kinds)")
        }
    }

    @Test func campaignIDTallyIsTheSameBatchByBatchAndRecordByRecord() throws {
        for seed in UInt64(1)...6 {
            let file = ColumnFastPathTests.transactionsFile(rows: 3000, noise: [0, 30, 300][Int(seed % 3)], seed: seed)
            var options = LintOptions()
            options.kind = .transactions
            let linter = Linter(ruleSet: try RuleSet(available: RuleRegistry.all), options: options)
            let batch = try linter.lint(bytes: file)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-tally-\(UUID().uuidString).csv").path
            FileManager.default.createFile(atPath: path, contents: Data(file))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            let oneByOne = try linter.lint(fileDescriptor: fd, path: path) { _, _ in }
            #expect(batch.sample.campaignIDs == oneByOne.sample.campaignIDs, "seed \(seed)")
            #expect(!batch.sample.campaignIDs.values.isEmpty)
            func lines(_ r: FileResult) -> [String] { r.diagnostics.map { "\($0.ruleID) \($0.line):\($0.column) \($0.message)" } }
            #expect(lines(batch) == lines(oneByOne), "seed \(seed)")
        }
    }
}
