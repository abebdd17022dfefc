@testable import CSVTokenizer
import TestSupport
import Testing

/// Bounded memory: oversized fields and records are truncated and reported, and everything
/// after them is still exact.
@Suite struct LimitsTests {
    static let feeds: [(Feed, Int)] = [
        (.whole, 1 << 20), (.append(maxPiece: 1), 1), (.append(maxPiece: 5), 3), (.refill(maxPiece: 7), 4),
        (.refill(maxPiece: 2), 7), (.append(maxPiece: 16), 16),
    ]

    static func isLimitEvent(_ kind: SyntaxEvent.Kind) -> Bool {
        switch kind {
        case .fieldTooLarge, .recordTooLarge, .tooManyFields: true
        default: false
        }
    }

    static func describe(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).debugDescription
    }

    /// Compares a run under small limits with the reference. Records, lines, terminators and
    /// offsets are always exact; an untouched record is exact in everything; a truncated field
    /// keeps a prefix of its value and reports its full raw size.
    @discardableResult
    static func checkAgainstReference(
        _ input: [UInt8], limits: TokenizerLimits, feed: Feed, rng: inout SplitMix64, context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let expected = ReferenceTokenizer.tokenize(input).records
        let run = runTokenizer(input, limits: limits, feed: feed, rng: &rng, sourceLocation: sourceLocation)
        let ctx = "\(context) \(feed) limits \(limits) input \(describe(input))"
        guard run.records.count == expected.count else {
            Issue.record("record count \(run.records.count) vs \(expected.count): \(ctx)", sourceLocation: sourceLocation)
            return false
        }
        for (n, (got, want)) in zip(run.records, expected).enumerated() {
            func fail(_ what: String) -> Bool {
                Issue.record("record \(n + 1): \(what)\n  got  \(got.reference)\n  want \(want)\n  \(ctx)", sourceLocation: sourceLocation)
                return false
            }
            guard (got.line, got.endLine, got.byteOffset, got.terminator) == (want.line, want.endLine, want.byteOffset, want.terminator)
            else { return fail("lines/offset/terminator") }
            guard got.fieldCount == want.fields.count, got.storedFieldCount == min(want.fields.count, limits.maxFieldsPerRecord)
            else { return fail("field counts \(got.fieldCount)/\(got.storedFieldCount)") }
            let tooMany = got.rawEvents.filter { $0.kind == .tooManyFields }
            guard tooMany.count == (want.fields.count > limits.maxFieldsPerRecord ? 1 : 0)
            else { return fail("tooManyFields events \(tooMany)") }
            let recordTooLarge = got.rawEvents.contains { $0.kind == .recordTooLarge }
            // Every kept value is a prefix of the true one; exact unless flagged truncated.
            for i in 0..<got.storedFieldCount {
                if got.flags[i].contains(.truncated) {
                    guard got.fields[i].count <= want.fields[i].count, Array(want.fields[i].prefix(got.fields[i].count)) == got.fields[i]
                    else { return fail("field \(i) is not a prefix") }
                } else if got.fields[i] != want.fields[i] {
                    return fail("field \(i) differs")
                }
            }
            // Oversized fields: reported once each, with the full raw size.
            for e in got.rawEvents {
                if case .fieldTooLarge(let byteCount) = e.kind {
                    guard byteCount == Int64(want.rawSizes[e.fieldIndex])
                    else { return fail("fieldTooLarge(\(byteCount)) for field \(e.fieldIndex) of raw size \(want.rawSizes[e.fieldIndex])") }
                }
            }
            if !recordTooLarge {
                for i in 0..<got.storedFieldCount where want.rawSizes[i] > limits.maxFieldBytes {
                    guard got.rawEvents.contains(where: { $0.kind == .fieldTooLarge(byteCount: Int64(want.rawSizes[i])) && $0.fieldIndex == i })
                    else { return fail("no fieldTooLarge for field \(i)") }
                    guard got.flags[i].contains(.truncated) else { return fail("field \(i) not flagged truncated") }
                }
            }
            // Syntax events: the same kinds in the same order, on the same lines; fields past
            // the bound keep none, except an unclosed quote (it runs to the end of input).
            let syntax = got.events.filter { !isLimitEvent($0.kind) }
            let kept = want.events.filter { event in
                event.kind == .unclosedQuote
                    || want.fieldPlaces.lastIndex(where: { $0.byteOffset <= event.byteOffset })! < limits.maxFieldsPerRecord
            }
            guard syntax.map(\.kind) == kept.map(\.kind) else { return fail("event kinds") }
            if !recordTooLarge {
                guard syntax.map(\.line) == kept.map(\.line) else { return fail("event lines") }
            }
            // An untouched record is exact in everything, columns included.
            if !got.rawEvents.contains(where: { isLimitEvent($0.kind) }) {
                guard got.reference == want else { return fail("untouched record differs") }
            }
        }
        return true
    }

    // MARK: Hand-written

    static let after = "x,\"y\ny\",é\r\n\"z\"\"\",w\rlast"

    static func checkAllFeeds(_ text: String, limits: TokenizerLimits, sourceLocation: SourceLocation = #_sourceLocation) -> [Run] {
        var rng = SplitMix64(seed: 3)
        var runs: [Run] = []
        for (feed, chunkSize) in feeds {
            var l = limits
            l.chunkSize = chunkSize
            checkAgainstReference(Array(text.utf8), limits: l, feed: feed, rng: &rng, context: "", sourceLocation: sourceLocation)
            runs.append(runTokenizer(Array(text.utf8), limits: l, feed: feed, rng: &rng, sourceLocation: sourceLocation))
        }
        return runs
    }

    @Test func oversizedUnquotedFieldIsTruncatedAndTheRestIsExact() {
        let text = "a,0123456789abcdefghij,b\n" + Self.after
        for run in Self.checkAllFeeds(text, limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 64)) {
            let first = run.records[0]
            #expect(run.strings[0] == ["a", "01234567", "b"])
            #expect(first.flags[1].contains(.truncated))
            #expect(!first.flags[0].contains(.truncated) && !first.flags[2].contains(.truncated))
            #expect(first.rawEvents.map(\.kind) == [.fieldTooLarge(byteCount: 20)])
            #expect(first.rawEvents.map(\.fieldIndex) == [1])
            #expect(first.events.map(\.column) == [3])
            #expect(run.strings.dropFirst() == [["x", "y\ny", "é"], ["z\"", "w"], ["last"]])
            #expect(run.lines == [1, 2, 4, 5])
        }
    }

    @Test func oversizedQuotedFieldIsTruncatedAndTheRestIsExact() {
        // Raw field: 26 bytes, with a doubled quote and a CRLF inside.
        let field = "\"0123\r\n456\"\"789abcdefghij\""
        #expect(field.utf8.count == 26)
        let text = "a," + field + ",b\r\n" + Self.after
        for run in Self.checkAllFeeds(text, limits: TokenizerLimits(maxFieldBytes: 8, maxRecordBytes: 64)) {
            let first = run.records[0]
            #expect(run.strings[0] == ["a", "0123\r\n4", "b"])
            #expect(first.flags[1].contains(.truncated))
            #expect(first.rawEvents.map(\.kind) == [.fieldTooLarge(byteCount: 26)])
            #expect((first.line, first.endLine) == (1, 2))
            #expect(run.strings.dropFirst() == [["x", "y\ny", "é"], ["z\"", "w"], ["last"]])
            #expect(run.lines == [1, 3, 5, 6])
        }
    }

    @Test func recordOverMaxRecordBytes() {
        // 6 fields of 5 bytes: the record keeps 12 bytes.
        let text = "aaaa,bbbb,cccc,dddd,eeee,ffff\nnext,\"o\nk\"\n"
        var rng = SplitMix64(seed: 4)
        for (feed, chunkSize) in [(Feed.append(maxPiece: 1), 1), (.refill(maxPiece: 3), 3), (.append(maxPiece: 4), 4)] {
            let limits = TokenizerLimits(chunkSize: chunkSize, maxFieldBytes: 8, maxRecordBytes: 12)
            Self.checkAgainstReference(Array(text.utf8), limits: limits, feed: feed, rng: &rng, context: "")
            let run = runTokenizer(Array(text.utf8), limits: limits, feed: feed, rng: &rng)
            let first = run.records[0]
            #expect(first.rawEvents.filter { $0.kind == .recordTooLarge }.count == 1)
            #expect(first.isTruncated)
            #expect(first.fieldCount == 6)
            #expect(run.strings[0].prefix(2) == ["aaaa", "bbbb"])
            #expect(run.records[0].fields.reduce(0) { $0 + $1.count } <= 12)
            #expect(run.strings[1] == ["next", "o\nk"])
            #expect(run.lines == [1, 2])
            #expect(run.records[1].endLine == 3)
            #expect(run.maxCapacity <= chunkSize + 12 + 8 + 64 + 8)
        }
    }

    @Test func moreFieldsThanMaxFieldsPerRecord() {
        let text = "1,2,3,4,5,6,7\na,b\n"
        for run in Self.checkAllFeeds(text, limits: TokenizerLimits(maxFieldsPerRecord: 3)) {
            let first = run.records[0]
            #expect(first.fieldCount == 7)
            #expect(first.storedFieldCount == 3)
            #expect(run.strings == [["1", "2", "3"], ["a", "b"]])
            #expect(first.rawEvents.map(\.kind) == [.tooManyFields])
            #expect(first.rawEvents.map(\.fieldIndex) == [3])
            #expect(first.events.map(\.column) == [7])
            #expect(!first.isTruncated)
        }
    }

    // MARK: Random files under small limits

    @Test(arguments: 0..<2)
    func randomFilesUnderSmallLimits(seed: UInt64) {
        var rng = SplitMix64(seed: 0x11A1_7000 + seed)
        for n in 0..<700 {
            let input = rng.chance(0.5) ? DifferentialTests.wellFormed(&rng).0 : DifferentialTests.garbage(&rng)
            let maxField = rng.int(1...8)
            let limits = TokenizerLimits(
                chunkSize: rng.int(1...7), maxFieldBytes: maxField, maxRecordBytes: maxField + rng.int(0...24),
                maxFieldsPerRecord: rng.int(1...5))
            let feed: Feed = rng.chance(0.5) ? .append(maxPiece: rng.int(1...9)) : .refill(maxPiece: rng.int(1...9))
            if !Self.checkAgainstReference(input, limits: limits, feed: feed, rng: &rng, context: "seed \(seed) case \(n)") { return }
        }
    }

    /// Wide records under field, record and field-count bounds they often exceed, read whole
    /// or in pieces: the vectorised path must give exactly what the byte-by-byte one gives
    /// (flags, events and truncation included), and both must agree with the reference.
    @Test(arguments: 0..<2)
    func wideRecordsUnderLimitsMatchTheByteByBytePath(seed: UInt64) {
        var rng = SplitMix64(seed: 0x71DE_1000 + seed)
        for n in 0..<150 {
            let input = DifferentialTests.wide(&rng)
            let maxField = rng.int(20...100)
            let limits = TokenizerLimits(
                chunkSize: rng.pick([1 << 20, 4096, 64, rng.int(1...200)]), maxFieldBytes: maxField,
                maxRecordBytes: maxField + rng.int(0...400), maxFieldsPerRecord: rng.int(1...16))
            let feed: Feed = rng.pick([.whole, .append(maxPiece: rng.int(1...300)), .refill(maxPiece: rng.int(1...300))])
            let context = "seed \(seed) case \(n)"
            guard Self.checkAgainstReference(input, limits: limits, feed: feed, rng: &rng, context: context) else { return }
            // The same pieces for both (buffer positions in the events depend on them).
            var pieces = rng
            let fast = runTokenizer(input, limits: limits, feed: feed, fastPath: true, rng: &pieces).records
            let slow = runTokenizer(input, limits: limits, feed: feed, fastPath: false, rng: &rng).records
            guard fast == slow else {
                let diff = zip(fast, slow).first { $0.0 != $0.1 }
                Issue.record("fast and byte-by-byte paths differ: \(context) \(feed) \(limits) \(diff.map { "\($0.0) vs \($0.1)" } ?? "counts \(fast.count) vs \(slow.count)")")
                return
            }
        }
    }

    // MARK: Memory

    @Test func bufferStaysBoundedForAHugeQuotedField() {
        let limits = TokenizerLimits(chunkSize: 64 << 10, maxFieldBytes: 1 << 20, maxRecordBytes: 2 << 20)
        let t = CSVTokenizer(limits: limits)
        var piece = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
        for i in stride(from: 100, to: piece.count, by: 1000) { piece[i] = UInt8(ascii: "\n") }
        t.append([UInt8(ascii: "a"), UInt8(ascii: ","), UInt8(ascii: "\"")])
        #expect(!t.nextRecord())
        var maxCapacity = 0
        let pieces = (50 << 20) / piece.count
        for _ in 0..<pieces {
            t.append(piece)
            #expect(!t.nextRecord())
            maxCapacity = max(maxCapacity, t.capacity)
        }
        t.append(Array("\",b\nnext\n".utf8))
        t.finishInput()
        #expect(t.nextRecord())
        let r = t.record
        #expect(r.fieldCount == 3)
        #expect(r.string(0) == "a" && r.string(2) == "b")
        #expect(r.value(1).count == (1 << 20) - 1)
        let fullSize = Int64(pieces * piece.count + 2)
        #expect(r.events.map(\.kind) == [.fieldTooLarge(byteCount: fullSize)])
        #expect(r.line == 1)
        let newlines = pieces * ((piece.count - 100 + 999) / 1000)
        #expect(r.endLine == 1 + newlines)
        #expect(t.nextRecord())
        #expect(t.record.string(0) == "next")
        #expect(t.record.line == 2 + newlines)
        #expect(!t.nextRecord())
        // The kept field prefix plus one chunk and some slack, not 50 MB.
        #expect(maxCapacity <= (1 << 20) + 2 * (64 << 10) + 256, "capacity grew to \(maxCapacity)")
        #expect(t.bytesRead == fullSize + 3 + 9 - 2)
    }

    // MARK: Regressions (bugs these tests found)

    struct Seen: Equatable {
        var line: Int, endLine: Int, values: [String], flags: [FieldFlags], events: [SyntaxEvent.Kind]
    }

    /// Appends exactly these pieces, draining records after each.
    static func feedPieces(_ pieces: [String], limits: TokenizerLimits) -> [Seen] {
        let t = CSVTokenizer(limits: limits)
        var seen: [Seen] = []
        func drain() {
            while t.nextRecord() {
                let r = t.record
                seen.append(Seen(
                    line: r.line, endLine: r.endLine, values: r.strings,
                    flags: (0..<r.storedFieldCount).map { r.span($0).flags }, events: r.events.map(\.kind)))
            }
        }
        for piece in pieces {
            t.append(Array(piece.utf8))
            drain()
        }
        t.finishInput()
        drain()
        return seen
    }

    /// A quoted CR followed by another byte, then the field's tail dropped: the stale "LF here
    /// continues a CRLF" mark was moved onto the position where the next byte lands, so a
    /// separate LF was merged into the CR and every later line number was one short.
    @Test func regressionStaleQuotedCRMarkSwallowsALaterLF() {
        let limits = TokenizerLimits(chunkSize: 8, maxFieldBytes: 2)
        let seen = Self.feedPieces(["\"abc\rd", "\ne\"\nz\n"], limits: limits)
        #expect(seen.map(\.line) == [1, 4])
        #expect(seen.map(\.endLine) == [3, 4])
        #expect(seen.map(\.values) == [["a"], ["z"]])
        // Same with the stale mark exactly at the kept end (CRLF, LF, then an LF lands there).
        let seen2 = Self.feedPieces(["\"\r", "\n\n", "\n\"\nx\n"], limits: TokenizerLimits(chunkSize: 2, maxFieldBytes: 2))
        #expect(seen2.map(\.line) == [1, 5])
        #expect(seen2.map(\.endLine) == [4, 5])
        #expect(seen2.map(\.values) == [["\r"], ["x"]])
    }

    /// Bytes of the field in progress dropped for the record bound were not flagged: `cc` and
    /// an empty `dddd` came out as exact values.
    @Test func regressionFieldCutByTheRecordBoundIsFlaggedTruncated() {
        let limits = TokenizerLimits(chunkSize: 1, maxFieldBytes: 8, maxRecordBytes: 12)
        let text = "aaaa,bbbb,cccc,dddd\nnext\n"
        let seen = Self.feedPieces(text.map { String($0) }, limits: limits)
        #expect(seen.map(\.values) == [["aaaa", "bbbb", "cc", ""], ["next"]])
        #expect(seen[0].flags.map { $0.contains(.truncated) } == [false, false, true, true])
        #expect(seen[0].events == [.recordTooLarge])
    }

    /// A field whose start was dropped with the record's tail: its fieldTooLarge size missed the
    /// dropped bytes (or the event was missing when the kept rest was small).
    @Test func regressionFieldTooLargeCountsBytesDroppedWithTheRecordTail() {
        let limits = TokenizerLimits(chunkSize: 2, maxFieldBytes: 3, maxRecordBytes: 3)
        for size in [1, 2, 3] {
            let text = "ab,cdefgh\nz\n"
            var pieces: [String] = []
            var rest = Substring(text)
            while !rest.isEmpty {
                pieces.append(String(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            let seen = Self.feedPieces(pieces, limits: limits)
            #expect(seen.map(\.values) == [["ab", ""], ["z"]], "pieces of \(size)")
            #expect(seen[0].events == [.recordTooLarge, .fieldTooLarge(byteCount: 6)], "pieces of \(size)")
            #expect(seen.map(\.line) == [1, 2])
        }
    }
}
