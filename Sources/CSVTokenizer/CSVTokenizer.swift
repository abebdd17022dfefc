import CSIMDScan

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 tokenizer.
///
/// Bytes go in through `refill(_:)` (zero-copy: the caller reads straight into the buffer) or
/// `append(_:)`; complete records come out through `nextRecord()`, which returns `false` when it
/// needs more input or, after `finishInput()` / a zero-byte refill, when the input is exhausted.
///
/// ```swift
/// let tokenizer = CSVTokenizer()
/// while true {
///     while tokenizer.nextRecord() { use(tokenizer.record) }
///     if tokenizer.isInputFinished { break }
///     try tokenizer.refill { buffer in read(fd, buffer.baseAddress, buffer.count) }
/// }
/// ```
///
/// Fields are spans of the tokenizer's own buffer (no allocation per field). The buffer holds the
/// current record and the unread rest of the last chunk; a record longer than the buffer makes
/// it grow, up to `TokenizerLimits.maxRecordBytes`, past which bytes are dropped and reported, so
/// memory stays bounded whatever the input. The bytes may also be a window of a mapped file,
/// tokenized in place (`tokenize(lentWindow:fileOffset:from:)`, driven by `FileInput`).
///
/// Dialect: comma-separated (or `delimiter`), `"` quotes, `""` for a quote inside quotes;
/// records end at LF, CRLF or a lone CR outside quotes; a final terminator does not start an
/// empty record; an empty line is a record with one empty field. A leading UTF-8 BOM is skipped
/// and remembered in `hasBOM`. Malformed quoting is recovered from and reported as
/// `SyntaxEvent`s: a stray quote is kept literally, text after a closing quote is appended to
/// the value, and an unclosed quote runs to the end of input.
public final class CSVTokenizer {
    public let limits: TokenizerLimits
    public let delimiter: UInt8

    // MARK: Buffer
    /// The bytes being tokenized: `ownBuffer`, or a window of a mapped file lent by
    /// `tokenize(lentWindow:fileOffset:from:)` (never written to then).
    @usableFromInline @exclusivity(unchecked) var buffer: UnsafeMutablePointer<UInt8>
    /// The tokenizer's own allocation, `capacity` bytes, which `refill` and `append` fill.
    @exclusivity(unchecked) var ownBuffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var capacity: Int
    /// Bytes `0..<filled` of `buffer` hold data.
    @exclusivity(unchecked) var filled = 0
    /// Scan position: bytes before it belong to the record in progress (or were released).
    @exclusivity(unchecked) var pos = 0
    /// Bytes received so far; the file offset of `buffer[filled]`.
    @exclusivity(unchecked) public private(set) var bytesRead: Int64 = 0
    @exclusivity(unchecked) public private(set) var isInputFinished = false

    // MARK: File facts gathered on the way
    @exclusivity(unchecked) public private(set) var hasBOM = false
    @exclusivity(unchecked) var bomResolved = false
    /// Record terminators seen outside quotes, indexed by `LineTerminator.rawValue`.
    @exclusivity(unchecked) public private(set) var terminatorCounts: (lf: Int, crlf: Int, cr: Int) = (0, 0, 0)
    @exclusivity(unchecked) public private(set) var recordCount = 0
    /// The physical line the next byte is on.
    @exclusivity(unchecked) public private(set) var line = 1

    // MARK: The batch: complete records tokenized from the buffer, handed out by `nextRecord()`
    // (one at a time) or `nextBatch()` (all at once). Their fields, line starts, events and gaps
    // sit in the shared arrays below, in record order, followed by those of the record in progress.
    @usableFromInline @exclusivity(unchecked) var entries: UnsafeMutablePointer<RecordEntry>
    @usableFromInline @exclusivity(unchecked) var entryCount = 0
    /// The entry `nextRecord()` last returned; -1 before the first.
    @exclusivity(unchecked) var cursor = -1
    /// Fields stored by the batch's complete records: the record in progress stores after them.
    @exclusivity(unchecked) var batchFieldCount = 0
    /// Where the batch's last record's items end, and the line after it (see `RecordEntry`).
    @usableFromInline @exclusivity(unchecked) var batchEnds = BatchEnds()
    /// The field totals of the batch's records that have more fields than they store, by
    /// entry index (rare: only past `maxFieldsPerRecord`).
    @exclusivity(unchecked) var uncountedFieldTotals: [(entry: Int, total: Int)] = []
    /// What holds for every entry filed since the batch started, kept as they are filed so that
    /// `nextBatch()` need not walk them (see `BatchShape`).
    @exclusivity(unchecked) var filedShape = FiledShape()
    /// A batch stops growing at these bounds, so its bookkeeping stays small whatever the input.
    static let batchRecordLimit = 1024
    static let batchFieldLimit = 1 << 14

    // MARK: The record in progress
    @exclusivity(unchecked) var recordOpen = false
    @exclusivity(unchecked) var recordStart = 0
    @exclusivity(unchecked) var recordEnd = 0
    @exclusivity(unchecked) var recordLine = 1
    /// The physical line the record ends on, set when it completes.
    @exclusivity(unchecked) var recordEndLine = 1
    @exclusivity(unchecked) var recordFileOffset: Int64 = 0
    @exclusivity(unchecked) var recordTerminator: LineTerminator?
    @usableFromInline @exclusivity(unchecked) var fields: UnsafeMutablePointer<FieldSpan>
    @exclusivity(unchecked) var fieldsCapacity: Int
    /// Where the record in progress stores its fields in `fields`.
    @exclusivity(unchecked) var recordFieldBase = 0
    @exclusivity(unchecked) var storedFields = 0
    @exclusivity(unchecked) var totalFields = 0
    /// Buffer positions where a new physical line starts inside a record (quoted newlines).
    /// Bounded by the bytes kept, not by the lines: see `mergeClampedLineStarts`.
    @exclusivity(unchecked) var lineStarts: [LineStart] = []
    /// Bytes dropped from a record to bound memory: `bytes` were removed just before `position`.
    @exclusivity(unchecked) var gaps: [Gap] = []
    @exclusivity(unchecked) var events: [SyntaxEvent] = []
    /// Where the record in progress starts in `lineStarts`, `events` and `gaps`.
    @exclusivity(unchecked) var recordLineStartsBase = 0
    @exclusivity(unchecked) var recordEventsBase = 0
    @exclusivity(unchecked) var recordGapsBase = 0

