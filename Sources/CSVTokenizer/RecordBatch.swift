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

    /// The file offset of buffer position `p` in a record whose bytes from buffer position
    /// `start` (at file offset `startOffset`) are as in the file except for `gaps`.
    static func fileOffset(of p: Int, inRecordFrom start: Int, at startOffset: Int64, gaps: ArraySlice<Gap>) -> Int64 {
        var offset = startOffset + Int64(p - start)
        for gap in gaps where Int(gap.position) <= p { offset += gap.bytes }
        return offset
    }
}

/// Complete records handed out together by `CSVTokenizer.nextBatch()`. Valid until the
/// tokenizer is fed again or asked for the next record or batch.
public struct RecordBatch {
    @usableFromInline let handle: Unmanaged<CSVTokenizer>
    @usableFromInline let entries: Range<Int>
    /// What holds for every record of the batch (and so of any part of it).
    @usableFromInline let shape: BatchShape

    init(handle: Unmanaged<CSVTokenizer>, entries: Range<Int>, shape: BatchShape) {
        self.handle = handle
        self.entries = entries
        self.shape = shape
    }

    // The shape facts are exact for a batch as `nextBatch()` hands it out; a part of it
    // (`dropFirst`) keeps them, and they still hold for its records.

    /// The number of fields every record of the batch has, when they all have the same and
    /// store them all (nil otherwise): the usual batch, where a rule comparing each record's
    /// field count with the header's can decide the whole batch from this.
    @inlinable public var uniformFieldCount: Int? {
        shape.uniformFieldCount >= 0 ? Int(shape.uniformFieldCount) : nil
    }

    /// No record of the batch has fewer fields (`Int.max` for an empty batch): above 1, the
    /// batch holds no blank line.
    @inlinable public var fewestFields: Int { shape.fewestFields }

    /// Every record of the batch is known to be plain ASCII text (`CSVRecord.isKnownPlainASCII`).
    @inlinable public var isKnownPlainASCII: Bool { shape.isKnownPlainASCII }

    @inlinable public var count: Int { entries.count }
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// Record `i` of the batch, 0-based.
    @inlinable public subscript(i: Int) -> CSVRecord {
        precondition(i >= 0 && i < entries.count, "record \(i) of a batch of \(entries.count)")
        return CSVRecord(handle: handle, entry: entries.lowerBound + i)
    }

