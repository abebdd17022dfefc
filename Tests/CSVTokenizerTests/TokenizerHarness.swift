@testable import CSVTokenizer
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// How the production tokenizer is fed.
enum Feed: CustomStringConvertible {
    /// `append` with random pieces of 1...maxPiece bytes, draining records after each.
    case append(maxPiece: Int)
    /// `refill` whose closure hands out random pieces of 1...maxPiece bytes (capped by the space).
    case refill(maxPiece: Int)
    /// Everything appended at once, then drained.
    case whole
    /// From a temporary file through `FileInput`, mapping windows of `windowPages` pages, or
    /// (nil) reading it whole chunks at a time with read(2) only.
    case file(windowPages: Int?)

    var description: String {
        switch self {
        case .append(let m): "append(≤\(m))"
        case .refill(let m): "refill(≤\(m))"
        case .whole: "whole"
        case .file(let pages?): "mapped file(\(pages) pages)"
        case .file(nil): "read file"
        }
    }
}

/// Writes `bytes` to a new temporary file and opens it for reading; the file is unlinked at once
/// (the descriptor keeps it).
func temporaryFile(_ bytes: [UInt8]) -> Int32 {
    var template = Array("/tmp/enlint-tokenizer-test-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    precondition(fd >= 0, "mkstemp failed")
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    bytes.withUnsafeBytes { raw in
        var done = 0
        while done < raw.count {
            let n = write(fd, raw.baseAddress! + done, raw.count - done)
            precondition(n > 0, "write failed")
            done += n
        }
    }
    lseek(fd, 0, SEEK_SET)
    return fd
}

/// What one production record looked like, copied out of the tokenizer.
struct Observed: Equatable {
    var line: Int
    var endLine: Int
    var byteOffset: Int
    var fields: [[UInt8]]
    var fieldPlaces: [ReferenceTokenizer.Place]
    var terminator: LineTerminator?
    var events: [ReferenceTokenizer.Event]
    var rawEvents: [SyntaxEvent]
    var fieldCount: Int
    var storedFieldCount: Int
    var isTruncated: Bool
    var flags: [FieldFlags]
    /// The column of the record's end (its last kept byte's end: after a cut, kept bytes count).
    var endColumn: Int

    /// The record in the reference's terms (raw sizes left out: the reference has them).
    var reference: ReferenceTokenizer.Record {
        ReferenceTokenizer.Record(
            line: line, endLine: endLine, byteOffset: byteOffset, fields: fields, fieldPlaces: fieldPlaces,
            terminator: terminator, events: events)
    }
}

struct Run {
    var records: [Observed]
    var tokenizer: CSVTokenizer
    /// Largest buffer capacity seen while feeding.
    var maxCapacity: Int
    /// What fed a `.file` run (kept: its window may still be lent to the tokenizer).
    var fileInput: FileInput?
}

/// Feeds `input` to a fresh tokenizer and collects every record, checking the invariants that
/// hold whatever the input: record numbers count up, lines never go backwards (and a record
/// starts on the line after the previous terminator), `bytesRead` is the input size and the
/// terminator counts add up.
func runTokenizer(
    _ input: [UInt8], limits: TokenizerLimits = .default, feed: Feed, fastPath: Bool = true, rng: inout SplitMix64,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Run {
    let t = CSVTokenizer(limits: limits, fastPath: fastPath)
    var fileInput: FileInput?
    var records: [Observed] = []
    var maxCapacity = t.capacity
    var previous: Observed?
    // Records come one at a time or a batch at a time, at random, so that both ways of reading
    // (and their mixing) are checked against the same expectations.
    func drain() {
        while true {
            if rng.chance(0.5) {
                guard t.nextRecord() else { break }
                observe(t.record)
            } else {
                guard let batch = t.nextBatch() else { break }
                #expect(!batch.isEmpty, sourceLocation: sourceLocation)
                for i in 0..<batch.count { observe(batch[i]) }
            }
        }
        maxCapacity = max(maxCapacity, t.capacity)
    }
    func observe(_ r: CSVRecord) {
        var fields: [[UInt8]] = []
        var flags: [FieldFlags] = []
        var places: [ReferenceTokenizer.Place] = []
        for i in 0..<r.storedFieldCount {
            fields.append(Array(r.value(i)))
            flags.append(r.span(i).flags)
            let l = r.location(of: r.position(ofField: i))
            places.append(ReferenceTokenizer.Place(line: l.line, column: l.column, byteOffset: Int(l.byteOffset)))
        }
        let events = r.events.map { e -> ReferenceTokenizer.Event in
            let l = r.location(of: e.position)
            return ReferenceTokenizer.Event(kind: e.kind, line: l.line, column: l.column, byteOffset: Int(l.byteOffset))
        }
        checkFastFacts(r, fastPath: fastPath, sourceLocation: sourceLocation)
        let o = Observed(
            line: r.line, endLine: r.endLine, byteOffset: Int(r.byteOffset), fields: fields,
            fieldPlaces: places, terminator: r.terminator, events: events, rawEvents: r.events, fieldCount: r.fieldCount,
            storedFieldCount: r.storedFieldCount, isTruncated: r.isTruncated, flags: flags,
            endColumn: r.location(of: r.startPosition + Int32(r.rawBytes.count)).column)
        #expect(r.number == records.count + 1, sourceLocation: sourceLocation)
        #expect(o.endLine >= o.line, sourceLocation: sourceLocation)
        if let p = previous {
            #expect(p.terminator != nil, "a record after an unterminated one", sourceLocation: sourceLocation)
            #expect(o.line == p.endLine + 1, "lines go backwards or skip", sourceLocation: sourceLocation)
        } else {
            #expect(o.line == 1, sourceLocation: sourceLocation)
        }
        previous = o
        records.append(o)
    }

    switch feed {
    case .whole:
        t.append(input)
        drain()
        t.finishInput()
        drain()
    case .append(let maxPiece):
        var i = 0
        while i < input.count {
            let k = min(rng.int(1...maxPiece), input.count - i)
            t.append(Array(input[i..<i + k]))
            drain()
            i += k
        }
        t.finishInput()
        drain()
    case .refill(let maxPiece):
        var i = 0
        while true {
            drain()
            if t.isInputFinished { break }
            t.refill { space in
                let k = min(rng.int(1...maxPiece), space.count, input.count - i)
                if k > 0 {
                    input.withUnsafeBytes { src in
                        space.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[i..<i + k]))
                    }
                }
                i += k
                return k
            }
        }
    case .file(let pages):
        let fd = temporaryFile(input)
        defer { close(fd) }
        let file = FileInput(
            fileDescriptor: fd, limit: .max, chunkSize: limits.chunkSize, mapping: pages != nil,
            windowSize: (pages ?? 1) * Int(sysconf(Int32(_SC_PAGESIZE))))
        fileInput = file
        while true {
            drain()
            if t.isInputFinished { break }
            do { _ = try file.feed(t) } catch { Issue.record("read failed: \(error)", sourceLocation: sourceLocation); break }
        }
    }
    // Nothing more comes out once the input is exhausted.
    #expect(!t.nextRecord(), sourceLocation: sourceLocation)
    #expect(t.recordCount == records.count, sourceLocation: sourceLocation)
    #expect(t.bytesRead == Int64(input.count), sourceLocation: sourceLocation)
    let c = t.terminatorCounts
    #expect(c.lf == records.count(where: { $0.terminator == .lf }), sourceLocation: sourceLocation)
    #expect(c.crlf == records.count(where: { $0.terminator == .crlf }), sourceLocation: sourceLocation)
    #expect(c.cr == records.count(where: { $0.terminator == .cr }), sourceLocation: sourceLocation)
    return Run(records: records, tokenizer: t, maxCapacity: maxCapacity, fileInput: fileInput)
}

/// What the vectorised scan tells about a record beyond its fields must be true whatever the
/// input: a record marked plain ASCII has only bytes 0x01...0x7F (the byte-by-byte path marks
/// none).
func checkFastFacts(_ r: CSVRecord, fastPath: Bool, sourceLocation: SourceLocation) {
    if r.isKnownPlainASCII {
        #expect(fastPath, "the byte-by-byte path marked a record plain", sourceLocation: sourceLocation)
        #expect(r.rawBytes.allSatisfy { $0 != 0 && $0 < 0x80 }, "marked plain ASCII: \(Array(r.rawBytes))", sourceLocation: sourceLocation)
    }
}

/// Convenience for hand-written cases.
func tokenize(
    _ text: String, limits: TokenizerLimits = .default, feed: Feed = .whole,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Run {
    var rng = SplitMix64(seed: 1)
    return runTokenizer(Array(text.utf8), limits: limits, feed: feed, rng: &rng, sourceLocation: sourceLocation)
}

extension Run {
    var strings: [[String]] { records.map { $0.fields.map { String(decoding: $0, as: UTF8.self) } } }
    var lines: [Int] { records.map(\.line) }
}
