// libFuzzer target for CSVTokenizer, compiled in one module with the tokenizer's sources (so it
// may check the buffer's internal size). Build and run with scripts/fuzz.sh tokenizer SECONDS.

/// Feeds `data` to a tokenizer with small, input-chosen limits, in input-chosen pieces, through
/// `append` or `refill`, and checks what must hold for any input whatsoever.
@_cdecl("LLVMFuzzerTestOneInput")
public func tokenizerFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    var config = ConfigBytes(input)
    let maxFieldBytes = config.next(in: 1...40)
    let limits = TokenizerLimits(
        chunkSize: config.next(in: 1...64),
        maxFieldBytes: maxFieldBytes,
        maxRecordBytes: maxFieldBytes + config.next(in: 0...120),
        maxFieldsPerRecord: config.next(in: 1...12))
    let useRefill = config.next(in: 0...1) == 1
    let pieceSeed = config.next(in: 0...255)
    // A quarter of the inputs go through a file and mapped windows instead (`fuzzMappedFile`,
    // which reads its own settings from the bytes after this one).
    if config.next(in: 0...3) == 3 {
        fuzzMappedFile(input, config: &config)
        return 0
    }
    let tokenizer = CSVTokenizer(limits: limits)
    var checker = RecordChecker(input: input, limits: limits)

    var offset = 0
    var pieceIndex = 0
    // Piece sizes cycle through the input's own bytes (1...2 chunks each), so the fuzzer steers
    // where chunk borders fall: inside a CRLF, a BOM, a doubled quote.
    func nextPieceSize() -> Int {
        defer { pieceIndex += 1 }
        let b = size == 0 ? 0 : Int(input[(pieceSeed + pieceIndex) % size])
        return 1 + b % (2 * limits.chunkSize)
    }
    func drain() {
        while tokenizer.nextRecord() { checker.check(tokenizer.record, tokenizer: tokenizer) }
        checker.checkBuffer(of: tokenizer)
    }
    while !tokenizer.isInputFinished {
        drain()
        let piece = min(nextPieceSize(), size - offset)
        if useRefill {
            tokenizer.refill { space in
                let n = min(piece, space.count)
                if n > 0 { space.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[offset..<(offset + n)]))) }
                offset += n
                return n
            }
        } else {
            if piece == 0 { tokenizer.finishInput() } else {
                tokenizer.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: input[offset..<(offset + piece)])))
                offset += piece
            }
        }
    }
    drain()
    checker.checkEnd(of: tokenizer)
    return 0
}

/// The invariants over the sequence of records of one input.
struct RecordChecker {
    let input: UnsafeBufferPointer<UInt8>
    let limits: TokenizerLimits
    var records = 0
    /// Where the next record must start in the file, when known (nil after a truncated record,
    /// whose full length the record itself does not give).
    var expectedOffset: Int64? = nil
    var lastOffset: Int64 = -1
    var nextLine = 1
    var anyTruncated = false
    var accountedBytes = 0
    /// The size of the mapped windows lent to the tokenizer, 0 when none are.
    let windowBytes: Int
    /// Fields of a record whose line and column are checked (and its last).
    let locatedFieldsPerRecord: Int

    init(input: UnsafeBufferPointer<UInt8>, limits: TokenizerLimits, windowBytes: Int = 0, locatedFieldsPerRecord: Int = .max) {
        self.input = input
        self.limits = limits
        self.windowBytes = windowBytes
        self.locatedFieldsPerRecord = locatedFieldsPerRecord
    }

