#if canImport(Glibc)
import Glibc
#endif

/// The mapped-window path (`FileInput`): the input, repeated so that the file spans several
/// windows even at -max_len=4096 and cut to an input-chosen length (so that its end falls
/// anywhere in a page, also within 64 bytes of the page's end), is written to a file and fed
/// through windows of 2-4 pages with an input-chosen chunk size and limits. Checks the same
/// invariants as the other modes, and that the records equal those of `append` feeding the
/// same bytes with the same bounds, unless the record bound cut a record in either (the mapped
/// path does not apply `maxRecordBytes` inside a window: see `LintOptions.mapsFiles`).
func fuzzMappedFile(_ input: UnsafeBufferPointer<UInt8>, config: inout ConfigBytes) {
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let windowBytes = config.next(in: 2...4) * page
    let chunkSize = config.next(in: 1...64) * config.next(in: 1...64)
    let limits: TokenizerLimits
    switch config.next(in: 0...2) {
    case 0:
        // The bounds of the other modes: cuts everywhere, in the read(2) parts.
        let maxFieldBytes = config.next(in: 1...40)
        limits = TokenizerLimits(chunkSize: chunkSize, maxFieldBytes: maxFieldBytes,
                                 maxRecordBytes: maxFieldBytes + config.next(in: 0...120),
                                 maxFieldsPerRecord: config.next(in: 1...12))
    case 1:
        // Bounds about a window's size: records longer than a window, cut or not.
        let maxFieldBytes = config.next(in: 1...64) * 128
        limits = TokenizerLimits(chunkSize: chunkSize, maxFieldBytes: maxFieldBytes,
                                 maxRecordBytes: maxFieldBytes + config.next(in: 0...64) * 256,
                                 maxFieldsPerRecord: config.next(in: 1...64))
    default:
        limits = TokenizerLimits(chunkSize: chunkSize)
    }
    let targetBytes = config.next(in: 0...11) * page
    let trim = config.next(in: 0...255)
    // Now and then a byte bound (`--max-bytes`) below the file's size.
    let boundCut = config.next(in: 0...7) == 7 ? config.next(in: 1...4096) : 0

    var file: [UInt8] = []
    if !input.isEmpty {
        let repeats = max(1, (targetBytes + input.count - 1) / input.count)
        file.reserveCapacity(repeats * input.count)
        for _ in 0..<repeats { file.append(contentsOf: input) }
        file.removeLast(min(trim, file.count - 1))
    }
    let limit = boundCut > 0 ? max(0, file.count - boundCut) : Int.max
    let fed = file.prefix(limit)

    let fd = ScratchFile.shared.rewrite(with: file)
    let mapped = CSVTokenizer(limits: limits)
    let fileInput = FileInput(fileDescriptor: fd, limit: Int64(limit), chunkSize: chunkSize, windowSize: windowBytes)
    var mappedCut = false
    let mappedRecords = fed.withUnsafeBufferPointer { bytes in
        var checker = RecordChecker(input: bytes, limits: limits, windowBytes: windowBytes, locatedFieldsPerRecord: 4)
        var summaries: [RecordSummary] = []
        func drain() {
            while mapped.nextRecord() {
                checker.check(mapped.record, tokenizer: mapped)
                if mapped.record.isCutByRecordBound { mappedCut = true }
                summaries.append(RecordSummary(mapped.record))
            }
            checker.checkBuffer(of: mapped)
        }
        while true {
            drain()
            if mapped.isInputFinished { break }
            do { _ = try fileInput.feed(mapped) } catch { require(false, "FileInput.feed threw \(error)") }
        }
        checker.checkEnd(of: mapped)
        return summaries
    }
    // Stayed mapped until the last record was read.
    withExtendedLifetime(fileInput) {}

    // Chunks of at least a page for the reference: the records do not depend on the chunk size,
    // and a record open across many tiny appends regrows the buffer by a chunk each time.
    var referenceLimits = limits
    referenceLimits.chunkSize = max(chunkSize, page)
    let (appended, appendedRecords, appendedCut) = appendFeeding(Array(fed), limits: referenceLimits)
    // The record bound applies when bytes are moved, which happens at different places in the
    // two runs (even between read(2) and append: a last read that finds no more bytes moves
    // the open record, a last append does not).
    guard !mappedCut && !appendedCut else { return }
    require(mapped.hasBOM == appended.hasBOM, "BOM \(mapped.hasBOM) mapped, \(appended.hasBOM) appended")
    require(mappedRecords.count == appendedRecords.count,
            "\(mappedRecords.count) records mapped, \(appendedRecords.count) appended (window \(windowBytes), chunk \(chunkSize), file \(file.count), bound \(limit))")
    for (i, (m, a)) in zip(mappedRecords, appendedRecords).enumerated() where m != a {
        require(false, "record \(i + 1) differs: mapped \(m), appended \(a) (window \(windowBytes), chunk \(chunkSize), file \(file.count))")
    }
    require(mapped.terminatorCounts == appended.terminatorCounts, "terminator counts \(mapped.terminatorCounts) mapped, \(appended.terminatorCounts) appended")
    require(mapped.line == appended.line, "ended on line \(mapped.line) mapped, \(appended.line) appended")
}

