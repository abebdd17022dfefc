/// Where one complete record of the batch lies in the tokenizer's buffer and shared arrays.
/// Compact (40 bytes), since `scanPlainRecords` writes one per record: what follows from the
/// entry's place in the batch is not stored (see the `CSVTokenizer` accessors `number(ofEntry:)`,
/// `endLine(ofEntry:)`, `fileOffset(ofEntry:)`, `totalFields(ofEntry:)`), and the record's
/// ranges in the shared arrays end where the next entry's begin.
@usableFromInline
struct RecordEntry {
    /// Buffer positions of the first byte and of the terminator (or end of data).
    @usableFromInline var start: Int32
    @usableFromInline var end: Int32
    /// The record's stored fields are `fields[firstField ..< firstField + storedFields]`.
    @usableFromInline var firstField: Int32
    @usableFromInline var storedFields: Int32
    /// The physical line on which the record starts.
    @usableFromInline var line: Int
    /// Where the record's items start in the tokenizer's `lineStarts`, `events` and `gaps`;
    /// they end where the next entry's start (the batch's last ends at `batchEnds`).
    @usableFromInline var firstLineStart: Int32
    @usableFromInline var firstEvent: Int32
    @usableFromInline var firstGap: Int32
    @usableFromInline var terminator: LineTerminator?
    /// Every byte of the record is plain ASCII text (0x01...0x7F), as the vectorised scan saw;
    /// false when it is not or when nobody checked (records the state machine reads).
    @usableFromInline var isPlainASCII: Bool
    /// The record has more fields than it stores (past `maxFieldsPerRecord`): its total is in
    /// the tokenizer's `uncountedFieldTotals`. Otherwise the total is `storedFields`.
    @usableFromInline var hasUnstoredFields: Bool
}

/// Where the batch's last record's items end in the tokenizer's shared arrays, and the line
/// after it: the bounds an entry with no next entry takes.
@usableFromInline
struct BatchEnds {
    @usableFromInline var lineStarts: Int32 = 0
    @usableFromInline var events: Int32 = 0
    @usableFromInline var gaps: Int32 = 0
    /// The physical line the record after the batch's last one starts on.
    @usableFromInline var nextLine = 1
}

/// Bytes dropped from a record to bound memory: `bytes` were removed just before `position`.
struct Gap {
    var position: Int32
    var bytes: Int64
}

/// Complete records handed out together by `CSVTokenizer.nextBatch()`. Valid until the
/// tokenizer is fed again or asked for the next record or batch.
public struct RecordBatch {
    @usableFromInline let handle: Unmanaged<CSVTokenizer>
    @usableFromInline let entries: Range<Int>

    init(handle: Unmanaged<CSVTokenizer>, entries: Range<Int>) {
        self.handle = handle
        self.entries = entries
    }

    @inlinable public var count: Int { entries.count }
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// Record `i` of the batch, 0-based.
    @inlinable public subscript(i: Int) -> CSVRecord {
        precondition(i >= 0 && i < entries.count, "record \(i) of a batch of \(entries.count)")
        return CSVRecord(handle: handle, entry: entries.lowerBound + i)
    }

    /// Whether any record of the batch met syntax problems: one test for the batch (the
    /// records' event ranges follow each other in the tokenizer's shared array).
    @inlinable public var hasEvents: Bool {
        guard let first = entries.first, let last = entries.last else { return false }
        return handle._withUnsafeGuaranteedRef { t in
            t.entries[first].firstEvent != t.eventsEnd(ofEntry: last)
        }
    }

    /// Bit `LineTerminator.rawValue` set for each kind of terminator that has ended a record so
    /// far: this batch's records and every earlier one's (the tokenizer counts a terminator when
    /// its record completes, and a batch holds only complete records). A rule that notes each
    /// kind's first place can skip a batch that brings no kind it has not placed yet.
    public var terminatorKindsSoFar: UInt8 {
        handle._withUnsafeGuaranteedRef { t in
            let counts = t.terminatorCounts
            return (counts.lf > 0 ? 1 << LineTerminator.lf.rawValue : 0)
                | (counts.crlf > 0 ? 1 << LineTerminator.crlf.rawValue : 0)
                | (counts.cr > 0 ? 1 << LineTerminator.cr.rawValue : 0)
        }
    }

    /// The batch without its first `k` records.
    public func dropFirst(_ k: Int) -> RecordBatch {
        RecordBatch(handle: handle, entries: min(entries.lowerBound + k, entries.upperBound)..<entries.upperBound)
    }

    /// The bytes from the first record's start to the last record's end (terminators between
    /// records included, the last one not): for checks that can clear a whole batch at once.
    public var bytes: UnsafeBufferPointer<UInt8> {
        guard let first = entries.first, let last = entries.last else { return UnsafeBufferPointer(start: nil, count: 0) }
        return handle._withUnsafeGuaranteedRef { t in
            let start = Int(t.entries[first].start)
            return UnsafeBufferPointer(start: t.buffer + start, count: Int(t.entries[last].end) - start)
        }
    }
}