    mutating func check(_ record: CSVRecord, tokenizer: CSVTokenizer) {
        records += 1
        require(record.number == records, "record number \(record.number), expected \(records)")
        require(record.line == nextLine, "record \(records) starts on line \(record.line), expected \(nextLine)")
        require(record.endLine >= record.line, "record \(records) ends on line \(record.endLine) before it starts")
        nextLine = record.endLine + 1

        let bom: Int64 = tokenizer.hasBOM ? 3 : 0
        if records == 1 { expectedOffset = bom }
        require(record.byteOffset > lastOffset, "record \(records) at offset \(record.byteOffset), after \(lastOffset)")
        if let expectedOffset {
            require(record.byteOffset == expectedOffset, "record \(records) at offset \(record.byteOffset), expected \(expectedOffset)")
        }
        lastOffset = record.byteOffset

        let raw = record.rawBytes.count
        let terminatorBytes = record.terminator == .crlf ? 2 : record.terminator == nil ? 0 : 1
        if record.isTruncated {
            anyTruncated = true
            expectedOffset = nil
        } else {
            // Untruncated: the raw bytes are the source bytes, exactly.
            let start = Int(record.byteOffset)
            require(start + raw <= input.count, "record \(records) runs past the input")
            require(record.rawBytes.elementsEqual(input[start..<(start + raw)]), "record \(records) raw bytes differ from the input")
            expectedOffset = record.byteOffset + Int64(raw + terminatorBytes)
            accountedBytes += raw + terminatorBytes
        }

        require(record.storedFieldCount <= limits.maxFieldsPerRecord, "\(record.storedFieldCount) fields stored")
        require(record.storedFieldCount == min(record.fieldCount, limits.maxFieldsPerRecord), "stored \(record.storedFieldCount) of \(record.fieldCount)")
        let begin = record.startPosition
        let end = begin + Int32(raw)
        for i in 0..<record.storedFieldCount {
            let span = record.span(i)
            require(begin <= span.start && span.start <= span.end && span.end <= end, "field \(i) span \(span) outside \(begin)..<\(end)")
            require(record.value(i).count <= Int(span.end - span.start), "field \(i) value longer than its raw bytes")
            // `location` walks the line from its start: over every field of a long record it is
            // quadratic, and took most of the mapped mode's time (its records are not bounded).
            guard i < locatedFieldsPerRecord || i == record.storedFieldCount - 1 else { continue }
            let location = record.location(of: span.start)
            require(location.line >= record.line && location.line <= record.endLine, "field \(i) on line \(location.line) outside the record")
            require(location.column >= 1, "field \(i) at column \(location.column)")
        }
        // What the vectorised scan tells beyond the fields must be true: a record marked plain
        // ASCII has no NUL and no byte >= 0x80.
        if record.isKnownPlainASCII {
            require(record.rawBytes.allSatisfy { $0 != 0 && $0 < 0x80 }, "record \(records) marked plain ASCII")
        }
        // The per-record bookkeeping must stay bounded like the bytes are (events: at most a few
        // per stored field plus the bound events).
        require(record.events.count <= 3 * limits.maxFieldsPerRecord + 4, "\(record.events.count) events in one record")
    }

    /// The buffer never grows past the bounds: the kept record, a chunk, and slack. (A lent
    /// window is not the buffer: its records are not cut to the bound, so their line starts may
    /// reach the window's size, `windowBytes`.)
    func checkBuffer(of tokenizer: CSVTokenizer) {
        let bound = limits.maxRecordBytes + limits.maxFieldBytes + 2 * limits.chunkSize + 128
        require(tokenizer.capacity <= bound, "buffer capacity \(tokenizer.capacity) over \(bound)")
        require(tokenizer.lineStarts.count <= max(limits.maxRecordBytes, windowBytes) + 2 * limits.chunkSize + 8,
                "\(tokenizer.lineStarts.count) line starts kept for one record")
    }

    func checkEnd(of tokenizer: CSVTokenizer) {
        require(tokenizer.bytesRead == Int64(input.count), "read \(tokenizer.bytesRead) of \(input.count) bytes")
        require(tokenizer.recordCount == records, "recordCount \(tokenizer.recordCount), returned \(records)")
        let breaks = lineBreakCount(input)
        require(records <= breaks + 1, "\(records) records from \(breaks) line breaks")
        require(tokenizer.line == breaks + 1, "ended on line \(tokenizer.line), the input has \(breaks) line breaks")
        let counts = tokenizer.terminatorCounts
        let terminated = counts.lf + counts.crlf + counts.cr
        require(terminated == records || terminated == records - 1, "\(terminated) terminators for \(records) records")
        if !anyTruncated {
            let bom = tokenizer.hasBOM ? 3 : 0
            require(accountedBytes + bom == input.count, "records cover \(accountedBytes) + BOM \(bom) of \(input.count) bytes")
        }
    }
}