    // MARK: Scanner state (survives across chunks)
    enum Phase: UInt8 { case fieldStart, unquoted, quoted, quoteInQuoted, afterClosingQuote }
    @exclusivity(unchecked) var phase = Phase.fieldStart
    @exclusivity(unchecked) var fieldStart = 0
    @exclusivity(unchecked) var fieldFlags: FieldFlags = []
    /// Position just after a CR inside quotes: an LF there continues the same line break.
    @exclusivity(unchecked) var quotedCRLineStart = -1
    /// When the field in progress is being truncated: where its kept bytes end.
    @exclusivity(unchecked) var fieldKeepEnd = -1
    /// File offset of the field in progress, recorded when the buffer is compacted while it is
    /// open (its start may be dropped afterwards); -1 while the field lies whole in the buffer.
    @exclusivity(unchecked) var fieldOrigin: Int64 = -1
    /// When the record in progress is over its byte bound: where its kept bytes end.
    @exclusivity(unchecked) var recordKeepEnd = -1
    /// The record in progress lies whole in a lent window but has a field over its bound: it is
    /// held back (not filed) to be read again into the own buffer, where the bounds cut it as
    /// read(2) alone would (see `rewindToUnconsumedInput()`).
    @exclusivity(unchecked) public private(set) var openRecordNeedsOwnBuffer = false

    /// The last classified 64-byte block (see `scan()`), valid for one `bufferGeneration`.
    @exclusivity(unchecked) var classifier: BlockClassifier
    /// Counts changes to the buffer's contents or extent (compaction, refill, append).
    @exclusivity(unchecked) var bufferGeneration = 1
    /// `scanPlainRecords`' scratch: the positions of the line starts inside the quotes of the
    /// records the C loop takes (a record with more is left to the state machine).
    let plainLineStarts: UnsafeMutablePointer<Int32>
    static let plainLineStartRoom = 1024

    /// Where `CSVRecord.location(of:)` stopped last.
    @exclusivity(unchecked) var locationWalk = LocationWalk()

    // MARK: Decoding scratch
    @exclusivity(unchecked) var scratch: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var scratchCapacity: Int

    /// Bytes kept allocated after the data: the classifier reads 64 bytes at a time.
    static let readSlack = 64

    /// Room beyond a chunk for the record in progress that a refill keeps: without it, the
    /// buffer grew (a new zeroed allocation and a copy) whenever a chunk ended inside a record.
    static func margin(_ limits: TokenizerLimits) -> Int { limits.chunkSize / 16 }
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// Whether the vectorised scanning (64-byte classification, runs of plain fields) is used.
    /// Off, the tokenizer walks byte by byte: the same records and events, slower. The tests and
    /// `--no-fast-path` compare the two.
    public let usesFastPath: Bool

    public init(limits: TokenizerLimits = .default, delimiter: UInt8 = UInt8(ascii: ","), fastPath: Bool = true) {
        precondition(delimiter != Self.quote && delimiter != Self.lf && delimiter != Self.cr)
        self.limits = limits
        self.delimiter = delimiter
        usesFastPath = fastPath
        capacity = limits.chunkSize + Self.margin(limits) + Self.readSlack
        ownBuffer = Self.allocateZeroedBytes(capacity)
        buffer = ownBuffer
        classifier = BlockClassifier(buffer: buffer, end: 0, delimiter: delimiter)
        fieldsCapacity = 1024
        fields = .allocate(capacity: fieldsCapacity)
        // A batch never holds more (40 KB): filing an entry needs no capacity check.
        entries = .allocate(capacity: Self.batchRecordLimit)
        plainLineStarts = .allocate(capacity: Self.plainLineStartRoom)
        precondition(Self.layoutsMatchTheCLoop, "FieldSpan or RecordEntry no longer has the layout enlint_plain_records.h expects")
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        free(ownBuffer)
        fields.deallocate()
        entries.deallocate()
        plainLineStarts.deallocate()
        scratch.deallocate()
    }

    /// A buffer of `count` zero bytes (defined contents everywhere, slack included: the
    /// classifier reads past the data), from `calloc`: a large block comes straight from the
    /// kernel's zero pages, which a page fault maps only when touched, where writing the zeros
    /// (`initialize(repeating:)`) touched all of a 1 MiB buffer's pages before a small file
    /// needed a few. Freed with `free`.
    static func allocateZeroedBytes(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        guard let raw = calloc(count, 1) else { fatalError("out of memory: \(count) bytes for the tokenizer's buffer") }
        return raw.bindMemory(to: UInt8.self, capacity: count)
    }

