/// A view of the tokenizer's current record. Cheap to copy; valid only until the tokenizer is
/// advanced or fed again (it reads the tokenizer's buffer).
public struct CSVRecord {
    // The tokenizer outlives every record view by contract. Hot accessors reach it through
    // `guaranteed`, which borrows it without the retain/release pair an ordinary reference
    // costs on each call (measured: about a fifth of all instructions of a full lint).
    @usableFromInline let handle: Unmanaged<CSVTokenizer>
    /// The record's entry in the tokenizer's batch.
    @usableFromInline let entryIndex: Int

    @usableFromInline
    init(handle: Unmanaged<CSVTokenizer>, entry: Int) {
        self.handle = handle
        entryIndex = entry
    }

    init(tokenizer: CSVTokenizer, entry: Int) {
        self.init(handle: Unmanaged.passUnretained(tokenizer), entry: entry)
    }

    var tokenizer: CSVTokenizer { handle.takeUnretainedValue() }

    @usableFromInline @inline(__always)
    func guaranteed<R>(_ body: (CSVTokenizer) -> R) -> R {
        handle._withUnsafeGuaranteedRef(body)
    }

    /// The record's entry, read in place: hot accessors load only the member they need (the
    /// whole entry is 40 bytes).
    @inlinable @inline(__always)
    var entry: UnsafeMutablePointer<RecordEntry> { guaranteed { t in t.entries + entryIndex } }

    /// 1-based record number (the header is record 1).
    @inlinable public var number: Int { guaranteed { t in t.number(ofEntry: entryIndex) } }
    /// Physical line on which the record starts.
    @inlinable public var line: Int { entry.pointee.line }
    /// Physical line on which the record ends (later than `line` when quoted fields hold newlines).
    @inlinable public var endLine: Int { guaranteed { t in t.endLine(ofEntry: entryIndex) } }
    /// Number of fields, including any beyond `TokenizerLimits.maxFieldsPerRecord` that were
    /// counted but not kept.
    @inlinable public var fieldCount: Int { guaranteed { t in t.totalFields(ofEntry: entryIndex) } }
    /// Number of fields whose spans are kept (`fieldCount` capped by the limit).
    @inlinable public var storedFieldCount: Int { Int(entry.pointee.storedFields) }
    /// The terminator that ended the record, nil for a last record without one.
    @inlinable public var terminator: LineTerminator? { entry.pointee.terminator }
    /// True when the tokenizer's vectorised scan saw that every byte of the record is plain
    /// ASCII text (0x01...0x7F), so that UTF-8 and NUL checks can skip it. False says only that
    /// the record was not seen to be plain: records read by the state machine (quoted line
    /// breaks, quoting problems, `--no-fast-path`) are never marked.
    @inlinable public var isKnownPlainASCII: Bool { entry.pointee.isPlainASCII }
    /// File offset of the record's first byte.
    public var byteOffset: Int64 { guaranteed { t in t.fileOffset(ofEntry: entryIndex) } }
    /// Syntax problems met inside this record.
    public var events: [SyntaxEvent] {
        guaranteed { t in
            Array(t.events[Int(t.entries[entryIndex].firstEvent)..<Int(t.eventsEnd(ofEntry: entryIndex))])
        }
    }
    /// Whether the tokenizer met syntax problems in this record (cheaper than `events.isEmpty`).
    @inlinable public var hasEvents: Bool {
        guaranteed { t in t.entries[entryIndex].firstEvent != t.eventsEnd(ofEntry: entryIndex) }
    }
    /// Buffer position of the record's first byte: `rawBytes[i]` is at `startPosition + i`.
    @inlinable public var startPosition: Int32 { entry.pointee.start }
    /// Some bytes of the record were dropped to stay within the limits.
    public var isTruncated: Bool { guaranteed { t in !t.gaps(ofEntry: entryIndex).isEmpty } }