    /// Calls `body` with each record not known to be plain ASCII, in order: one flag test an
    /// entry, for the few records (a name with an accent) that need a closer look.
    @inlinable public func forEachRecordNotKnownPlainASCII(_ body: (CSVRecord) -> Void) {
        let entryPointer = handle._withUnsafeGuaranteedRef { $0.entries }
        for i in entries where !entryPointer[i].isPlainASCII { body(CSVRecord(handle: handle, entry: i)) }
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

    /// The byte between fields, the tokenizer's.
    public var delimiter: UInt8 { handle._withUnsafeGuaranteedRef { $0.delimiter } }

    /// Names the batch within its file: helpers that keep an answer for the batch they saw
    /// last (several rules asking the same question of it) compare this to know it again.
    public var identity: BatchIdentity {
        guard let first = entries.first else { return BatchIdentity(firstRecord: 0, count: 0) }
        return handle._withUnsafeGuaranteedRef { t in BatchIdentity(firstRecord: t.number(ofEntry: first), count: count) }
    }

    /// The batch without its first `k` records.
    public func dropFirst(_ k: Int) -> RecordBatch {
        RecordBatch(handle: handle, entries: min(entries.lowerBound + k, entries.upperBound)..<entries.upperBound, shape: shape)
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

/// Facts about every record of a batch, so that rules can decide a whole batch without a walk of
/// their own: kept as the entries are filed (`FiledShape`) for the usual batch, found in one walk
/// of its entries when the batch is handed out otherwise.
@usableFromInline
struct BatchShape: Sendable {
    /// Every record stores exactly this many fields and has no unstored ones; -1 when not.
    /// The records' fields then follow each other in the tokenizer's `fields` (each entry's
    /// start where the previous one's end, as the tokenizer files them), so field `c` of
    /// record `r` is `fields[first + r * count + c]`.
    @usableFromInline var uniformFieldCount: Int32
    @usableFromInline var fewestFields: Int
    @usableFromInline var isKnownPlainASCII: Bool

    /// The shape of `entries[range]`; `uncounted` holds the field totals of the entries that
    /// have more fields than they store.
    init(of entries: UnsafePointer<RecordEntry>, _ range: Range<Int>, uncounted: [(entry: Int, total: Int)]) {
        guard let first = range.first else {
            self.init(uniformFieldCount: -1, fewestFields: .max, isKnownPlainASCII: true)
            return
        }
        let width = entries[first].storedFields
        // Bitwise accumulators, not `&&`/`||`: the loop then has no branch but its own, and
        // three members a record (the fewest fields follow from them in the usual batch).
        var differs: Int32 = 0
        var unstored: UInt8 = 0
        var plain: UInt8 = 1
        for i in range {
            let e = entries + i
            differs |= e.pointee.storedFields ^ width
            unstored |= unsafeBitCast(e.pointee.hasUnstoredFields, to: UInt8.self)
            plain &= unsafeBitCast(e.pointee.isPlainASCII, to: UInt8.self)
        }
        let isUniform = differs == 0 && unstored == 0
        var fewestFields = Int(width)
        if !isUniform {
            // A second walk, for the unusual batch only.
            fewestFields = .max
            for i in range where !entries[i].hasUnstoredFields { fewestFields = min(fewestFields, Int(entries[i].storedFields)) }
            // A record with unstored fields has more than it stores: its total is in `uncounted`.
            for (entry, total) in uncounted where range.contains(entry) { fewestFields = min(fewestFields, total) }
        }
        self.init(uniformFieldCount: isUniform ? width : -1, fewestFields: fewestFields, isKnownPlainASCII: plain != 0)
    }

    init(uniformFieldCount: Int32, fewestFields: Int, isKnownPlainASCII: Bool) {
        self.uniformFieldCount = uniformFieldCount
        self.fewestFields = fewestFields
        self.isKnownPlainASCII = isKnownPlainASCII
    }
}

/// The batch facts of the entries filed so far, kept as they are filed (by the C loop for plain
/// records, by `completeRecord()` for the others). The stored field counts OR-ed and AND-ed
/// together are equal exactly when every count is the same: two operations a record, and the
/// usual batch's shape follows.
struct FiledShape {
    var storedFieldsOr: Int32 = 0
    var storedFieldsAnd: Int32 = -1
    var allPlainASCII = true
    var anyUnstoredFields = false

    @inline(__always)
    mutating func file(storedFields: Int32, isPlainASCII: Bool, hasUnstoredFields: Bool) {
        file(storedFieldsOr: storedFields, storedFieldsAnd: storedFields, allPlainASCII: isPlainASCII)
        anyUnstoredFields = anyUnstoredFields || hasUnstoredFields
    }

    /// Adds records that all store their fields.
    @inline(__always)
    mutating func file(storedFieldsOr: Int32, storedFieldsAnd: Int32, allPlainASCII: Bool) {
        self.storedFieldsOr |= storedFieldsOr
        self.storedFieldsAnd &= storedFieldsAnd
        self.allPlainASCII = self.allPlainASCII && allPlainASCII
    }

    /// The shape of the entries filed, when they all store the same number of fields and no
    /// more (nil otherwise, and for no entries: the walk finds the fewest fields then).
    var shape: BatchShape? {
        guard storedFieldsOr == storedFieldsAnd && !anyUnstoredFields else { return nil }
        return BatchShape(uniformFieldCount: storedFieldsOr, fewestFields: Int(storedFieldsOr), isKnownPlainASCII: allPlainASCII)
    }
}

/// A batch's name within its file: the number of its first record and its record count.
/// Records are numbered in sequence and every batch starts after the last one ended, so no two
/// batches handed out for one file share it.
public struct BatchIdentity: Hashable, Sendable {
    public let firstRecord: Int
    public let count: Int
}
