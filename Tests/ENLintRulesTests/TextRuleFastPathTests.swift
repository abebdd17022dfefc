import CSIMDScan
import CSVTokenizer
@testable import ENLintCore
import Foundation
import TestSupport
import Testing

@testable import ENLintRules

/// The vector scans behind EN502, EN601 and EN602 against plain reference versions, on random
/// values built from the bytes each scan cares about, at 16/32/64-byte boundaries and against
/// the end of a readable page (the email test reads past its value).
@Suite struct TextRuleFastPathTests {
    /// A readable page between two unreadable ones: `atPageEnd` puts bytes right before the
    /// second, so that any read past them faults, and `atPageStart` right after the first, so
    /// that any read before them does.
    final class GuardedPage {
        let mapped: UnsafeMutableRawPointer
        let base: UnsafeMutableRawPointer
        let pageSize = Int(getpagesize())

        init() {
            let mapping = mmap(nil, 3 * pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            precondition(mapping != nil && mapping != UnsafeMutableRawPointer(bitPattern: -1))
            mapped = mapping!
            base = mapped + pageSize
            precondition(mprotect(mapped, pageSize, PROT_NONE) == 0)
            precondition(mprotect(base + pageSize, pageSize, PROT_NONE) == 0)
        }

        deinit { munmap(mapped, 3 * pageSize) }

        func atPageEnd<R>(_ bytes: [UInt8], _ body: (Bytes) -> R) -> R {
            at(base + pageSize - bytes.count, bytes, body)
        }

        func atPageStart<R>(_ bytes: [UInt8], _ body: (Bytes) -> R) -> R {
            at(base, bytes, body)
        }

        private func at<R>(_ start: UnsafeMutableRawPointer, _ bytes: [UInt8], _ body: (Bytes) -> R) -> R {
            precondition(bytes.count <= pageSize)
            bytes.withUnsafeBytes { start.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            return body(Bytes(start: start.assumingMemoryBound(to: UInt8.self), count: bytes.count))
        }
    }

    // MARK: EN502

    @Test func emailMasksAgreeWithTheBytewiseTestOnRandomAddresses() {
        var random = SplitMix64(seed: 502)
        let alphabet = Array("abz09.-@,; \t\"+_'".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        let page = GuardedPage()
        var accepted = 0
        for round in 0..<40_000 {
            // Mostly address-shaped (local@label.label), with a few random bytes changed.
            let length = round % 4 == 0 ? Int.random(in: 0...70, using: &random) : Int.random(in: 3...66, using: &random)
            var bytes = (0..<length).map { _ in UInt8(ascii: "a") + UInt8.random(in: 0..<26, using: &random) }
            if length >= 5 && round % 8 != 7 {
                let at = Int.random(in: 1..<(length - 3), using: &random)
                bytes[at] = UInt8(ascii: "@")
                bytes[Int.random(in: (at + 2)..<(length - 1), using: &random)] = UInt8(ascii: ".")
            }
            for _ in 0..<Int.random(in: 0...2, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = alphabet.randomElement(using: &random)!
            }
            let reference = bytes.count <= 64 && bytes.withUnsafeBufferPointer(InvalidEmailRule.isPlainlyValidBytewise)
            #expect(bytes.withUnsafeBufferPointer(InvalidEmailRule.isPlainlyValidByMasks) == reference, "\(bytes)")
            for level in 0...2 {
                let atPageEnd = page.atPageEnd(bytes) { enlint_email_test_at_level(Int32(level))!($0.baseAddress!, $0.count) != 0 }
                #expect(atPageEnd == reference, "level \(level): \(bytes) at a page end")
            }
            if reference {
                accepted += 1
                #expect(bytes.withUnsafeBufferPointer(InvalidEmailRule.fullCheck) == nil, "\(bytes)")
            }
        }
        #expect(accepted > 5_000)
    }

    @Test func emailColumnWalkFlagsExactlyTheFieldsThatAreNotPlainlyFine() {
        var random = SplitMix64(seed: 503)
        let page = GuardedPage()
        let pieces = ["sam@example.org", "", "a@b", "x y@z.org", "é@x.org", "a@b.c-d.org", "a@b-.org", "a@@b.org",
            String(repeating: "k", count: 40) + "@example.org", String(repeating: "k", count: 60) + "@x.org", "lee@mail.example.co.uk"]
        for _ in 0..<2_000 {
            // One buffer of addresses laid end to end, the last one against the guard page; each
            // the email field of a record of `width` spans, the others never read.
            var bytes: [UInt8] = []
            var ranges: [Range<Int>] = []
            for _ in 0..<Int.random(in: 1...70, using: &random) {
                var piece = Array(pieces.randomElement(using: &random)!.utf8)
                if !piece.isEmpty && Bool.random(using: &random) {
                    piece[Int.random(in: 0..<piece.count, using: &random)] = Array("a.-@ ,".utf8).randomElement(using: &random)!
                }
                ranges.append(bytes.count..<(bytes.count + piece.count))
                bytes += piece
            }
            let flags = ranges.map { _ in Int.random(in: 0..<8, using: &random) == 0 ? UInt8(1) << UInt8.random(in: 0...4, using: &random) : 0 }
            let width = Int.random(in: 1...4, using: &random)
            let column = Int.random(in: 0..<width, using: &random)
            var spans = [enlint_field_span](repeating: enlint_field_span(start: -1, end: -1, flags: 0xFF), count: ranges.count * width)
            for k in ranges.indices {
                spans[k * width + column] = enlint_field_span(
                    start: Int32(ranges[k].lowerBound), end: Int32(ranges[k].upperBound), flags: flags[k])
            }
            let expectedEmpty = ranges.indices.map { k in flags[k] == 0 && ranges[k].isEmpty }
            let expectedUnsettled = ranges.indices.map { k in
                !expectedEmpty[k] && !(flags[k] == 0 && ranges[k].count <= 64
                    && Array(bytes[ranges[k]]).withUnsafeBufferPointer(InvalidEmailRule.isPlainlyValidBytewise))
            }
            for level in 0...2 {
                var empty = [UInt64](repeating: 0, count: (ranges.count + 63) / 64)
                var unsettled = empty
                page.atPageEnd(bytes) { p in
                    spans.withUnsafeBufferPointer { s in
                        enlint_email_column_at_level(
                            p.baseAddress!, s.baseAddress! + column, width, ranges.count, p.baseAddress! + p.count, &empty, &unsettled,
                            Int32(level))
                    }
                }
                let bit = { (bits: [UInt64], k: Int) in bits[k / 64] >> UInt64(k % 64) & 1 == 1 }
                #expect(ranges.indices.map { bit(empty, $0) } == expectedEmpty, "level \(level)")
                #expect(ranges.indices.map { bit(unsettled, $0) } == expectedUnsettled, "level \(level): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    /// Addresses for the AVX2 walk's short test of values up to 32 bytes (and the exact test
    /// it leaves the rest to): address shapes of 5 to 34 bytes, each with every byte of an
    /// alphabet put at every position, and edge shapes: some that the short test turns down
    /// and the exact one passes ("xn--", a '-' or '.' next to another in the local part), some
    /// that neither passes.
    static func shortTestAddresses() -> [[UInt8]] {
        let alphabet = Array("a.-@,; +_\"".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xC3]
        var addresses = ["xn--p1ai@xn--80ak6aa92e.com", "a@xn--b.org", "jo.-ann@x.org", "jo-.ann@x.org", "jo..ann@x.org",
            ".jo@x.org", "-jo@x.org", "jo.@x.org", "jo-@x.org", "a@b.c", "a@b.c.", "a@b.c-", "a@.b.c", "a@-b.c", "a@b-.c",
            "a@b..c", "a@b.-c", "a@b--c.d", "a@bc", "@b.c", "ab@", "a@@b.c", "a@b@c.d", "a.b@c"].map { Array($0.utf8) }
        for length in 5...34 {
            // local@domain.tld with the '@' and the '.' at a few places.
            for at in [1, length / 2, length - 4] where at >= 1 && at + 3 < length {
                var base = Array(repeating: UInt8(ascii: "k"), count: length)
                base[at] = UInt8(ascii: "@")
                base[length - 2] = UInt8(ascii: ".")
                addresses.append(base)
                for i in base.indices {
                    for byte in alphabet where byte != base[i] {
                        var damaged = base
                        damaged[i] = byte
                        addresses.append(damaged)
                    }
                }
            }
        }
        return addresses
    }

    @Test func emailWalkShortTestAgreesWithTheExactTest() {
        var random = SplitMix64(seed: 505)
        let page = GuardedPage()
        var addresses = Self.shortTestAddresses()
        // Both orders first, then shuffled, so that each length and damage also lands near the
        // end of a page and at its start.
        var batches = [addresses, addresses.reversed()]
        for _ in 0..<4 {
            addresses.shuffle(using: &random)
            batches.append(addresses)
        }
        var checked = 0
        var plain = 0
        for batch in batches {
            var bytes: [UInt8] = []
            var ranges: [Range<Int>] = []
            for address in batch {
                if bytes.count + address.count + 1 > page.pageSize {
                    checked += Self.checkEmailWalk(bytes, ranges, page: page)
                    bytes = []
                    ranges = []
                }
                ranges.append(bytes.count..<(bytes.count + address.count))
                bytes += address + [UInt8(ascii: ",")]
            }
            // The last one without its delimiter, right against the end.
            bytes.removeLast()
            checked += Self.checkEmailWalk(bytes, ranges, page: page)
            plain += batch.filter { $0.withUnsafeBufferPointer(InvalidEmailRule.isPlainlyValidBytewise) }.count
        }
        #expect(checked == batches.count * addresses.count)
        // Both verdicts are common among the addresses.
        #expect(plain > 5_000 && plain < checked - 5_000)
    }

    /// Walks the email fields at `ranges` of `bytes` at each level, with the bytes against the
    /// end of a page and against the start of one, and compares each field's bits with the
    /// exact test's verdict; returns the number of fields.
    static func checkEmailWalk(_ bytes: [UInt8], _ ranges: [Range<Int>], page: GuardedPage) -> Int {
        let spans = ranges.map { enlint_field_span(start: Int32($0.lowerBound), end: Int32($0.upperBound), flags: 0) }
        let expected = ranges.map { Array(bytes[$0]).withUnsafeBufferPointer(InvalidEmailRule.isPlainlyValidBytewise) }
        for level in 0...2 {
            for placed in [page.atPageEnd, page.atPageStart] as [([UInt8], (Bytes) -> Void) -> Void] {
                var empty = [UInt64](repeating: 0, count: (ranges.count + 63) / 64)
                var unsettled = empty
                placed(bytes) { p in
                    spans.withUnsafeBufferPointer { s in
                        enlint_email_column_at_level(
                            p.baseAddress!, s.baseAddress!, 1, ranges.count, p.baseAddress! + p.count, &empty, &unsettled, Int32(level))
                    }
                }
                for k in ranges.indices where (unsettled[k / 64] >> UInt64(k % 64) & 1 == 0) != expected[k] {
                    Issue.record("level \(level): \(String(decoding: bytes[ranges[k]], as: UTF8.self).debugDescription)")
                }
                #expect(empty.allSatisfy { $0 == 0 })
            }
        }
        return ranges.count
    }

    @Test func fieldSpanIsLaidOutAsTheCWalkReadsIt() {
        // EmailColumnScan checks this itself and walks in Swift otherwise; the test says when
        // the fast path would be lost.
        #expect(MemoryLayout<FieldSpan>.stride == MemoryLayout<enlint_field_span>.stride)
        #expect(MemoryLayout<FieldSpan>.offset(of: \.end) == MemoryLayout<enlint_field_span>.offset(of: \.end))
        #expect(MemoryLayout<FieldSpan>.offset(of: \.flags) == MemoryLayout<enlint_field_span>.offset(of: \.flags))
    }

    @Test func emailColumnScanAgreesWithItsRecordByRecordClassification() throws {
        // Uniform batches take the C walk, others the Swift one; both must match `classify`.
        var random = SplitMix64(seed: 504)
        let emails = ["sam@example.org", "", " ", "\" \"", "\"kim@example.org\"", "a@b", "x y@z.org", "é@x.org", "!a@x.org",
            String(repeating: "k", count: 70) + "@x.org", "a\"b@x.org", "\"a\"\"b@x.org\""]
        var uniform = 0
        for _ in 0..<300 {
            let width = Int.random(in: 1...3, using: &random)
            let ragged = Int.random(in: 0..<4, using: &random) == 0
            var text: [UInt8] = []
            for _ in 0..<Int.random(in: 1...150, using: &random) {
                var fields = (0..<width).map { _ in emails.randomElement(using: &random)! }
                if ragged && Bool.random(using: &random) { fields.removeLast() }
                text += Array(fields.joined(separator: ",").utf8) + [0x0A]
            }
            let tokenizer = CSVTokenizer()
            tokenizer.append(text)
            tokenizer.finishInput()
            let column = Int.random(in: 0..<width, using: &random)
            let scan = EmailColumnScan(column: column)
            while let batch = tokenizer.nextBatch() {
                if batch.uniformFieldCount ?? 0 > 1 { uniform += 1 }
                var found: [(Int, Bool)] = []
                scan.forEachNotPlain(in: batch) { found.append(($0, $1)) }
                var unsettled: [Int] = []
                scan.forEachUnsettled(in: batch) { unsettled.append($0) }
                let expected = (0..<batch.count).compactMap { k -> (Int, Bool)? in
                    let (isEmpty, isUnsettled) = scan.classify(batch[k])
                    return isEmpty || isUnsettled ? (k, isEmpty) : nil
                }
                let text = String(decoding: text, as: UTF8.self).debugDescription
                #expect(found.map(\.0) == expected.map(\.0) && found.map(\.1) == expected.map(\.1), "\(text)")
                #expect(unsettled == expected.filter { !$0.1 }.map(\.0), "\(text)")
            }
        }
        #expect(uniform > 100)
    }

    // MARK: EN602

    /// The rule's definition, byte by byte.
    static func firstRiskyReference(_ bytes: [UInt8]) -> Int? {
        for i in bytes.indices {
            switch bytes[i] {
            case 0x7C, 0x5C, 0x21: return i
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x9C || bytes[i + 2] == 0x9D): return i
            default: continue
            }
        }
        return nil
    }

    /// Every risky character's offset, byte by byte.
    static func allRiskyReference(_ bytes: [UInt8]) -> [Int] {
        var found: [Int] = []
        var from = 0
        while let i = firstRiskyReference(Array(bytes[from...])) {
            found.append(from + i)
            from += i + 1
        }
        return found
    }

    /// What `enlint_text_scan_at_level` finds in `bytes`: the places it kept and how many it
    /// counted, of each kind.
    static func textScan(
        _ bytes: Bytes, delimiter: UInt8 = UInt8(ascii: ","), level: Int = 2,
        formulaCapacity: Int = 64, riskyCapacity: Int = 64
    ) -> (formulas: [Int], formulaCount: Int, risky: [Int], riskyCount: Int) {
        var formulas = [UInt32](repeating: 0, count: formulaCapacity)
        var risky = [UInt32](repeating: 0, count: riskyCapacity)
        var f = enlint_positions(positions: nil, capacity: formulaCapacity, count: 0)
        var r = enlint_positions(positions: nil, capacity: riskyCapacity, count: 0)
        formulas.withUnsafeMutableBufferPointer { formulas in
            risky.withUnsafeMutableBufferPointer { risky in
                f.positions = formulas.baseAddress
                r.positions = risky.baseAddress
                enlint_text_scan_at_level(bytes.baseAddress, bytes.count, delimiter, &f, &r, Int32(level))
            }
        }
        return (formulas.prefix(min(f.count, formulaCapacity)).map(Int.init), f.count,
                risky.prefix(min(r.count, riskyCapacity)).map(Int.init), r.count)
    }

    @Test func riskyScanAgreesWithTheReferenceAtEveryLevel() {
        var random = SplitMix64(seed: 602)
        // Near misses: 0x01 and '<' look like '!' and '|' to the vector test, E2 80 93 is an en
        // dash, C2 and E3 are other lead bytes.
        let rare: [UInt8] = [0x7C, 0x5C, 0x21, 0x01, 0x3C, 0xE2, 0x80, 0x9C, 0x9D, 0x93, 0xC2, 0xE3, 0x0A]
        let page = GuardedPage()
        for round in 0..<20_000 {
            let length = Int.random(in: 0...(round % 10 == 0 ? 400 : 140), using: &random)
            var bytes = (0..<length).map { _ in UInt8(ascii: "a") + UInt8.random(in: 0..<26, using: &random) }
            for _ in 0..<Int.random(in: 0...3, using: &random) where !bytes.isEmpty {
                let i = Int.random(in: 0..<bytes.count, using: &random)
                if Bool.random(using: &random), i + 2 < bytes.count {
                    bytes[i] = 0xE2
                    bytes[i + 1] = [0x80, 0x81].randomElement(using: &random)!
                    bytes[i + 2] = [0x9C, 0x9D, 0x93, 0x99].randomElement(using: &random)!
                } else {
                    bytes[i] = rare.randomElement(using: &random)!
                }
            }
            let expected = Self.firstRiskyReference(bytes) ?? bytes.count
            let all = Self.allRiskyReference(bytes)
            for level in 0...2 {
                let found = page.atPageEnd(bytes) { enlint_first_risky_at_level($0.baseAddress!, $0.count, Int32(level)) }
                #expect(found == expected, "level \(level): \(bytes)")
                // The batch pass: every risky character.
                let scan = page.atPageEnd(bytes) { Self.textScan($0, level: level, riskyCapacity: 400) }
                #expect(scan.risky == all && scan.riskyCount == all.count, "level \(level): \(bytes)")
            }
        }
    }

    @Test func riskyScanPassesOtherPunctuationAndLetters() {
        let text = Array("Café ‘quoted’ – fine, €5 ä ß \"plain\" <a> 1/2".utf8)
        let long = Array(repeating: text, count: 20).flatMap { $0 }
        #expect(long.withUnsafeBufferPointer(RiskyCharacterRule.firstRisky(in:)) == nil)
        #expect((long + Array("“".utf8)).withUnsafeBufferPointer(RiskyCharacterRule.firstRisky(in:)) == long.count)
    }

    // MARK: EN601

    /// The batch-relative positions of the lead bytes the rule's per-record check would report.
    static func formulaLeadsReference(_ records: RecordBatch) -> [Int] {
        var leads: [Int] = []
        let origin = Int(records[0].startPosition)
        for r in 0..<records.count {
            let record = records[r]
            for (i, span) in record.spans.enumerated() where span.start < span.end {
                let first = record.bufferBase[Int(span.start)]
                let quoted = first == 0x22
                let lead = !quoted ? first : span.end - span.start > 1 ? record.bufferBase[Int(span.start) + 1] : 0
                if FormulaInjectionRule.isTrigger(lead) && FormulaInjectionRule.isFormula(record.value(i)) {
                    leads.append(Int(span.start) + (quoted ? 1 : 0) - origin)
                }
            }
        }
        return leads
    }

    static let formulaPieces = [
        "=1+2", "-12.5", "+44 (20) 7946-0958", "-", "+", "-a", "+3", "- 5", "-5.0.0", "\"-5\"", "\"=x\"", "\"-5\"x",
        "\"a,\"\"-b\"", "\"a\"\"\r=\"", "\t x", "\"\r=\"", "\"\r\"", "@x", "a@b", "x\"y", "\"ab\"-5", "", " -5", "ë",
        "“q”", "\"a\nb\"", "\"\"", "\"-\"", "\"+4\"\"\"", "-1,0", "Credit Card", "2024-01-05", "53.25", "\"=\"\"\"",
        "Thanks!", "a|b", "C:\\x", "\"\"\"!\"\"\"", ")x", "\u{0B}", "!", "|=",
    ]

    /// Random records of `formulaPieces`, with LF, CRLF or CR line ends.
    static func randomCSV(_ random: inout SplitMix64, delimiter: UInt8 = UInt8(ascii: ",")) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 1...12, using: &random) {
            for f in 0..<Int.random(in: 1...5, using: &random) {
                if f > 0 { bytes.append(delimiter) }
                // Mostly harmless values, so that some documents have no formula at all.
                let piece = Int.random(in: 0..<4, using: &random) == 0
                    ? formulaPieces.randomElement(using: &random)! : ["53.25", "sam@example.org", "-4.5", ""].randomElement(using: &random)!
                bytes += Array(piece.utf8)
            }
            bytes += [[0x0A], [0x0D, 0x0A], [0x0D]].randomElement(using: &random)!
        }
        if Bool.random(using: &random) { bytes.removeLast() }
        return bytes
    }

    @Test func formulaScanFindsEveryFormulaTheRecordCheckFinds() {
        var random = SplitMix64(seed: 601)
        let page = GuardedPage()
        var withFormula = 0, cleared = 0
        for _ in 0..<6_000 {
            let delimiter = Bool.random(using: &random) ? UInt8(ascii: ",") : UInt8(ascii: ";")
            let text = Self.randomCSV(&random, delimiter: delimiter)
            let tokenizer = CSVTokenizer(delimiter: delimiter)
            tokenizer.append(text)
            tokenizer.finishInput()
            while let batch = tokenizer.nextBatch() {
                let bytes = Array(batch.bytes)
                let reference = Self.formulaLeadsReference(batch)
                let risky = Self.allRiskyReference(bytes)
                let scans = (0...2).map { level in page.atPageEnd(bytes) { Self.textScan($0, delimiter: delimiter, level: level) } }
                let text = String(decoding: bytes, as: UTF8.self).debugDescription
                #expect(scans.allSatisfy { $0 == scans[0] }, "levels differ on \(text)")
                let formulas = scans[0].formulas
                #expect(scans[0].formulaCount == formulas.count && scans[0].risky == risky, "\(text)")
                // Every lead the rule reports is among the positions (which may hold more).
                #expect(Set(reference).isSubset(of: formulas), "missed a formula in \(text)")
                if !reference.isEmpty { withFormula += 1 } else if formulas.isEmpty { cleared += 1 }
                // A full sink keeps its first places and counts one more, and the other goes on.
                for level in 0...2 {
                    let small = bytes.withUnsafeBufferPointer { Self.textScan($0, delimiter: delimiter, level: level, formulaCapacity: 1) }
                    #expect(small.formulas == Array(formulas.prefix(1)) && small.formulaCount == min(formulas.count, 2))
                    #expect(small.risky == risky, "level \(level): \(text)")
                    let none = bytes.withUnsafeBufferPointer { Self.textScan($0, delimiter: delimiter, level: level, riskyCapacity: 0) }
                    #expect(none.formulas == formulas && none.riskyCount == min(risky.count, 1))
                }
            }
        }
        #expect(withFormula > 500 && cleared > 500)
    }

    @Test func formulaScanClearsNumbersPhonesAndLineEnds() {
        // Signed amounts and phone numbers, quoted or not, quoted values ending in CRLF, empty
        // last fields before CRLF: none starts a formula, and the scan must see that itself.
        let row = "104233,-12.50,\"+44 20 7946 0958\",+1 (555) 123-4567,-,\"-3\",2024-01-05,\"Zoë\"\r\n12,a-b,\"x\",\r\n"
        let text = Array(String(repeating: row, count: 40).utf8)
        #expect(text.withUnsafeBufferPointer { Self.textScan($0).formulaCount } == 0)
        for formula in ["=1", "\"=1\"", "-1+2", "\"-1\"\"\"", "@SUM(1)", "\"\r1\"", "\t1", "+1x"] {
            let bad = text + Array("1,\(formula),2\n".utf8)
            #expect(bad.withUnsafeBufferPointer { Self.textScan($0).formulas } == [text.count + 2 + (formula.hasPrefix("\"") ? 1 : 0)], "\(formula)")
        }
    }

    // MARK: The rules in the engine

    /// The engine's batch path (the rules' `checkBatch` and `mayReport`) and its record-at-a-time
    /// path (which calls neither) must give the same findings.
    static func findingsBothWays(_ bytes: [UInt8], limits: TokenizerLimits = .default) throws -> (batch: [String], oneByOne: [String]) {
        var options = LintOptions()
        options.kind = .transactions
        options.maxPerRule = 10_000
        options.tokenizerLimits = limits
        // read(2) chunks, as `lint(bytes:)` appends them: a mapped window cuts no record.
        options.mapsFiles = false
        let linter = Linter(ruleSet: try RuleSet(available: RuleRegistry.all), options: options)
        let ids: Set = ["EN405", "EN501", "EN502", "EN601", "EN602", "EN203"]
        func lines(_ result: FileResult) -> [String] {
            result.diagnostics.filter { ids.contains($0.ruleID) }.map { "\($0.ruleID) \($0.line):\($0.column) \($0.message)" }.sorted()
        }
        let batch = lines(try linter.lint(bytes: bytes))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-text-\(UUID().uuidString).csv").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let oneByOne = lines(try linter.lint(fileDescriptor: fd, path: path) { _, _ in })
        return (batch, oneByOne)
    }

    @Test func batchAndRecordPathsAgreeOnRandomFiles() throws {
        var random = SplitMix64(seed: 405)
        let emails = ["sam@example.org", "", " ", "\" \"", "\"kim@example.org\"", "a@b", "x y@z.org", "é@x.org", "=a@x.org", "-", "!"]
        let ids = ["", "4321", " ", "\"\"", "\"12\"", "-5"]
        var findings = 0
        for _ in 0..<150 {
            var text = Array("Supporter Email,Supporter ID,Campaign ID,Comments\n".utf8)
            for _ in 0..<Int.random(in: 0...30, using: &random) {
                let fields = [
                    emails.randomElement(using: &random)!, ids.randomElement(using: &random)!, "12345",
                    Self.formulaPieces.randomElement(using: &random)!,
                ]
                text += Array(fields.prefix(Int.random(in: 0...4, using: &random)).joined(separator: ",").utf8)
                text += Bool.random(using: &random) ? [0x0A] : [0x0D, 0x0A]
            }
            let (batch, oneByOne) = try Self.findingsBothWays(text)
            #expect(batch == oneByOne, "\(String(decoding: text, as: UTF8.self).debugDescription)")
            findings += batch.count
        }
        #expect(findings > 1_000)
    }

    @Test func batchAndRecordPathsAgreeOnRandomFilesOfEvenRows() throws {
        // Every row with the same fields: the batches the email column's C walk reads.
        var random = SplitMix64(seed: 406)
        let emails = ["sam@example.org", "", " ", "\" \"", "\"kim@example.org\"", "a@b", "x y@z.org", "é@x.org", "=a@x.org", "-", "!",
            "!a@x.org", "a|b@x.org"]
        let ids = ["", "4321", " ", "\"\"", "\"12\"", "-5"]
        var findings = 0
        for _ in 0..<150 {
            var text = Array("Supporter Email,Supporter ID,Campaign ID,Comments\n".utf8)
            for _ in 0..<Int.random(in: 1...300, using: &random) {
                let email = Int.random(in: 0..<3, using: &random) == 0 ? emails.randomElement(using: &random)! : "a\(Int.random(in: 0...99, using: &random))@example.org"
                let comment = Self.formulaPieces.filter { $0 != "-1,0" }.randomElement(using: &random)!
                let fields = [email, ids.randomElement(using: &random)!, "12345", comment]
                text += Array(fields.joined(separator: ",").utf8)
                text += Bool.random(using: &random) ? [0x0A] : [0x0D, 0x0A]
            }
            let (batch, oneByOne) = try Self.findingsBothWays(text)
            #expect(batch == oneByOne, "\(String(decoding: text, as: UTF8.self).debugDescription)")
            findings += batch.count
        }
        #expect(findings > 1_000)
    }

    @Test func batchAndRecordPathsAgreeWhenManyRowsHoldFindings() throws {
        // EN601: more positions than the scan keeps (256), so the whole batch goes the per-row
        // way; and a few among many signed amounts, so only those rows are checked. EN602: a
        // risky character in every row (more than the 64 rows screened one by one), and in two
        // cells of each of 6 rows among 3,000.
        let header = "Supporter Email,Campaign ID,Transaction Date,Comments\n"
        let cases: [(text: String, formulas: Int, risky: Int)] = [
            (header + (0..<600).map { "a\($0)@example.org,12345,2024-01-05,=\($0)\n" }.joined(), 600, 0),
            (header + (0..<3_000).map { "a\($0)@example.org,12345,2024-01-05,\($0 % 997 == 5 ? "-x" : "-5")\n" }.joined(), 4, 0),
            (header + (0..<600).map { "a\($0)@example.org,12345,2024-01-05,Thanks!\n" }.joined(), 0, 600),
            (header + (0..<3_000).map { "a\($0)@example.org,12345,2024-01-05,\($0 % 499 == 7 ? "A|B,\"C|D\"" : "ok")\n" }.joined(), 0, 12),
        ]
        for (text, formulas, risky) in cases {
            let (batch, oneByOne) = try Self.findingsBothWays(Array(text.utf8))
            #expect(batch == oneByOne)
            #expect(batch.filter { $0.hasPrefix("EN601") }.count == formulas)
            #expect(batch.filter { $0.hasPrefix("EN602") }.count == risky)
        }
    }

    @Test func blankEmailsAreCountedOnceWhenABatchIsSeenTwice() throws {
        let text = "Supporter Email,Supporter ID\n,1\nsam@example.org,2\n \n,4\n"
        let tokenizer = CSVTokenizer()
        tokenizer.append(Array(text.utf8))
        tokenizer.finishInput()
        let batch = try #require(tokenizer.nextBatch()).dropFirst(1)
        let context = RuleContext(
            kind: KindDecision(kind: .transactions, reason: "test"), header: ["Supporter Email", "Supporter ID"],
            columns: ColumnMap(header: ["Supporter Email", "Supporter ID"], overrides: [:]), formatHeader: nil,
            maxFileBytes: 20_000_000)
        let rule = BlankEmailRule(context: context)
        let collector = DiagnosticCollector(rules: try RuleSet(available: RuleRegistry.all).rules, maxPerRule: 20)
        withExtendedLifetime(collector) {
            // The batch twice: three blank emails, counted once each.
            let reporter = RuleReporter(collector: collector, ruleIndex: 0)
            rule.checkBatch(batch, report: reporter)
            rule.checkBatch(batch, report: reporter)
        }
        #expect(rule.count == 3 && rule.lines == [2, 4, 5])
        #expect(rule.mayReport(in: batch), "mayReport stays the default predicate")
    }

    @Test func blankEmailsPastTheListedLinesAreCountedOnce() throws {
        // Every third of 3,000 rows has an empty email: past the first 100 the batch path counts
        // them by their bits, and a batch seen twice still counts each once.
        let rows = (0..<3_000).map { $0 % 3 == 0 ? ",\($0)\n" : $0 % 300 == 1 ? "\" \",\($0)\n" : "a\($0)@example.org,\($0)\n" }
        let text = Array(("Supporter Email,Supporter ID\n" + rows.joined()).utf8)
        let (batch, oneByOne) = try Self.findingsBothWays(text)
        #expect(batch == oneByOne)
        #expect(batch.filter { $0.hasPrefix("EN501 2:1 1010 rows have a blank email address (the first 100 are listed)") }.count == 1, "\(batch.filter { $0.hasPrefix("EN501") })")

        let tokenizer = CSVTokenizer()
        tokenizer.append(text)
        tokenizer.finishInput()
        let header = ["Supporter Email", "Supporter ID"]
        let context = RuleContext(
            kind: KindDecision(kind: .transactions, reason: "test"), header: header,
            columns: ColumnMap(header: header, overrides: [:]), formatHeader: nil, maxFileBytes: 20_000_000)
        let rule = BlankEmailRule(context: context)
        let collector = DiagnosticCollector(rules: try RuleSet(available: RuleRegistry.all).rules, maxPerRule: 20)
        var batches = 0
        withExtendedLifetime(collector) {
            let reporter = RuleReporter(collector: collector, ruleIndex: 0)
            while var batch = tokenizer.nextBatch() {
                if batch[0].number == 1 { batch = batch.dropFirst(1) }
                rule.checkBatch(batch, report: reporter)
                rule.checkBatch(batch, report: reporter)
                batches += 1
            }
        }
        #expect(batches > 1)
        #expect(rule.count == 1_010 && rule.lines.count == 100 && rule.lines.first == 2)
    }

    @Test func aFieldAfterTheRecordBoundIsStillChecked() throws {
        // The record is cut at 64 bytes: the field after the cut starts where the bytes were
        // dropped, after no delimiter. The batch scan must not be trusted with it.
        let limits = TokenizerLimits(chunkSize: 16, maxFieldBytes: 32, maxRecordBytes: 64, maxFieldsPerRecord: 100)
        let long = String(repeating: "x", count: 30)
        let text = Array("Supporter Email,Comments\nsam@example.org,ok\n\(long),\(long),\(long),\(long),=1+2,=3\nkim@example.org,=4\n".utf8)
        let (batch, oneByOne) = try Self.findingsBothWays(text, limits: limits)
        #expect(batch == oneByOne)
        #expect(batch.contains { $0.hasPrefix("EN601 4:") })
    }
}