    /// An empty line: one empty, unquoted field.
    @inlinable public var isBlankLine: Bool {
        let e = entry
        guard e.pointee.storedFields == 1 && !e.pointee.hasUnstoredFields else { return false }
        let f = guaranteed { t in t.fields[Int(e.pointee.firstField)] }
        return f.flags.isEmpty && f.start == f.end
    }

    /// Span of stored field `i` (raw bytes, quotes included).
    @inlinable @inline(__always) public func span(_ i: Int) -> FieldSpan {
        let e = entry
        precondition(i >= 0 && i < Int(e.pointee.storedFields), "field index \(i) out of range")
        return guaranteed { t in t.fields[Int(e.pointee.firstField) + i] }
    }

    /// The spans of the stored fields, in order: for rules that look at every field, without a
    /// bounds check and an entry look-up per field.
    @inlinable public var spans: UnsafeBufferPointer<FieldSpan> {
        let e = entry
        return guaranteed { t in
            UnsafeBufferPointer(start: t.fields + Int(e.pointee.firstField), count: Int(e.pointee.storedFields))
        }
    }

    /// The tokenizer's buffer, which span positions index: `bufferBase[Int(span.start)]` is a
    /// field's first byte when the span is not empty. Valid as long as the record.
    @inlinable public var bufferBase: UnsafePointer<UInt8> {
        guaranteed { t in UnsafePointer(t.buffer) }
    }

    /// Raw bytes of stored field `i`, exactly as in the source (quotes included).
    @inlinable public func rawBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = span(i)
        return guaranteed { t in UnsafeBufferPointer(start: t.buffer + Int(s.start), count: Int(s.end - s.start)) }
    }

    /// The decoded value of stored field `i`: quotes removed and `""` collapsed. Points into the
    /// tokenizer's buffer or into a scratch area reused by the next `value` call; copy it to keep it.
    @inlinable @inline(__always) public func value(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let s = span(i)
        return guaranteed { t in
            // Unquoted (most fields): the raw bytes are the value; the rest decodes out of line.
            s.flags.contains(.quoted)
                ? t.valueBytes(s) : UnsafeBufferPointer(start: t.buffer + Int(s.start), count: Int(s.end - s.start))
        }
    }

    /// The decoded value of field `i` as a `String` (invalid UTF-8 repaired with U+FFFD).
    /// Allocates: for messages and headers, not for the hot path.
    public func string(_ i: Int) -> String {
        String(decoding: value(i), as: UTF8.self)
    }

    /// All stored field values as strings.
    public var strings: [String] {
        (0..<storedFieldCount).map(string)
    }

    /// The record's raw bytes without its terminator (quotes included; gaps, if any, removed).
    @inlinable public var rawBytes: UnsafeBufferPointer<UInt8> {
        let e = entry
        return guaranteed { t in
            UnsafeBufferPointer(start: t.buffer + Int(e.pointee.start), count: Int(e.pointee.end - e.pointee.start))
        }
    }

    /// Buffer position of the first byte of stored field `i`.
    public func position(ofField i: Int) -> Int32 { span(i).start }

    /// The record's line starts (after quoted line breaks), in order.
    var lineStarts: ArraySlice<LineStart> {
        guaranteed { t in t.lineStarts(ofEntry: entryIndex) }
    }

    /// File offset of a buffer position inside this record (gaps accounted for).
    func fileOffset(ofPosition p: Int) -> Int64 {
        guaranteed { t in
            Gap.fileOffset(
                of: p, inRecordFrom: Int(t.entries[entryIndex].start), at: t.fileOffset(ofEntry: entryIndex),
                gaps: t.gaps(ofEntry: entryIndex))
        }
    }

    /// Line, 1-based column and file offset of a buffer position inside this record. The column
    /// counts Unicode scalars (UTF-8 lead bytes; an invalid byte counts as one). In a truncated
    /// record the column counts only the bytes that were kept. Look-ups at rising positions in
    /// one record go on from where the last one stopped (`LocationWalk`): together they cost a
    /// walk of the record, not one each.
    public func location(of position: Int32) -> SourcePosition {
        let t = tokenizer
        let e = entry.pointee
        let p = Int(position)
        let number = t.number(ofEntry: entryIndex)
        let starts = lineStarts
        var walk = t.locationWalk
        if walk.record != number || walk.position > p {
            walk = LocationWalk(record: number, position: Int(e.start), nextLineStart: starts.startIndex)
        }
        // Positions repeat where line starts were clamped to a cut: all of them are passed.
        while walk.nextLineStart < starts.endIndex && Int(starts[walk.nextLineStart].position) <= p {
            let start = starts[walk.nextLineStart]
            walk.lines += Int(start.lines)
            walk.position = Int(start.position)
            walk.column = 1
            walk.pendingContinuations = 0
            walk.nextLineStart += 1
        }
        // Continuation bytes a lead byte announced belong to its column; any other byte,
        // including a stray continuation byte, is a column of its own.
        var i = walk.position
        while i < p {
            let b = t.buffer[i]
            if b & 0xC0 == 0x80 && walk.pendingContinuations > 0 {
                walk.pendingContinuations -= 1
            } else {
                walk.column += 1
                walk.pendingContinuations = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0
            }
            i += 1
        }
        walk.position = p
        t.locationWalk = walk
        return SourcePosition(line: e.line + walk.lines, column: walk.column, byteOffset: fileOffset(ofPosition: p))
    }

    /// The physical line holding `position`, without its terminator: for showing context.
    public func physicalLine(containing position: Int32) -> UnsafeBufferPointer<UInt8> {
        let t = tokenizer
        let e = entry.pointee
        let p = Int(position)
        let starts = lineStarts
        // The first line start after `p` (bisection: a record may hold millions of lines).
        var low = starts.startIndex, high = starts.endIndex
        while low < high {
            let mid = (low + high) / 2
            if Int(starts[mid].position) <= p { low = mid + 1 } else { high = mid }
        }
        let lineStart = low > starts.startIndex ? Int(starts[low - 1].position) : Int(e.start)
        var lineEnd = low < starts.endIndex ? Int(starts[low].position) : Int(e.end)
        // A line that ends at a quoted newline: drop the CR/LF bytes before the next line start.
        while lineEnd > lineStart && (t.buffer[lineEnd - 1] == 0x0A || t.buffer[lineEnd - 1] == 0x0D)
            && lineEnd != Int(e.end)
        {
            lineEnd -= 1
        }
        return UnsafeBufferPointer(start: t.buffer + lineStart, count: max(0, lineEnd - lineStart))
    }
}