/// Feeds `bytes` by `append`, a chunk at a time, and returns the tokenizer, its records, and
/// whether the record bound cut any (a record with dropped bytes, or reported too large).
func appendFeeding(_ bytes: [UInt8], limits: TokenizerLimits) -> (CSVTokenizer, [RecordSummary], cut: Bool) {
    let tokenizer = CSVTokenizer(limits: limits)
    var records: [RecordSummary] = []
    var cut = false
    func drain() {
        while tokenizer.nextRecord() {
            let record = tokenizer.record
            if record.isCutByRecordBound { cut = true }
            records.append(RecordSummary(record))
        }
    }
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            drain()
            let n = min(limits.chunkSize, raw.count - offset)
            tokenizer.append(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + n)]))
            offset += n
        }
    }
    drain()
    tokenizer.finishInput()
    drain()
    return (tokenizer, records, cut)
}

extension CSVRecord {
    /// Bytes of the record were dropped, or it was reported too large (its later fields cut).
    var isCutByRecordBound: Bool { isTruncated || events.contains { $0.kind == .recordTooLarge } }
}

/// What one record says, copied out of the tokenizer, with positions relative to the record's
/// start (buffer positions differ between a window and the own buffer). Not whether it is
/// known plain ASCII: the C loop takes a record whole or not at all, and where chunks end
/// decides that.
struct RecordSummary: Equatable, CustomStringConvertible {
    struct Field: Equatable {
        var start: Int32, end: Int32, flags: UInt8, value: [UInt8]
    }
    struct Event: Equatable {
        var kind: SyntaxEvent.Kind, position: Int32, fieldIndex: Int
    }
    var number: Int, line: Int, endLine: Int, byteOffset: Int64
    var raw: [UInt8]
    var terminator: LineTerminator?
    var fieldCount: Int
    var fields: [Field]
    var events: [Event]

    init(_ record: CSVRecord) {
        let base = record.startPosition
        number = record.number
        line = record.line
        endLine = record.endLine
        byteOffset = record.byteOffset
        raw = Array(record.rawBytes)
        terminator = record.terminator
        fieldCount = record.fieldCount
        fields = (0..<record.storedFieldCount).map { i in
            let span = record.span(i)
            return Field(start: span.start - base, end: span.end - base, flags: span.flags.rawValue, value: Array(record.value(i)))
        }
        events = record.events.map { Event(kind: $0.kind, position: $0.position - base, fieldIndex: $0.fieldIndex) }
    }

    var description: String {
        "#\(number) line \(line)-\(endLine) at \(byteOffset), \(raw.count) bytes, \(fieldCount) fields, terminator \(String(describing: terminator)), events \(events.map { "\($0.kind)@\($0.position)/\($0.fieldIndex)" })"
    }
}

/// One unlinked file per process, rewritten for each input: cheaper than creating one each time.
final class ScratchFile {
    nonisolated(unsafe) static let shared = ScratchFile()
    let fd: Int32

    init() {
        var template = Array("/dev/shm/enlint-fuzz-XXXXXX".utf8CString)
        var fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 {
            template = Array("/tmp/enlint-fuzz-XXXXXX".utf8CString)
            fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        }
        require(fd >= 0, "mkstemp failed: errno \(errno)")
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    /// Makes the file hold exactly `bytes`, with the descriptor at offset 0.
    func rewrite(with bytes: [UInt8]) -> Int32 {
        require(ftruncate(fd, 0) == 0, "ftruncate failed: errno \(errno)")
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(done))
                require(n > 0, "pwrite failed: errno \(errno)")
                done += n
            }
        }
        require(lseek(fd, 0, SEEK_SET) == 0, "lseek failed: errno \(errno)")
        return fd
    }
}