    /// The C loop of `scanPlainRecords` writes `FieldSpan`s and `RecordEntry`s as structs of
    /// its own: their members must lie at the same offsets (and the option and enum values must
    /// agree). Constant for the compiler: checked once per tokenizer, and by the tests.
    static var layoutsMatchTheCLoop: Bool {
        typealias E = MemoryLayout<RecordEntry>
        typealias CE = MemoryLayout<enlint_record_entry>
        let entries = E.stride == CE.stride && E.offset(of: \.start) == CE.offset(of: \.start)
            && E.offset(of: \.end) == CE.offset(of: \.end) && E.offset(of: \.firstField) == CE.offset(of: \.firstField)
            && E.offset(of: \.storedFields) == CE.offset(of: \.storedFields) && E.offset(of: \.line) == CE.offset(of: \.line)
            && E.offset(of: \.firstLineStart) == CE.offset(of: \.firstLineStart)
            && E.offset(of: \.firstEvent) == CE.offset(of: \.firstEvent) && E.offset(of: \.firstGap) == CE.offset(of: \.firstGap)
            && E.offset(of: \.terminator) == CE.offset(of: \.terminator)
            && E.offset(of: \.isPlainASCII) == CE.offset(of: \.isPlainASCII)
            && E.offset(of: \.hasUnstoredFields) == CE.offset(of: \.hasUnstoredFields)
            && MemoryLayout<LineTerminator?>.size == 1
            && unsafeBitCast(LineTerminator?.some(.lf), to: UInt8.self) == 0
            && unsafeBitCast(LineTerminator?.some(.crlf), to: UInt8.self) == 1
            && MemoryLayout<Bool>.size == 1
        return FieldSpan.isLaidOutAsInC && entries
    }

    /// The record `nextRecord()` last returned. Valid until the next call that feeds or advances
    /// the tokenizer.
    public var record: CSVRecord {
        precondition(cursor >= 0 && cursor < entryCount, "no current record: call nextRecord() first")
        return CSVRecord(tokenizer: self, entry: cursor)
    }

