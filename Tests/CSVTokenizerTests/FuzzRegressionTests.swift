@testable import CSVTokenizer
import Testing

/// Inputs the libFuzzer target (Fuzz/Tokenizer) found, reduced to what they show. Both were
/// bookkeeping that grew with the input while the bytes themselves stayed bounded.
@Suite struct FuzzRegressionTests {
    static let small = TokenizerLimits(chunkSize: 8, maxFieldBytes: 16, maxRecordBytes: 64, maxFieldsPerRecord: 4)

    /// Appends `input` in pieces of `piece` bytes, draining after each; `observe` sees the
    /// tokenizer after every piece, and the records are returned as (line, endLine, values).
    static func tokenize(
        _ input: [UInt8], limits: TokenizerLimits, piece: Int, observe: (CSVTokenizer) -> Void = { _ in }
    ) -> [(line: Int, endLine: Int, values: [String], events: [SyntaxEvent.Kind])] {
        let t = CSVTokenizer(limits: limits)
        var records: [(line: Int, endLine: Int, values: [String], events: [SyntaxEvent.Kind])] = []
        func drain() {
            while t.nextRecord() {
                let r = t.record
                records.append((r.line, r.endLine, r.strings, r.events.map(\.kind)))
            }
            observe(t)
        }
        var rest = input[...]
        while !rest.isEmpty {
            t.append(Array(rest.prefix(piece)))
            rest = rest.dropFirst(piece)
            drain()
        }
        t.finishInput()
        drain()
        return records
    }

    /// A quoted value with 10,000 line breaks, far over the record bound: one line start per
    /// break was kept (so an unclosed quote near the top of a big file grew memory per line).
    /// Now the dropped ones are merged, and lines are still counted exactly.
    @Test func lineStartsInDroppedBytesAreMergedNotKept() {
        let breaks = 10_000
        let input = Array(("a,\"" + String(repeating: "x\n", count: breaks) + "\"\nnext,1\n").utf8)
        var mostLineStarts = 0
        let records = Self.tokenize(input, limits: Self.small, piece: 8) { mostLineStarts = max(mostLineStarts, $0.lineStarts.count) }
        #expect(mostLineStarts <= Self.small.maxRecordBytes + Self.small.chunkSize)
        #expect(records.count == 2)
        #expect(records[0].line == 1 && records[0].endLine == 1 + breaks)
        #expect(records[1].line == 2 + breaks && records[1].values == ["next", "1"])
    }

    /// A position after merged line starts is on the line after all of them.
    @Test func locationAfterMergedLineStartsCountsEveryLine() {
        let input = Array(("\"" + String(repeating: "\n", count: 200) + "end\"" + String(repeating: ",z", count: 3) + "\n").utf8)
        let t = CSVTokenizer(limits: TokenizerLimits(chunkSize: 8, maxFieldBytes: 16, maxRecordBytes: 64, maxFieldsPerRecord: 8))
        var rest = input[...]
        var located: SourcePosition?
        while located == nil {
            if rest.isEmpty { t.finishInput() } else { t.append(Array(rest.prefix(8))); rest = rest.dropFirst(8) }
            if t.nextRecord() { located = t.record.location(of: t.record.position(ofField: 3)) }
        }
        #expect(located?.line == 201)
        #expect(t.record.endLine == 201)
    }

    /// A row of 10,000 fields each holding a stray quote, with 4 fields kept: each field's event
    /// was kept, so memory grew with the row. Fields past the bound report nothing now.
    @Test func fieldsPastTheBoundKeepNoEvents() {
        let row = Array((String(repeating: "a\"b,", count: 10_000) + "c\n").utf8)
        let records = Self.tokenize(row, limits: Self.small, piece: 8)
        #expect(records.count == 1)
        #expect(records[0].events == [
            .quoteInUnquotedField, .quoteInUnquotedField, .quoteInUnquotedField, .quoteInUnquotedField, .tooManyFields,
            .recordTooLarge,
        ])
    }
}
