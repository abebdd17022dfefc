import CSIMDScan
import CSVTokenizer
import TestSupport
import Testing

/// The C loop behind the tokenizer's fast path (`enlint_scan_plain_records`): its quoted fields,
/// doubled quotes and CRLF pairs at every place around the 64-byte blocks it classifies, against
/// the reference; and its two builds (AVX2 and baseline) against each other, since only one of
/// them runs inside the tokenizer on a given machine.
@Suite struct PlainRecordKernelTests {
    /// Records whose tricky bytes slide across the block boundaries one position at a time: a
    /// quoted field closing in the next block, `""` split by a boundary, a CRLF split by one,
    /// a line break inside quotes, non-ASCII bytes before and after.
    @Test func trickyBytesAtEveryBlockPosition() {
        var rng = SplitMix64(seed: 0xB0DA)
        let tails = [
            "\"ab\"\"c\",x\r\n", "\"q\r\nr\",\"\"\"\"\n", "y,\"\"\r\n", "\"é,\"\"\n\",z\n", "a,b\r\nc\n", "\"x\"\"\"\r\n\"\"\n",
        ]
        for tail in tails {
            for pad in 0..<140 {
                let input = Array((String(repeating: "p", count: pad) + ",\(pad)\n" + tail + "k,\"é\"\r\n" + tail).utf8)
                if !DifferentialTests.check(input, seed: 0, caseNumber: pad, rng: &rng) { return }
            }
        }
    }

    /// More plain records than a batch holds (1024): records at the batch bound, with and without
    /// quotes, read whole and in chunks. (Kept small: the harness's per-field checks are slow in
    /// debug builds.)
    @Test func recordsAcrossBatchBounds() {
        var rng = SplitMix64(seed: 0xBA7C)
        var text = ""
        let wide = (0..<12).map(String.init).joined(separator: ",")
        for i in 0..<1100 {
            text += i % 7 == 0 ? "\(i),\"q\"\"\(i)\nline\",c\r\n" : (i % 50 == 0 ? "\(i),\(wide)\n" : "\(i)\n")
        }
        let input = Array(text.utf8)
        let expected = ReferenceTokenizer.tokenize(input).records
        for feed in [Feed.whole, .append(maxPiece: 5000)] {
            let run = runTokenizer(input, limits: TokenizerLimits(chunkSize: 4096), feed: feed, rng: &rng)
            #expect(run.records.map(\.reference) == expected, "\(feed)")
        }
    }

    struct Output: Equatable {
        var pos = 0, fieldsUsed = 0, entriesUsed = 0, lineStartsUsed = 0, crlfCount = 0
        var spans: [Int32] = []
        var entries: [Int64] = []
        var lineStarts: [Int32] = []
    }

    static func run(_ scanner: (UnsafeMutablePointer<enlint_plain_scan>) -> Void, _ input: [UInt8], pos: Int) -> Output {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: input.count + 64)
        buffer.initialize(repeating: 0xAA, count: input.count + 64)
        buffer.update(from: input, count: input.count)
        let fields = UnsafeMutablePointer<enlint_field_span>.allocate(capacity: 4096)
        fields.initialize(repeating: enlint_field_span(), count: 4096)
        let entries = UnsafeMutablePointer<enlint_record_entry>.allocate(capacity: 64)
        entries.initialize(repeating: enlint_record_entry(), count: 64)
        let lineStarts = UnsafeMutablePointer<Int32>.allocate(capacity: 8)
        defer {
            buffer.deallocate()
            fields.deallocate()
            entries.deallocate()
            lineStarts.deallocate()
        }
        var s = enlint_plain_scan()
        s.buffer = UnsafePointer(buffer)
        s.end = input.count
        s.delimiter = UInt8(ascii: ",")
        s.maxFieldBytes = 40
        s.maxFields = 12
        s.fields = UnsafeMutableRawPointer(fields)
        s.fieldRoom = 4096
        s.fieldLimit = 3000
        s.entries = UnsafeMutableRawPointer(entries)
        s.entryRoom = 64
        s.lineStarts = lineStarts
        s.lineStartRoom = 8
        s.line = 7
        s.firstField = 3
        s.firstLineStart = 2
        s.firstEvent = 5
        s.firstGap = 6
        s.pos = pos
        scanner(&s)
        var out = Output(
            pos: s.pos, fieldsUsed: s.fieldsUsed, entriesUsed: s.entriesUsed, lineStartsUsed: s.lineStartsUsed,
            crlfCount: s.crlfCount)
        for i in 0..<s.fieldsUsed { out.spans += [fields[i].start, fields[i].end, Int32(fields[i].flags)] }
        for i in 0..<s.entriesUsed {
            let e = entries[i]
            out.entries += [Int64(e.start), Int64(e.end), Int64(e.firstField), Int64(e.storedFields), e.line,
                            Int64(e.firstLineStart), Int64(e.firstEvent), Int64(e.firstGap), Int64(e.terminator),
                            Int64(e.isPlainASCII), Int64(e.hasUnstoredFields)]
        }
        for i in 0..<s.lineStartsUsed { out.lineStarts.append(lineStarts[i]) }
        return out
    }

    @Test func buildsAgree() {
        #if arch(x86_64)
        guard enlint_has_avx2_bmi() != 0 else { return }
        var rng = SplitMix64(seed: 0xC0DE)
        let pieces = ["a", "bc", "defgh", ",", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", "é", "\u{0}", "\"x,\ny\"", "\"\"\"\"", "0123456789"]
        for n in 0..<4000 {
            var text: [UInt8] = []
            for _ in 0..<rng.int(0...90) { text += Array(rng.pick(pieces).utf8) }
            let pos = rng.int(0...min(3, text.count))
            let baseline = Self.run({ enlint_scan_plain_records_baseline($0) }, text, pos: pos)
            let avx2 = Self.run({ enlint_scan_plain_records_avx2($0) }, text, pos: pos)
            guard baseline == avx2 else {
                Issue.record("case \(n): baseline \(baseline) avx2 \(avx2) input \(DifferentialTests.describe(text))")
                return
            }
        }
        #endif
    }
}
