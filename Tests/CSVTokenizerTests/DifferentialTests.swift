import CSVTokenizer
import TestSupport
import Testing

/// Random files, fed to the production tokenizer in random pieces, compared with
/// `ReferenceTokenizer` record by record (values, lines, byte offsets, terminators, events with
/// line and column). Seeds are fixed: a failure prints its seed, case number and input.
@Suite struct DifferentialTests {
    /// Text pieces, weighted towards the bytes that matter to the state machine.
    static let pieces: [String] = [
        "a", "b", "xy", " ", " ", ",", ",", "\"", "\"", "\r", "\n", "\r\n", "é", "€", "😀",
    ]
    static let garbagePieces: [String] = pieces + ["\"\"", "\",", ",\"", "\"\r", "\u{FEFF}", "\r\r"]

    /// A well-formed file: records of fields, quoted when needed (or at random), with LF, CRLF or
    /// CR chosen per record (and inside quotes), with or without a final terminator and a BOM.
    /// Returns the bytes and the records it was built from.
    static func wellFormed(_ rng: inout SplitMix64) -> ([UInt8], [[String]]) {
        var out = rng.chance(0.2) ? "\u{FEFF}" : ""
        var records: [[String]] = []
        let recordCount = rng.int(0...6)
        let finalTerminator = rng.chance(0.5)
        var previousTerminator = ""
        for r in 0..<recordCount {
            let fieldCount = rng.int(1...4)
            var fields: [String] = []
            var texts: [String] = []
            for _ in 0..<fieldCount {
                var value = ""
                for _ in 0..<rng.int(0...5) { value += rng.pick(pieces) }
                fields.append(value)
                let special = value.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
                var quoted = special || rng.chance(0.25)
                // A lone empty field after a CR (it would read as CRLF) or at the very end (a
                // final "empty line" without terminator is no record) must be quoted to survive.
                let last = r == recordCount - 1
                if fieldCount == 1 && value.isEmpty && (previousTerminator == "\r" || (last && !finalTerminator)) {
                    quoted = true
                }
                // A value starting with a quote must be quoted, or the quote would open one.
                if value.hasPrefix("\"") { quoted = true }
                texts.append(quoted ? "\"" + value.replacing("\"", with: "\"\"") + "\"" : value)
            }
            records.append(fields)
            out += texts.joined(separator: ",")
            previousTerminator = rng.pick(["\n", "\r\n", "\r"])
            if r < recordCount - 1 || finalTerminator { out += previousTerminator }
        }
        return (Array(out.utf8), records)
    }

    /// Random text from the tricky alphabet: mostly invalid CSV, to exercise recovery.
    static func garbage(_ rng: inout SplitMix64) -> [UInt8] {
        var out = rng.chance(0.2) ? "\u{FEFF}" : ""
        for _ in 0..<rng.int(0...40) { out += rng.pick(garbagePieces) }
        return Array(out.utf8)
    }

    /// Wide records of long fields, so that fields, records, quotes and CRLF pairs fall on
    /// every position of the 64-byte blocks the fast path classifies: mostly plain text, with
    /// non-ASCII and NUL bytes, quoted fields (with `""` and line breaks) and the odd quoting
    /// problem or lone CR.
    static func wide(_ rng: inout SplitMix64) -> [UInt8] {
        // Insertions go between characters, never inside a multi-byte one.
        func boundary(_ v: [UInt8]) -> Int {
            rng.pick((0...v.count).filter { $0 == v.count || v[$0] & 0xC0 != 0x80 })
        }
        var out: [UInt8] = []
        for _ in 0..<rng.int(1...12) {
            for f in 0..<rng.int(1...14) {
                if f > 0 { out.append(0x2C) }
                var value: [UInt8] = Array(repeating: UInt8(ascii: "a") + UInt8(f % 26), count: rng.int(0...70))
                if rng.chance(0.1) { value.insert(contentsOf: Array(rng.pick(["é", "€", "😀"]).utf8), at: boundary(value)) }
                if rng.chance(0.03) { value.insert(0, at: boundary(value)) }
                if rng.chance(0.15) {
                    if rng.chance(0.5) { value.insert(contentsOf: Array("\"\"".utf8), at: boundary(value)) }
                    if rng.chance(0.2) { value.insert(contentsOf: Array(rng.pick(["\n", "\r\n", "\r", "\r\r\n", "\n\r", ","]).utf8), at: boundary(value)) }
                    value = [0x22] + value + [0x22]
                    if rng.chance(0.05) { value.append(UInt8(ascii: "x")) }
                } else if rng.chance(0.02) {
                    value.insert(0x22, at: boundary(value))
                }
                out += value
            }
            out += Array(rng.pick(["\n", "\n", "\r\n", "\r\n", "\r"]).utf8)
        }
        if rng.chance(0.5) { out.removeLast() }
        return out
    }