/// Where `CSVRecord.location(of:)` stopped last: reports look up rising positions in a record
/// (every NUL byte, every stray quote), and walking from the record's start for each one made a
/// record holding many of them quadratic (a run of 250 KB of NUL bytes took 80 seconds).
struct LocationWalk {
    /// The record's number (unique in a file; 0 for none).
    var record = 0
    /// The buffer position the walk reached, and what it found up to there.
    var position = 0
    /// The index in the tokenizer's `lineStarts` of the next line start not yet passed.
    var nextLineStart = 0
    /// Line breaks passed since the record's first line.
    var lines = 0
    var column = 1
    var pendingContinuations = 0
}

/// Where a physical line starts inside a record (after a quoted line break).
struct LineStart {
    /// Buffer position of the line's first byte.
    var position: Int32
    /// The line breaks that end here: 1, more when the bytes between several were dropped to
    /// stay within the limits (they all sit at the cut then). UInt32 keeps an entry at 8 bytes.
    var lines: UInt32 = 1
}

/// A resolved place in the file.
public struct SourcePosition: Sendable, Equatable, Hashable {
    /// 1-based physical line.
    public var line: Int
    /// 1-based column in Unicode scalars.
    public var column: Int
    /// 0-based byte offset in the file.
    public var byteOffset: Int64

    public init(line: Int, column: Int, byteOffset: Int64) {
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
    }
}
