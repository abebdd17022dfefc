import CSVTokenizer
import Testing

@testable import ENLintCore
@testable import ENLintRules

@Suite struct EngineTests {
    func lint(_ text: String, options: LintOptions = LintOptions(), rules: [String] = []) throws -> FileResult {
        let linter = Linter(ruleSet: try RuleSet(available: RuleRegistry.all, select: rules), options: options)
        return try linter.lint(bytes: Array(text.utf8))
    }

    @Test func capKeepsTheFirstFindingsAndAddsOneSummary() throws {
        var options = LintOptions()
        options.maxPerRule = 2
        let text = "a,b\n" + String(repeating: "1\n", count: 5)
        let result = try lint(text, options: options, rules: ["EN203"])
        let ragged = result.diagnostics.filter { $0.ruleID == "EN203" }
        #expect(ragged.map(\.line) == [2, 3, 4])
        #expect(ragged[2].message == "3 more ragged-row findings not shown (5 in total)")
        #expect(ragged[2].hint == "raise --max-per-rule (now 2) to see them all")
    }

    @Test func diagnosticsComeInLineOrder() throws {
        let result = try lint("a,b\n1\n2,3,4\n5\n", rules: ["EN203"])
        #expect(result.diagnostics.map(\.line) == [2, 3, 4])
    }

    @Test func factsCountRecordsTerminatorsAndBytes() throws {
        let result = try lint("a,b\r\n1,2\n\"x\ry\",3\r4,5")
        #expect(result.facts.recordCount == 4)
        #expect(result.facts.byteCount == 20)
        #expect(result.facts.terminatorCounts == [.crlf: 1, .lf: 1, .cr: 1])
        #expect(result.facts.firstTerminatorLine == [.crlf: 1, .lf: 2, .cr: 4])
        #expect(result.facts.header == ["a", "b"])
    }

    @Test func invalidUTF8IsLocatedAndCountedPerLine() throws {
        // "José" and "Zoë" in windows-1252, on lines 2 and 3; the header is fine.
        let bytes: [UInt8] = Array("Name,City\nJos".utf8) + [0xE9] + Array(",Lyon\nZo".utf8) + [0xEB, 0xEB] + Array(",Bonn\n".utf8)
        let linter = Linter(ruleSet: try RuleSet(available: []), options: LintOptions())
        let facts = try linter.lint(bytes: bytes).facts
        let invalid = try #require(facts.invalidUTF8)
        #expect(invalid.first == SourcePosition(line: 2, column: 4, byteOffset: 13))
        #expect(invalid.count == 3)
        #expect(invalid.lineCount == 2)
        #expect(invalid.detected?.name == "windows-1252")
    }

    @Test func nulBytesInsideTextAreCounted() throws {
        let linter = Linter(ruleSet: try RuleSet(available: []), options: LintOptions())
        let facts = try linter.lint(bytes: Array("a,b\n1,2".utf8) + [0] + Array("x\n".utf8) + Array(repeating: UInt8(ascii: "z"), count: 200)).facts
        #expect(facts.content == .text)
        #expect(facts.nulCount == 1)
        #expect(facts.firstNUL == SourcePosition(line: 2, column: 4, byteOffset: 7))
    }

    /// A long run of NUL bytes and of invalid bytes in one record, over quoted lines: every one
    /// is counted and the first located, and locating them walks the record once (each walked
    /// it from its start: 250 KB of NUL bytes took 80 seconds, a quadratic hang).
    @Test func longRunsOfBadBytesInOneRecordAreCountedAndLocated() throws {
        let linter = Linter(ruleSet: try RuleSet(available: []), options: LintOptions())
        // Text first: the content is judged on the first 8 KB.
        let text = Array("a,b\n".utf8) + Array(repeating: Array("1,2\n".utf8), count: 2_500).joined()
        let nuls = try linter.lint(bytes: text + Array("1,\"x\ny".utf8) + Array(repeating: 0, count: 400_000) + Array("\",2\n".utf8)).facts
        #expect(nuls.content == .text)
        #expect(nuls.nulCount == 400_000)
        #expect(nuls.firstNUL == SourcePosition(line: 2_503, column: 2, byteOffset: 10_010))
        var lines: [UInt8] = Array("a,b\n1,\"".utf8)
        for _ in 0..<20_000 { lines += [0xE9, 0xE9] + Array("ok\n".utf8) }
        lines += Array("\",2\n".utf8)
        let invalid = try #require(try linter.lint(bytes: lines).facts.invalidUTF8)
        #expect(invalid.first == SourcePosition(line: 2, column: 4, byteOffset: 7))
        #expect(invalid.count == 40_000)
        #expect(invalid.lineCount == 20_000)
    }