    static func randomLimits(_ rng: inout SplitMix64) -> TokenizerLimits {
        TokenizerLimits(chunkSize: rng.pick([1, 1, 2, 3, 4, 5, 6, 7, 16, 4096]))
    }

    static func describe(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).debugDescription
    }

    /// Runs one input through several feeding modes and compares each with the reference.
    /// Returns false on the first mismatch (so that a broken build does not print thousands).
    static func check(_ input: [UInt8], seed: UInt64, caseNumber: Int, rng: inout SplitMix64) -> Bool {
        let expected = ReferenceTokenizer.tokenize(input)
        // The vectorised path in three feeding modes, and the byte-by-byte path once: both must
        // give the reference's records and events.
        let feeds: [(Feed, fastPath: Bool)] = [
            (.append(maxPiece: rng.int(1...9)), true), (.refill(maxPiece: rng.int(1...9)), true),
            (rng.chance(0.5) ? .whole : .append(maxPiece: 64), true), (.append(maxPiece: rng.int(1...64)), false),
        ]
        for (feed, fastPath) in feeds {
            let limits = randomLimits(&rng)
            let run = runTokenizer(input, limits: limits, feed: feed, fastPath: fastPath, rng: &rng)
            let got = run.records.map(\.reference)
            let context = "seed \(seed) case \(caseNumber) \(feed) fast path \(fastPath) chunkSize \(limits.chunkSize) input \(describe(input))"
            guard run.tokenizer.hasBOM == expected.hasBOM, got == expected.records else {
                Issue.record("differs from the reference: \(context)")
                let diff = zip(got, expected.records).first { $0.0 != $0.1 }
                if let (g, e) = diff {
                    Issue.record("first difference:\n  got      \(g)\n  expected \(e)\n  \(Self.whatDiffers(g, e))")
                } else {
                    Issue.record("record counts: got \(got.count), expected \(expected.records.count); hasBOM \(run.tokenizer.hasBOM) vs \(expected.hasBOM)")
                }
                return false
            }
        }
        return true
    }

    /// Which members of two records differ, briefly: long records are hard to compare by eye.
    static func whatDiffers(_ g: ReferenceTokenizer.Record, _ e: ReferenceTokenizer.Record) -> String {
        var out: [String] = []
        if (g.line, g.endLine, g.byteOffset) != (e.line, e.endLine, e.byteOffset) {
            out.append("place \(g.line)-\(g.endLine)@\(g.byteOffset) vs \(e.line)-\(e.endLine)@\(e.byteOffset)")
        }
        if g.terminator != e.terminator { out.append("terminator \(String(describing: g.terminator)) vs \(String(describing: e.terminator))") }
        if g.fields.count != e.fields.count { out.append("field count \(g.fields.count) vs \(e.fields.count)") }
        for (i, (a, b)) in zip(g.fields, e.fields).enumerated() where a != b {
            out.append("field \(i): \(describe(a)) vs \(describe(b))")
        }
        if g.fieldPlaces != e.fieldPlaces { out.append("places \(g.fieldPlaces) vs \(e.fieldPlaces)") }
        if g.events != e.events { out.append("events \(g.events) vs \(e.events)") }
        return out.joined(separator: "; ")
    }

    @Test(arguments: 0..<4)
    func wellFormedFilesMatchTheReference(seed: UInt64) {
        var rng = SplitMix64(seed: 0xC5F_0000 + seed)
        for n in 0..<400 {
            let (input, intended) = Self.wellFormed(&rng)
            // The reference itself must read back what the generator wrote.
            let reference = ReferenceTokenizer.tokenize(input)
            let read = reference.records.map { $0.fields.map { String(decoding: $0, as: UTF8.self) } }
            #expect(read == intended, "reference disagrees with the generator: \(Self.describe(input))")
            #expect(reference.records.allSatisfy { $0.events.isEmpty }, "\(Self.describe(input))")
            if !Self.check(input, seed: seed, caseNumber: n, rng: &rng) { return }
        }
    }

    @Test(arguments: 0..<4)
    func wideRecordsMatchTheReference(seed: UInt64) {
        var rng = SplitMix64(seed: 0x71DE_0000 + seed)
        for n in 0..<150 {
            let input = Self.wide(&rng)
            if !Self.check(input, seed: seed, caseNumber: n, rng: &rng) { return }
        }
    }

    @Test(arguments: 0..<4)
    func garbageMatchesTheReference(seed: UInt64) {
        var rng = SplitMix64(seed: 0x6A4B_0000 + seed)
        for n in 0..<400 {
            let input = Self.garbage(&rng)
            if !Self.check(input, seed: seed, caseNumber: n, rng: &rng) { return }
        }
    }
}
