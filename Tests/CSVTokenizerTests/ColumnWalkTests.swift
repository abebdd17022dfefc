import CSVTokenizer
import TestSupport
import Testing

/// `RecordBatch.allValues(inColumn:)` reads the tokenizer's arrays directly: it must hand
/// `passes` exactly the values `CSVRecord.value` gives, in record order, skip what it says it
/// skips, and answer false at the first value that needs decoding or fails.
@Suite struct ColumnWalkTests {
    /// What the walk should see for `column`, from the record views: the values in order, or nil
    /// when a value needing decoding comes first (the walk then answers false).
    static func expectedValues(_ batch: RecordBatch, column: Int, blankLinesPass: Bool) -> [[UInt8]]? {
        var values: [[UInt8]] = []
        for i in 0..<batch.count {
            let record = batch[i]
            guard column < record.storedFieldCount else { continue }
            if record.span(column).flags.contains(.needsUnescape) { return nil }
            if blankLinesPass && record.isBlankLine { continue }
            values.append(Array(record.value(column)))
        }
        return values
    }

    @Test func walkSeesTheValuesTheRecordsGive() {
        var rng = SplitMix64(seed: 0xC01_0000)
        var batchesChecked = 0
        var stoppedEarly = 0
        var uniformBatches = 0
        for caseNumber in 0..<400 {
            // Rows of 0-4 fields: plain, quoted, with doubled quotes, blank lines, short rows;
            // in half the cases every row has the same number (the walk's strided path), which
            // may be 1 (blank lines are one field too).
            let width = rng.int(0...1) == 1 ? rng.int(1...4) : nil
            var text = ""
            for _ in 0..<rng.int(1...60) {
                let fields = (0..<(width ?? rng.int(0...4))).map { _ in
                    rng.pick(["", "a", "2024-01-02", "\"q\"", "\"x\"\"y\"", "\"\"", "é", "\"a,b\"", "\"l\nm\"", " "])
                }
                text += fields.joined(separator: ",") + rng.pick(["\n", "\r\n"])
            }
            // A bound of 3 stored fields makes some 4-field rows count fields they do not store.
            let tokenizer = CSVTokenizer(
                limits: TokenizerLimits(chunkSize: rng.pick([7, 64, 4096]), maxFieldsPerRecord: rng.pick([3, 1 << 18])))
            let bytes = Array(text.utf8)
            var offset = 0
            while true {
                while let batch = tokenizer.nextBatch() {
                    Self.expectShape(of: batch, caseNumber: caseNumber)
                    Self.expectShapeHolds(in: batch.dropFirst(1), caseNumber: caseNumber)
                    if batch.uniformFieldCount != nil { uniformBatches += 1 }
                    for column in 0..<5 {
                        for blankLinesPass in [false, true] {
                            let expected = Self.expectedValues(batch, column: column, blankLinesPass: blankLinesPass)
                            var seen: [[UInt8]] = []
                            let all = batch.allValues(inColumn: column, blankLinesPass: blankLinesPass) {
                                seen.append(Array($0))
                                return true
                            }
                            if let expected {
                                #expect(all && seen == expected, "case \(caseNumber), column \(column)")
                            } else {
                                #expect(!all, "case \(caseNumber), column \(column): a value needing decoding must stop the walk")
                                stoppedEarly += 1
                            }
                            // A failing test stops the walk at the first value it sees.
                            var calls = 0
                            let none = batch.allValues(inColumn: column, blankLinesPass: blankLinesPass) { _ in
                                calls += 1
                                return false
                            }
                            #expect(none == (expected?.isEmpty ?? false) && calls <= 1)
                        }
                    }
                    batchesChecked += 1
                }
                if tokenizer.isInputFinished { break }
                if offset == bytes.count {
                    tokenizer.finishInput()
                    continue
                }
                let n = min(bytes.count - offset, rng.int(1...300))
                bytes[offset..<offset + n].withUnsafeBytes { tokenizer.append($0) }
                offset += n
            }
        }
        #expect(batchesChecked > 400)
        #expect(stoppedEarly > 50)
        #expect(uniformBatches > 150)
    }

    /// A part of a batch keeps the batch's facts: what they say still holds of its records.
    static func expectShapeHolds(in part: RecordBatch, caseNumber: Int) {
        let records = (0..<part.count).map { part[$0] }
        let fewest = part.fewestFields
        let noneHasFewer = records.allSatisfy { $0.fieldCount >= fewest }
        #expect(noneHasFewer, "case \(caseNumber)")
        if let width = part.uniformFieldCount {
            let allHaveWidth = records.allSatisfy { $0.fieldCount == width && $0.storedFieldCount == width }
            #expect(allHaveWidth, "case \(caseNumber)")
        }
        let allPlain = records.allSatisfy(\.isKnownPlainASCII)
        #expect(!part.isKnownPlainASCII || allPlain, "case \(caseNumber)")
    }

    /// The facts of a batch as handed out are exact: they agree with its record views.
    static func expectShape(of batch: RecordBatch, caseNumber: Int) {
        let records = (0..<batch.count).map { batch[$0] }
        let counts = records.map(\.fieldCount)
        #expect(batch.fewestFields == counts.min() ?? .max, "case \(caseNumber)")
        let allStored = records.allSatisfy { $0.storedFieldCount == $0.fieldCount }
        let uniform = Set(counts).count == 1 && allStored ? counts[0] : nil
        #expect(batch.uniformFieldCount == uniform, "case \(caseNumber)")
        // A batch of one width lays its spans out back to back: `spans(inColumn:)` reaches each.
        for column in 0..<5 {
            guard let (first, stride) = batch.spans(inColumn: column) else {
                #expect(uniform == nil || column >= uniform! || records.isEmpty, "case \(caseNumber)")
                continue
            }
            #expect(stride == uniform, "case \(caseNumber)")
            let strided = records.indices.map { first[$0 * stride] }
            #expect(strided == records.map { $0.span(column) }, "case \(caseNumber), column \(column)")
        }
        #expect(batch.isKnownPlainASCII == records.allSatisfy(\.isKnownPlainASCII), "case \(caseNumber)")
    }
}