    @Test func kindIsDecidedFromTheHeaderUnlessGiven() throws {
        let tx = try lint("Campaign ID,Supporter Email,Transaction Date\n1,a@b.org,2024-01-01\n")
        #expect(tx.kind?.kind == .transactions)
        #expect(tx.kind?.reason == "the header has a campaign ID column (Campaign ID) and a date or time column (Transaction Date)")
        let sup = try lint("Email Address,First Name\n")
        #expect(sup.kind?.kind == .supporters)
        var options = LintOptions()
        options.kind = .transactions
        let given = try lint("Email Address\n", options: options)
        #expect(given.kind == KindDecision(kind: .transactions, reason: "given with --kind transactions"))
    }

    @Test func unknownColumnOverrideIsAnInputError() throws {
        var options = LintOptions()
        options.columnOverrides = [.email: "E-Mail"]
        #expect(throws: LintInputError.unknownColumn(path: "<memory>", role: .email, name: "E-Mail", header: ["Mail Address"])) {
            try lint("Mail Address\nx@y.org\n", options: options)
        }
    }
}

@Suite struct ContentSnifferTests {
    func sniff(_ bytes: [UInt8]) -> ContentForm { bytes.withUnsafeBufferPointer { ContentSniffer.sniff($0) } }

    @Test func recognisesWideTextWithAndWithoutBOM() {
        let ascii = Array("Email Address,First Name\r\n".utf8)
        let le = ascii.flatMap { [$0, 0] as [UInt8] }
        let be = ascii.flatMap { [0, $0] as [UInt8] }
        #expect(sniff([0xFF, 0xFE] + le) == .wideText(encoding: "UTF-16LE", hasBOM: true))
        #expect(sniff([0xFE, 0xFF] + be) == .wideText(encoding: "UTF-16BE", hasBOM: true))
        #expect(sniff(le) == .wideText(encoding: "UTF-16LE", hasBOM: false))
        #expect(sniff(be) == .wideText(encoding: "UTF-16BE", hasBOM: false))
        #expect(sniff(ascii.flatMap { [$0, 0, 0, 0] as [UInt8] }) == .wideText(encoding: "UTF-32LE", hasBOM: false))
        #expect(sniff([0xFF, 0xFE, 0, 0] + ascii.flatMap { [$0, 0, 0, 0] as [UInt8] }) == .wideText(encoding: "UTF-32LE", hasBOM: true))
    }

    @Test func recognisesBinaryFormats() {
        #expect(sniff([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]) == .binary(format: "a ZIP archive (an Excel .xlsx workbook?)"))
        #expect(sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]) == .binary(format: "a PNG image"))
        #expect(sniff([UInt8](repeating: 0, count: 100)) == .binary(format: nil))
    }

    @Test func textWithAStrayNULStaysText() {
        #expect(sniff(Array("a,b\n".utf8) + [0] + [UInt8](repeating: 0x61, count: 200)) == .text)
        #expect(sniff(Array("plain,ascii\n".utf8)) == .text)
    }
}

