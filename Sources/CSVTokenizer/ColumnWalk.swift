extension RecordBatch {
    /// Field `column`'s span in every record of a batch of one width (`uniformFieldCount`):
    /// record r's is `first[r * stride]`, the records' spans lying back to back in the
    /// tokenizer's field array. Nil for a batch of mixed widths, an empty one, or a column
    /// past the width. For vector screens that read the spans themselves; valid as the batch is.
    @inlinable
    public func spans(inColumn column: Int) -> (first: UnsafePointer<FieldSpan>, stride: Int)? {
        let width = Int(shape.uniformFieldCount)
        guard column >= 0, column < width, let first = entries.first else { return nil }
        return handle._withUnsafeGuaranteedRef { t in
            (UnsafePointer(t.fields) + (Int(t.entries[first].firstField) &+ column), width)
        }
    }

    /// Whether `passes` holds for the value of field `column` of every record of the batch that
    /// has that field (a record with fewer fields is skipped). With `blankLinesPass`, a blank
    /// line (one empty unquoted field) is skipped too.
    ///
    /// The values are what `CSVRecord.value` gives, except that a quoted field whose value needs
    /// decoding (a doubled quote inside, text after the closing quote) makes the answer false at
    /// once: the caller then takes the record-by-record path, which decodes it.
    ///
    /// This is the column rules' batch screen (`RecordRule.mayReport(in:)`): the tokenizer's
    /// arrays are read once into locals, so a record costs its entry's two members, one span and
    /// `passes`, with no record view built, no bounds check and no call on the way (through
    /// `CSVRecord`, the compiler reloads the arrays for every record whenever `passes` may make
    /// a call).
    @inlinable @inline(__always)
    public func allValues(
        inColumn column: Int, blankLinesPass: Bool = false, _ passes: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        // The usual batch, every record with the same fields: the column's spans lie a record's
        // width apart, and no record is a blank line unless the width is 1.
        if shape.uniformFieldCount > 1 || !blankLinesPass, let (first, stride) = spans(inColumn: column) {
            let buffer = handle._withUnsafeGuaranteedRef { UnsafePointer($0.buffer) }
            var span = first
            for _ in 0..<entries.count {
                guard let value = Self.undecodedValue(of: span.pointee, in: buffer), passes(value) else { return false }
                span += stride
            }
            return true
        }
        return handle._withUnsafeGuaranteedRef { t in
            let entries = UnsafePointer(t.entries)
            let fields = UnsafePointer(t.fields)
            let buffer = UnsafePointer(t.buffer)
            var i = self.entries.lowerBound
            let end = self.entries.upperBound
            while i < end {
                let entry = entries + i
                i &+= 1
                guard column < Int(entry.pointee.storedFields) else { continue }
                let span = fields[Int(entry.pointee.firstField) &+ column]
                if blankLinesPass && span.start == span.end && span.flags.isEmpty && entry.pointee.storedFields == 1
                    && !entry.pointee.hasUnstoredFields {
                    continue
                }
                guard let value = Self.undecodedValue(of: span, in: buffer), passes(value) else { return false }
            }
            return true
        }
    }

    /// The per-span step of `allValues`: the value's bytes, or nil when it needs decoding (the
    /// screen's answer is then false, and the record-by-record path decodes it).
    @inlinable @inline(__always)
    static func undecodedValue(of span: FieldSpan, in buffer: UnsafePointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var start = Int(span.start)
        var stop = Int(span.end)
        // The unquoted field, the usual one, costs one test.
        if span.flags.contains(.quoted) {
            if span.flags.contains(.needsUnescape) { return nil }
            (start, stop) = span.undecodedValueBounds
        }
        return UnsafeBufferPointer(start: buffer + start, count: stop &- start)
    }
}