    /// Bytes received but not yet tokenized, from the scan position on. Used by callers that
    /// want to sniff the start of the input (an encoding check) before reading records.
    public var unscannedBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + pos, count: filled - pos)
    }

    // MARK: - Feeding

    /// Reads more input straight into the buffer. `read` gets the free space and returns how many
    /// bytes it wrote; 0 means end of input. Returns that count.
    @discardableResult
    public func refill(_ read: (UnsafeMutableRawBufferPointer) throws -> Int) rethrows -> Int {
        prepareForInput(minimumSpace: limits.chunkSize)
        let space = UnsafeMutableRawBufferPointer(
            start: buffer + filled, count: min(capacity - filled - Self.readSlack, limits.chunkSize))
        let n = try read(space)
        precondition(n >= 0 && n <= space.count, "refill: read returned \(n) for \(space.count) bytes of space")
        if n == 0 {
            isInputFinished = true
        } else {
            filled += n
            bytesRead += Int64(n)
        }
        return n
    }

    /// Copies `bytes` in. Drain `nextRecord()` between calls: data not yet scanned is kept, so
    /// appending without draining grows the buffer.
    public func append(_ bytes: UnsafeRawBufferPointer) {
        var remaining = bytes[...]
        while !remaining.isEmpty {
            let n = min(remaining.count, limits.chunkSize)
            prepareForInput(minimumSpace: n)
            UnsafeMutableRawBufferPointer(start: buffer + filled, count: n)
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: remaining.prefix(n)))
            filled += n
            bytesRead += Int64(n)
            remaining = remaining.dropFirst(n)
        }
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// No more input will come: `nextRecord()` now completes the last record.
    public func finishInput() {
        isInputFinished = true
    }

    // MARK: - Lent windows (a mapped file, see `FileInput`)

    /// Whether the bytes are a lent window's (`tokenize(lentWindow:fileOffset:from:)`), not the
    /// own buffer's.
    public var isReadingLentWindow: Bool { buffer != ownBuffer }

    /// The file offset of the record in progress, nil between records.
    public var openRecordFileOffset: Int64? { recordOpen ? recordFileOffset : nil }

    /// Lets go of the bytes the tokenizer holds, so that the input can go on from another place
    /// (a new window of a mapped file, or its own buffer again), and returns the file offset it
    /// must go on from: the scan position between records, or else the start of the record in
    /// progress, which is dropped (its fields, line starts and events, and the lines it moved)
    /// to be tokenized again from there. Nil, and nothing changed, when that record cannot be:
    /// bytes of it were already dropped to bound memory (the input must go on with `refill`).
    /// Call with every record of the batch read.
    public func rewindToUnconsumedInput() -> Int64? {
        precondition(cursor + 1 >= entryCount, "rewound before nextRecord() returned false: records not yet read would be lost")
        resetBatch()
        guard recordOpen else { return bytesRead - Int64(filled - pos) }
        guard gaps.count == recordGapsBase && recordKeepEnd < 0 && fieldKeepEnd < 0 else { return nil }
        openRecordNeedsOwnBuffer = false
        // Nothing of a record is counted before it completes but its lines and what the shared
        // arrays hold for it (moved to their fronts by `resetBatch`).
        recordOpen = false
        line = recordLine
        storedFields = 0
        totalFields = 0
        lineStarts.removeSubrange(recordLineStartsBase...)
        events.removeSubrange(recordEventsBase...)
        phase = .fieldStart
        pos = recordStart
        return recordFileOffset
    }

    /// Tokenizes `window`, the file's bytes from `fileOffset` on, in place from the byte at
    /// `resumeOffset` (the answer of `rewindToUnconsumedInput()`, called just before), instead
    /// of bytes copied into the buffer. The caller keeps the window, and 64 readable bytes after
    /// it (the classifier reads past the data and ignores what it finds), until the next call
    /// that feeds the tokenizer or the tokenizer's end. A record the window cuts stays open:
    /// rewind again and lend a window that holds all of it, or go on in the own buffer.
    public func tokenize(lentWindow window: UnsafeRawBufferPointer, fileOffset: Int64, from resumeOffset: Int64) {
        precondition(!recordOpen && cursor + 1 >= entryCount, "lent a window with input unconsumed: call rewindToUnconsumedInput() first")
        precondition(window.count <= Int(Int32.max) && resumeOffset >= fileOffset && resumeOffset <= fileOffset + Int64(window.count))
        guard let start = window.baseAddress else { return }
        buffer = UnsafeMutableRawPointer(mutating: start).bindMemory(to: UInt8.self, capacity: window.count)
        filled = window.count
        pos = Int(resumeOffset - fileOffset)
        bytesRead = fileOffset + Int64(window.count)
        bufferGeneration &+= 1
    }

    /// Goes back to the own buffer, empty, with the input going on at file offset `offset`
    /// (the answer of `rewindToUnconsumedInput()`, called just before).
    public func continueInOwnBuffer(at offset: Int64) {
        precondition(!recordOpen && cursor + 1 >= entryCount, "switched buffers with input unconsumed: call rewindToUnconsumedInput() first")
        buffer = ownBuffer
        filled = 0
        pos = 0
        bytesRead = offset
        bufferGeneration &+= 1
    }

    // MARK: - Records

    /// Advances to the next complete record. Returns `false` when more input is needed, or when
    /// the input is finished and every record has been returned.
    public func nextRecord() -> Bool {
        if cursor + 1 < entryCount {
            cursor += 1
            return true
        }
        fillBatch()
        guard entryCount > 0 else { return false }
        cursor = 0
        return true
    }

    /// Every complete record not yet returned, at once: how the linter reads, so that each rule
    /// is called once per batch rather than once per record. Nil when more input is needed, or
    /// when the input is finished and every record has been returned. The records stay valid
    /// until the tokenizer is fed again or asked for the next record or batch.
    public func nextBatch() -> RecordBatch? {
        if cursor + 1 >= entryCount {
            fillBatch()
            guard entryCount > 0 else { return nil }
        }
        let range = (cursor + 1)..<entryCount
        // The facts kept while filing are the whole batch's: for a part of it (records already
        // taken by `nextRecord()`), the walk.
        let shape = (cursor == -1 ? filedShape.shape : nil) ?? BatchShape(of: entries, range, uncounted: uncountedFieldTotals)
        let batch = RecordBatch(handle: Unmanaged.passUnretained(self), entries: range, shape: shape)
        cursor = entryCount - 1
        return batch
    }

    /// Tokenizes the complete records in the buffer into a new batch, up to the batch bounds.
    func fillBatch() {
        resetBatch()
        if openRecordNeedsOwnBuffer { return }
        if !bomResolved {
            if filled - pos < 3 && !isInputFinished { return }
            if filled - pos >= 3 && buffer[pos] == 0xEF && buffer[pos + 1] == 0xBB && buffer[pos + 2] == 0xBF {
                hasBOM = true
                pos += 3
            }
            bomResolved = true
        }
        while entryCount < Self.batchRecordLimit && batchFieldCount < Self.batchFieldLimit {
            if !recordOpen {
                // Nothing left: the next record needs more input (or there is none).
                if pos == filled { return }
                if usesFastPath {
                    scanPlainRecords()
                    if pos == filled || entryCount == Self.batchRecordLimit || batchFieldCount >= Self.batchFieldLimit {
                        continue
                    }
                }
                beginRecord()
            }
            if scan() {
                if openRecordNeedsOwnBuffer {
                    // Held back, not filed: its terminator is counted when it is read again.
                    uncountTerminator()
                    return
                }
                completeRecord()
                continue
            }
            if isInputFinished && pos == filled {
                finishAtEndOfInput()
            }
            return
        }
    }

    /// Starts a new batch: the records of the old one are released, and whatever the record in
    /// progress stored so far moves to the front of the shared arrays.
    func resetBatch() {
        cursor = -1
        filedShape = FiledShape()
        guard entryCount > 0 else { return }
        entryCount = 0
        uncountedFieldTotals.removeAll(keepingCapacity: true)
        if recordOpen {
            if storedFields > 0 && recordFieldBase > 0 {
                // Overlapping ranges, moved to lower addresses: `update` copies forward.
                fields.update(from: fields + recordFieldBase, count: storedFields)
            }
            recordFieldBase = 0
            if recordLineStartsBase > 0 { lineStarts.removeFirst(recordLineStartsBase) }
            if recordEventsBase > 0 { events.removeFirst(recordEventsBase) }
            if recordGapsBase > 0 { gaps.removeFirst(recordGapsBase) }
        } else {
            lineStarts.removeAll(keepingCapacity: true)
            events.removeAll(keepingCapacity: true)
            gaps.removeAll(keepingCapacity: true)
        }
        recordLineStartsBase = 0
        recordEventsBase = 0
        recordGapsBase = 0
        batchFieldCount = 0
    }

    @inline(__always)
    func beginRecord() {
        recordOpen = true
        recordStart = pos
        recordLine = line
        recordFileOffset = bytesRead - Int64(filled - pos)
        recordFieldBase = batchFieldCount
        storedFields = 0
        totalFields = 0
        recordLineStartsBase = lineStarts.count
        recordGapsBase = gaps.count
        recordEventsBase = events.count
        phase = .fieldStart
        recordKeepEnd = -1
        fieldKeepEnd = -1
        fieldOrigin = -1
        quotedCRLineStart = -1
        openRecordNeedsOwnBuffer = false
    }

    /// Files the record in progress as the batch's next entry.
    @inline(__always)
    func completeRecord() {
        recordOpen = false
        recordCount += 1
        if totalFields != storedFields { uncountedFieldTotals.append((entryCount, totalFields)) }
        // The state machine does not check for plain ASCII (the entry says false).
        filedShape.file(storedFields: Int32(truncatingIfNeeded: storedFields), isPlainASCII: false,
                        hasUnstoredFields: totalFields != storedFields)
        entries[entryCount] = RecordEntry(
            start: Int32(truncatingIfNeeded: recordStart), end: Int32(truncatingIfNeeded: recordEnd),
            firstField: Int32(truncatingIfNeeded: recordFieldBase), storedFields: Int32(truncatingIfNeeded: storedFields),
            line: recordLine, firstLineStart: Int32(truncatingIfNeeded: recordLineStartsBase),
            firstEvent: Int32(truncatingIfNeeded: recordEventsBase), firstGap: Int32(truncatingIfNeeded: recordGapsBase),
            terminator: recordTerminator, isPlainASCII: false, hasUnstoredFields: totalFields != storedFields)
        // A terminator has already moved `line` on to the next record's line.
        batchEnds = BatchEnds(
            lineStarts: Int32(truncatingIfNeeded: lineStarts.count), events: Int32(truncatingIfNeeded: events.count),
            gaps: Int32(truncatingIfNeeded: gaps.count), nextLine: line)
        entryCount += 1
        batchFieldCount = recordFieldBase + storedFields
    }

    // MARK: What a batch entry does not store

    /// The record number of entry `i`: the batch's records are numbered in order, and
    /// `recordCount` is the last one's.
    @inlinable @inline(__always)
    func number(ofEntry i: Int) -> Int { recordCount &- entryCount &+ 1 &+ i }

    /// The line entry `i` ends on: the line before the next record's, or the same when no
    /// terminator ended it (the last record of the input).
    @inlinable
    func endLine(ofEntry i: Int) -> Int {
        let nextLine = i + 1 < entryCount ? entries[i + 1].line : batchEnds.nextLine
        return entries[i].terminator == nil ? nextLine : nextLine - 1
    }

    /// The fields of entry `i`, including those past `maxFieldsPerRecord` that were counted only.
    @inlinable
    func totalFields(ofEntry i: Int) -> Int {
        let e = entries[i]
        return e.hasUnstoredFields ? uncountedTotal(ofEntry: i) : Int(e.storedFields)
    }

    @usableFromInline
    func uncountedTotal(ofEntry i: Int) -> Int {
        uncountedFieldTotals.first { $0.entry == i }!.total
    }

    @inlinable
    func eventsEnd(ofEntry i: Int) -> Int32 {
        i + 1 < entryCount ? entries[i + 1].firstEvent : batchEnds.events
    }

    func lineStarts(ofEntry i: Int) -> ArraySlice<LineStart> {
        let end = i + 1 < entryCount ? entries[i + 1].firstLineStart : batchEnds.lineStarts
        return lineStarts[Int(entries[i].firstLineStart)..<Int(end)]
    }

    func gaps(ofEntry i: Int) -> ArraySlice<Gap> {
        let end = i + 1 < entryCount ? entries[i + 1].firstGap : batchEnds.gaps
        return gaps[Int(entries[i].firstGap)..<Int(end)]
    }

    /// The file offset of entry `i`'s first byte. The batch's bytes lie in the buffer as in
    /// the file, from its first record's start to `filled` (which ends at file offset
    /// `bytesRead`), except for the bytes dropped from a record over the bounds, its gaps:
    /// only a record open when the buffer was compacted has any, and the compaction released
    /// every entry before it.
    func fileOffset(ofEntry i: Int) -> Int64 {
        var offset = bytesRead - Int64(filled) + Int64(entries[i].start)
        for gap in gaps(ofEntry: i) { offset -= gap.bytes }
        return offset
    }

    func finishAtEndOfInput() {
        switch phase {
        case .fieldStart:
            // Nothing after the last terminator: no record. After a delimiter: an empty last field.
            if totalFields == 0 && pos == recordStart {
                recordOpen = false
                return
            }
            fieldStart = pos
            fieldFlags = []
        case .quoted:
            fieldFlags.insert(.unclosed)
            events.append(SyntaxEvent(kind: .unclosedQuote, position: Int32(fieldStart), fieldIndex: totalFields))
        case .unquoted, .quoteInQuoted, .afterClosingQuote:
            break
        }
        appendField(end: pos)
        recordEnd = pos
        recordTerminator = nil
        completeRecord()
    }

    /// Scans from `pos`. Returns `true` when a record ended (`pos` is then past its terminator).
    func scan() -> Bool {
        let buf = buffer
        let end = filled
        let delim = delimiter
        var p = pos
        // The classified block survives from record to record while the buffer is unchanged.
        var blocks = classifier
        if blocks.generation != bufferGeneration {
            blocks = BlockClassifier(buffer: buf, end: end, delimiter: delim, bytewise: !usesFastPath)
            blocks.generation = bufferGeneration
        }
        defer { classifier = blocks }
        while p < end {
            switch phase {
            case .fieldStart:
                let b = buf[p]
                fieldStart = p
                fieldFlags = []
                if b == Self.quote {
                    fieldFlags = .quoted
                    phase = .quoted
                    p += 1
                } else if b == delim {
                    appendField(end: p)
                    p += 1
                } else if b == Self.lf || b == Self.cr {
                    guard let next = terminate(at: p, byte: b) else { pos = p; return false }
                    appendField(end: p)
                    pos = next
                    return true
                } else if usesFastPath && fieldKeepEnd < 0 && recordKeepEnd < 0 {
                    p = scanUnquotedRun(from: p, blocks: &blocks)
                } else {
                    phase = .unquoted
                    p += 1
                }

            case .unquoted:
                p = blocks.next(from: p, delimitersToo: true)
                if p == end { break }
                let b = buf[p]
                if b == Self.quote {
                    if !fieldFlags.contains(.strayQuote) {
                        fieldFlags.insert(.strayQuote)
                        noteFieldEvent(.quoteInUnquotedField, at: p)
                    }
                    p += 1
                } else if b == delim {
                    appendField(end: p)
                    phase = .fieldStart
                    p += 1
                } else {
                    guard let next = terminate(at: p, byte: b) else { pos = p; return false }
                    appendField(end: p)
                    pos = next
                    return true
                }

            case .quoted:
                p = blocks.next(from: p, delimitersToo: false)
                if p == end { break }
                let b = buf[p]
                if b == Self.quote {
                    phase = .quoteInQuoted
                } else if b == Self.cr {
                    line += 1
                    lineStarts.append(LineStart(position: Int32(p + 1)))
                    quotedCRLineStart = p + 1
                } else if quotedCRLineStart == p {
                    // The LF of a CRLF inside quotes: the line started after the CR starts after it.
                    lineStarts[lineStarts.count - 1].position = Int32(p + 1)
                } else {
                    line += 1
                    lineStarts.append(LineStart(position: Int32(p + 1)))
                }
                p += 1

            case .quoteInQuoted:
                let b = buf[p]
                if b == Self.quote {
                    fieldFlags.insert(.needsUnescape)
                    phase = .quoted
                    p += 1
                } else if b == delim {
                    appendField(end: p)
                    phase = .fieldStart
                    p += 1
                } else if b == Self.lf || b == Self.cr {
                    guard let next = terminate(at: p, byte: b) else { pos = p; return false }
                    appendField(end: p)
                    pos = next
                    return true
                } else {
                    fieldFlags.insert([.needsUnescape, .strayQuote])
                    noteFieldEvent(.textAfterClosingQuote, at: p)
                    phase = .afterClosingQuote
                    p += 1
                }

            case .afterClosingQuote:
                // Quotes are literal here: skip them along with ordinary bytes.
                p = blocks.next(from: p, delimitersToo: true)
                while p < end && buf[p] == Self.quote { p = blocks.next(from: p + 1, delimitersToo: true) }
                if p == end { break }
                let b = buf[p]
                if b == delim {
                    appendField(end: p)
                    phase = .fieldStart
                    p += 1
                } else {
                    guard let next = terminate(at: p, byte: b) else { pos = p; return false }
                    appendField(end: p)
                    pos = next
                    return true
                }
            }
        }
        pos = p
        return false
    }

    /// The common case, kept out of the state machine's per-byte dispatch: a run of unquoted
    /// fields each ended by a delimiter. Stores them with the counters in registers and returns
    /// where the state machine resumes: at the start of the next field that is not plain
    /// (phase `.fieldStart`), or at the byte that ended a field some other way (phase
    /// `.unquoted`, which then handles the quote, terminator, end of data or a bound).
    @inline(__always)
    func scanUnquotedRun(from first: Int, blocks: inout BlockClassifier) -> Int {
        let buf = buffer
        let end = filled
        let delim = delimiter
        let maxFieldBytes = limits.maxFieldBytes
        let room = min(fieldsCapacity - recordFieldBase, limits.maxFieldsPerRecord)
        let storedBefore = storedFields
        var stored = storedBefore
        var start = first
        var resume: Int
        let out = fields + recordFieldBase
        // A local copy keeps the classifier's masks in registers through the loop.
        var local = blocks
        defer { blocks = local }
        while true {
            let q = local.next(from: start + 1, delimitersToo: true)
            guard q < end && buf[q] == delim && stored < room && q - start <= maxFieldBytes else {
                fieldStart = start
                fieldFlags = []
                phase = .unquoted
                resume = q
                break
            }
            out[stored] = FieldSpan(start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: q), flags: [])
            stored += 1
            let next = q + 1
            if next < end {
                let c = buf[next]
                if c != delim && c != Self.quote && c != Self.lf && c != Self.cr {
                    start = next
                    continue
                }
            }
            phase = .fieldStart
            resume = next
            break
        }
        // Below the field bound every field is stored, so the total moves with the stored count.
        storedFields = stored
        totalFields += stored - storedBefore
        return resume
    }

    /// The common case, whole records at a time: records of plain fields (unquoted without
    /// quotes, or quoted with only `""` and line breaks inside and nothing after the closing
    /// quote), ended by LF or CRLF, found by `enlint_scan_plain_records` (C, from 64-byte
    /// bitmasks of the structural bytes: see CSIMDScan/enlint_plain_records.c), which stores
    /// their fields and files them as batch entries. Stops at the first record that is
    /// anything else, at the end of the data, or at the batch bounds, leaving `pos` at the
    /// start of the record not taken: the state machine reads that one. Call with no record open.
    func scanPlainRecords() {
        var scan = enlint_plain_scan()
        scan.buffer = UnsafePointer(buffer)
        scan.end = filled
        scan.delimiter = delimiter
        scan.maxFieldBytes = limits.maxFieldBytes
        scan.maxFields = limits.maxFieldsPerRecord
        scan.fields = UnsafeMutableRawPointer(fields + batchFieldCount)
        scan.fieldRoom = fieldsCapacity - batchFieldCount
        scan.fieldLimit = Self.batchFieldLimit - batchFieldCount
        scan.entries = UnsafeMutableRawPointer(entries + entryCount)
        scan.entryRoom = Self.batchRecordLimit - entryCount
        scan.lineStarts = plainLineStarts
        scan.lineStartRoom = Self.plainLineStartRoom
        scan.firstField = Int32(truncatingIfNeeded: batchFieldCount)
        scan.line = Int64(line)
        scan.firstLineStart = Int32(truncatingIfNeeded: lineStarts.count)
        // Plain records add no events or gaps: their ranges there are empty.
        let ev = Int32(truncatingIfNeeded: events.count)
        let gp = Int32(truncatingIfNeeded: gaps.count)
        scan.firstEvent = ev
        scan.firstGap = gp
        scan.pos = pos
        enlint_scan_plain_records(&scan)
        let taken = scan.entriesUsed
        guard taken > 0 else { return }
        for k in 0..<scan.lineStartsUsed { lineStarts.append(LineStart(position: plainLineStarts[k])) }
        entryCount += taken
        filedShape.file(storedFieldsOr: scan.storedFieldsOr, storedFieldsAnd: scan.storedFieldsAnd,
                        allPlainASCII: scan.allPlainASCII != 0)
        batchFieldCount += scan.fieldsUsed
        recordCount += taken
        // One line a record, and one more for each line break inside its quotes.
        line += taken + scan.lineStartsUsed
        batchEnds = BatchEnds(lineStarts: Int32(truncatingIfNeeded: lineStarts.count), events: ev, gaps: gp, nextLine: line)
        terminatorCounts.lf += taken - scan.crlfCount
        terminatorCounts.crlf += scan.crlfCount
        pos = scan.pos
    }

    /// Records a quoting problem of the field in progress. Past `maxFieldsPerRecord` fields are
    /// counted, not kept, and so are not their problems: otherwise a row of a million `a"b`
    /// fields kept a million events, and memory grew with the row after all.
    @inline(__always)
    func noteFieldEvent(_ kind: SyntaxEvent.Kind, at p: Int) {
        guard totalFields < limits.maxFieldsPerRecord else { return }
        events.append(SyntaxEvent(kind: kind, position: Int32(p), fieldIndex: totalFields))
    }

    /// Ends the record at the terminator starting at `p`. Returns the position after the
    /// terminator, or nil when a CR is the last byte received and the next byte decides between
    /// CR and CRLF (nothing is changed then; the scan resumes at `p` after more input).
    @inline(__always)
    func terminate(at p: Int, byte: UInt8) -> Int? {
        let kind: LineTerminator
        var next = p + 1
        if byte == Self.lf {
            kind = .lf
        } else if p + 1 < filled {
            if buffer[p + 1] == Self.lf {
                kind = .crlf
                next = p + 2
            } else {
                kind = .cr
            }
        } else if isInputFinished {
            kind = .cr
        } else {
            return nil
        }
        switch kind {
        case .lf: terminatorCounts.lf += 1
        case .crlf: terminatorCounts.crlf += 1
        case .cr: terminatorCounts.cr += 1
        }
        recordTerminator = kind
        recordEnd = p
        line += 1
        phase = .fieldStart
        return next
    }

    /// Takes back the count `terminate(at:byte:)` gave the record in progress's terminator.
    func uncountTerminator() {
        switch recordTerminator {
        case .lf?: terminatorCounts.lf -= 1
        case .crlf?: terminatorCounts.crlf -= 1
        case .cr?: terminatorCounts.cr -= 1
        case nil: break
        }
    }

    /// Stores the field that started at `fieldStart` and ends at `end`, applying the bounds.
    @inline(__always)
    func appendField(end: Int) {
        let index = totalFields
        totalFields += 1
        guard storedFields < limits.maxFieldsPerRecord else {
            if index == limits.maxFieldsPerRecord {
                events.append(SyntaxEvent(kind: .tooManyFields, position: Int32(fieldStart), fieldIndex: index))
            }
            fieldKeepEnd = -1
            fieldOrigin = -1
            return
        }
        if recordFieldBase + storedFields == fieldsCapacity { growFields() }
        var start = fieldStart
        var stop = end
        var flags = fieldFlags
        // The field's full size in the source (its start may have been dropped with a record's tail).
        let size = fieldOrigin >= 0 ? (bytesRead - Int64(filled - stop)) - fieldOrigin : Int64(stop - start)
        fieldOrigin = -1
        if fieldKeepEnd >= 0 || size > Int64(limits.maxFieldBytes) {
            appendOversizedField(index: index, byteCount: size, start: &start, stop: &stop, flags: &flags)
        }
        if recordKeepEnd >= 0 && stop > recordKeepEnd {
            start = min(start, recordKeepEnd)
            stop = recordKeepEnd
            flags.insert(.truncated)
            if flags.contains(.quoted) { flags.insert(.needsUnescape) }
        }
        fields[recordFieldBase + storedFields] = FieldSpan(start: Int32(start), end: Int32(stop), flags: flags)
        storedFields += 1
    }

    func appendOversizedField(
        index: Int, byteCount: Int64, start: inout Int, stop: inout Int, flags: inout FieldFlags
    ) {
        if fieldKeepEnd >= 0 {
            stop = fieldKeepEnd
            fieldKeepEnd = -1
        } else {
            stop = min(stop, start + limits.maxFieldBytes)
        }
        flags.insert(.truncated)
        if flags.contains(.quoted) { flags.insert(.needsUnescape) }
        events.append(SyntaxEvent(kind: .fieldTooLarge(byteCount: byteCount), position: Int32(start), fieldIndex: index))
        // A window keeps all of the field where read(2) would have dropped some of it: what is
        // found after it would differ (a column). `fillBatch` holds such a record back.
        if isReadingLentWindow { openRecordNeedsOwnBuffer = true }
    }

    func growFields() {
        // The batch's fields, plus the record in progress's, which alone may reach the bound.
        let newCapacity = min(fieldsCapacity * 2, Self.batchFieldLimit + limits.maxFieldsPerRecord)
        let grown = UnsafeMutablePointer<FieldSpan>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: fields, count: recordFieldBase + storedFields)
        fields.deallocate()
        fields = grown
        fieldsCapacity = newCapacity
    }

    // MARK: - Buffer management

    /// Makes room for at least `minimumSpace` more bytes after `filled`, keeping the record in
    /// progress (bounded) and any unscanned bytes.
    func prepareForInput(minimumSpace: Int) {
        precondition(cursor + 1 >= entryCount, "fed before nextRecord() returned false: records not yet read would be lost")
        precondition(!isReadingLentWindow, "fed while a lent window is in use: call continueInOwnBuffer(at:) first")
        // The batch's records refer to the bytes about to move: release them first.
        resetBatch()
        bufferGeneration &+= 1
        if recordOpen {
            compactOpenRecord()
        } else {
            // Between records: everything before `pos` is released.
            let unscanned = filled - pos
            if unscanned > 0 && pos > 0 {
                memmove(buffer, buffer + pos, unscanned)
            }
            pos = 0
            filled = unscanned
        }
        if capacity - filled - Self.readSlack < minimumSpace {
            let newCapacity = filled + max(minimumSpace, limits.chunkSize) + Self.margin(limits) + Self.readSlack
            let grown = Self.allocateZeroedBytes(newCapacity)
            grown.update(from: buffer, count: filled)
            free(ownBuffer)
            ownBuffer = grown
            buffer = grown
            capacity = newCapacity
        }
    }

    /// Moves the record in progress to the start of the buffer, dropping what the bounds say
    /// need not be kept, and shifts every position that refers to it.
    func compactOpenRecord() {
        var keepEnd = pos
        if phase != .fieldStart {
            if fieldOrigin < 0 { fieldOrigin = fileOffset(ofPosition: fieldStart) }
            if fieldKeepEnd < 0 && pos - fieldStart > limits.maxFieldBytes {
                fieldKeepEnd = fieldStart + limits.maxFieldBytes
            }
            if fieldKeepEnd >= 0 { keepEnd = fieldKeepEnd }
        }
        if recordKeepEnd < 0 && keepEnd - recordStart > limits.maxRecordBytes {
            recordKeepEnd = recordStart + limits.maxRecordBytes
            events.append(SyntaxEvent(kind: .recordTooLarge, position: Int32(recordKeepEnd), fieldIndex: totalFields))
        }
        if recordKeepEnd >= 0 { keepEnd = min(keepEnd, recordKeepEnd) }

        let dropped = pos - keepEnd
        if dropped > 0 {
            let k = Int32(keepEnd)
            for i in 0..<storedFields {
                fields[i].start = min(fields[i].start, k)
                if fields[i].end > k {
                    fields[i].end = k
                    fields[i].flags.insert(.truncated)
                    if fields[i].flags.contains(.quoted) { fields[i].flags.insert(.needsUnescape) }
                }
            }
            for i in lineStarts.indices { lineStarts[i].position = min(lineStarts[i].position, k) }
            mergeClampedLineStarts()
            for i in events.indices { events[i].position = min(events[i].position, k) }
            if let last = gaps.last, last.position == k {
                gaps[gaps.count - 1].bytes += Int64(dropped)
            } else {
                gaps.append(Gap(position: k, bytes: Int64(dropped)))
            }
            if phase != .fieldStart {
                // The field in progress loses bytes too (it is not among the stored fields yet).
                fieldFlags.insert(.truncated)
                if fieldFlags.contains(.quoted) { fieldFlags.insert(.needsUnescape) }
            }
            fieldStart = min(fieldStart, keepEnd)
        }
        // Only a quoted CR that was the last byte scanned can still pair with an LF to come, which
        // will land at `keepEnd`. An older mark is stale, and dropping bytes reuses its position.
        quotedCRLineStart = quotedCRLineStart == pos ? keepEnd : -1

        let shift = recordStart
        let kept = keepEnd - recordStart
        let unscanned = filled - pos
        if shift > 0 || dropped > 0 {
            if shift > 0 && kept > 0 { memmove(buffer, buffer + shift, kept) }
            if unscanned > 0 { memmove(buffer + kept, buffer + pos, unscanned) }
        }
        if shift > 0 {
            let s = Int32(shift)
            for i in 0..<storedFields {
                fields[i].start -= s
                fields[i].end -= s
            }
            for i in lineStarts.indices { lineStarts[i].position -= s }
            for i in events.indices { events[i].position -= s }
            for i in gaps.indices { gaps[i].position -= s }
            fieldStart -= shift
            if fieldKeepEnd >= 0 { fieldKeepEnd -= shift }
            if recordKeepEnd >= 0 { recordKeepEnd -= shift }
            if quotedCRLineStart >= 0 { quotedCRLineStart -= shift }
        }
        recordStart = 0
        pos = kept
        filled = kept + unscanned
    }

    /// Line starts inside dropped bytes were all clamped to the same position, at the end of the
    /// array: merge them into one entry that counts them. Without this, a quoted value holding
    /// millions of line breaks (an unclosed quote near the top of a big file) kept an entry per
    /// line, and memory grew with the file after all.
    func mergeClampedLineStarts() {
        while lineStarts.count >= 2 {
            let last = lineStarts[lineStarts.count - 1]
            let before = lineStarts[lineStarts.count - 2]
            guard before.position == last.position else { return }
            let (sum, overflow) = before.lines.addingReportingOverflow(last.lines)
            guard !overflow else { return }
            lineStarts.removeLast()
            lineStarts[lineStarts.count - 1].lines = sum
        }
    }

    /// File offset of a buffer position inside the record in progress (gaps accounted for).
    func fileOffset(ofPosition p: Int) -> Int64 {
        Gap.fileOffset(of: p, inRecordFrom: recordStart, at: recordFileOffset, gaps: gaps[recordGapsBase...])
    }

    // MARK: - Decoding

    /// The value of stored field `i` of the current record: quotes removed, `""` collapsed.
    /// Points into the buffer, or into a scratch area that the next decoding call reuses.
    @usableFromInline func valueBytes(_ span: FieldSpan) -> UnsafeBufferPointer<UInt8> {
        let start = Int(span.start)
        let end = Int(span.end)
        if !span.flags.contains(.quoted) {
            return UnsafeBufferPointer(start: buffer + start, count: end - start)
        }
        if !span.flags.contains(.needsUnescape) {
            let bounds = span.undecodedValueBounds
            return UnsafeBufferPointer(start: buffer + bounds.start, count: bounds.end - bounds.start)
        }
        let rawCount = end - start
        if rawCount > scratchCapacity {
            scratch.deallocate()
            scratchCapacity = max(rawCount, scratchCapacity * 2)
            scratch = .allocate(capacity: scratchCapacity)
        }
        // Opening quote; then `""` is a quote, a lone `"` closes; after the close, bytes are literal.
        var out = 0
        var i = start + 1
        var closed = false
        while i < end {
            let b = buffer[i]
            if !closed && b == Self.quote {
                if i + 1 < end && buffer[i + 1] == Self.quote {
                    scratch[out] = Self.quote
                    out += 1
                    i += 2
                } else {
                    closed = true
                    i += 1
                }
                continue
            }
            scratch[out] = b
            out += 1
            i += 1
        }
        return UnsafeBufferPointer(start: scratch, count: out)
    }
}