@Suite struct ByteScanTests {
    func problems(_ bytes: [UInt8]) -> [String] {
        var found: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            ByteScan.findProblems(buffer) { i, p in found.append("\(i):\(p == .nul ? "nul" : "utf8")") }
        }
        return found
    }

    @Test func plainASCIIFastPath() {
        #expect(Array("hello, world, twelve+ bytes".utf8).withUnsafeBufferPointer(ByteSearch.isPlainASCII))
        #expect(!(Array("hello, world".utf8) + [0]).withUnsafeBufferPointer(ByteSearch.isPlainASCII))
        #expect(!Array("héllo, world, twelve".utf8).withUnsafeBufferPointer(ByteSearch.isPlainASCII))
        #expect(!([0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x00]).withUnsafeBufferPointer(ByteSearch.isPlainASCII))
        // A bad byte in every position of a 40-byte record: the vector and the scalar tail.
        for position in 0..<40 {
            for bad: UInt8 in [0x00, 0x80, 0xE9] {
                var bytes = [UInt8](repeating: 0x61, count: 40)
                bytes[position] = bad
                #expect(!bytes.withUnsafeBufferPointer(ByteSearch.isPlainASCII), "\(bad) at \(position)")
            }
        }
        #expect([UInt8](repeating: 0x7F, count: 40).withUnsafeBufferPointer(ByteSearch.isPlainASCII))
    }

    @Test func firstNonPlainAtEveryPositionAndLength() {
        for count in 0...40 {
            let clean = [UInt8](repeating: 0x7F, count: count)
            #expect(clean.withUnsafeBufferPointer(ByteSearch.firstNonPlain) == count)
            for position in 0..<count {
                for bad: UInt8 in [0x00, 0x80, 0xFF] {
                    var bytes = clean
                    bytes[position] = bad
                    if position + 1 < count { bytes[count - 1] = 0xC3 }
                    #expect(bytes.withUnsafeBufferPointer(ByteSearch.firstNonPlain) == position, "\(bad) at \(position) of \(count)")
                }
            }
        }
    }

    /// The walk skips plain runs by vectors: it must find what a walk byte by byte finds.
    @Test func problemsMatchAWalkByteByByte() {
        func byteByByte(_ bytes: [UInt8]) -> [String] {
            var found: [String] = []
            bytes.withUnsafeBufferPointer { buffer in
                var i = 0
                while i < buffer.count {
                    if buffer[i] < 0x80 {
                        if buffer[i] == 0 { found.append("\(i):nul") }
                        i += 1
                    } else {
                        let length = ByteScan.validSequenceLength(buffer, at: i)
                        if length == 0 { found.append("\(i):utf8") }
                        i += max(length, 1)
                    }
                }
            }
            return found
        }
        let pieces: [[UInt8]] = [
            [0x61], Array(repeating: 0x62, count: 17), Array(repeating: 0x63, count: 40), [0], Array("é".utf8),
            Array("€".utf8), Array("😀".utf8), [0x80], [0xC3], [0xE2, 0x82], [0xFF], [0xED, 0xA0, 0x80],
        ]
        // A fixed linear congruential sequence: every run checks the same cases.
        var state: UInt64 = 0x5CA9
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % n
        }
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<next(13) { bytes += pieces[next(pieces.count)] }
            #expect(problems(bytes) == byteByByte(bytes), "\(bytes)")
        }
    }

    @Test func findAnyOfFourBytesAtEveryPosition() {
        for position in 0..<40 {
            for needle: UInt8 in [0x7C, 0x5C, 0x21, 0xE2] {
                var bytes = [UInt8](repeating: 0x61, count: 40)
                bytes[position] = needle
                bytes[39] = needle
                let found = bytes.withUnsafeBufferPointer { ByteSearch.firstIndex(ofAny: 0x7C, 0x5C, 0x21, 0xE2, in: $0) }
                #expect(found == position)
            }
        }
        let none = [UInt8](repeating: 0x61, count: 37).withUnsafeBufferPointer { ByteSearch.firstIndex(ofAny: 0x7C, 0x5C, 0x21, 0xE2, in: $0) }
        #expect(none == nil)
    }

    @Test func utf8ValidationFollowsRFC3629() {
        #expect(problems(Array("é€😀".utf8)) == [])
        #expect(problems([0xC0, 0x80]) == ["0:utf8", "1:utf8"])  // overlong NUL
        #expect(problems([0xED, 0xA0, 0x80]) == ["0:utf8", "1:utf8", "2:utf8"])  // surrogate
        #expect(problems([0xF4, 0x90, 0x80, 0x80]) == ["0:utf8", "1:utf8", "2:utf8", "3:utf8"])  // > U+10FFFF
        #expect(problems([0x61, 0xE9, 0x62]) == ["1:utf8"])  // windows-1252 é
        #expect(problems([0xE2, 0x82]) == ["0:utf8", "1:utf8"])  // truncated €
        #expect(problems([0x61, 0x00, 0x62]) == ["1:nul"])
    }
}

@Suite struct RuleSetTests {
    @Test func selectorsMatchIdsPrefixesAndSlugs() throws {
        let all = RuleRegistry.all
        #expect(try RuleSet(available: all, select: ["EN203"]).rules.map { $0.type.description.id } == ["EN203"])
        #expect(try RuleSet(available: all, select: ["ragged-row"]).rules.count == 1)
        #expect(try RuleSet(available: all, select: ["en2"]).rules.allSatisfy { $0.type.description.id.hasPrefix("EN2") })
        #expect(try RuleSet(available: all, ignore: ["EN203"]).rules.allSatisfy { $0.type.description.id != "EN203" })
        #expect(throws: RuleSelectionError.unknownSelector("EN999")) { try RuleSet(available: all, select: ["EN999"]) }
    }

    @Test func severityOverridesAndOff() throws {
        let all = RuleRegistry.all
        let warned = try RuleSet(available: all, select: ["EN203"], severities: ["EN203": .warning])
        #expect(warned.rules.first?.severity == .warning)
        #expect(warned.rules.first?.severityIsConfigured == true)
        let off = try RuleSet(available: all, severities: ["ragged-row": Severity?.none])
        #expect(!off.rules.contains { $0.type.description.id == "EN203" })
    }
}

@Suite struct ColumnMapTests {
    @Test func rolesAreFoundByEnsUsualNamesInAnySpelling() {
        let map = ColumnMap(header: ["campaign_id", "SUPPORTER EMAIL", "Supporter-Id", "Transaction Date", "Donation Amount"])
        #expect(map[.campaignID] == 0)
        #expect(map[.email] == 1)
        #expect(map[.supporterID] == 2)
        #expect(map[.date] == 3)
        #expect(map[.amount] == 4)
        #expect(map[.time] == nil)
    }

    @Test func overridesWinAndUnknownOnesAreKept() {
        let map = ColumnMap(header: ["E-Mail", "Email Address"], overrides: [.email: "E-Mail", .time: "Uhrzeit"])
        #expect(map[.email] == 0)
        #expect(map.unresolvedOverrides == [.time: "Uhrzeit"])
    }
}

@Suite struct JSONTextTests {
    @Test func escapesControlCharactersAndQuotes() {
        #expect(JSONText.quoted("a\"b\\c\nd\te\u{01}é") == "\"a\\\"b\\\\c\\nd\\te\\u0001é\"")
    }
}
