import CSVTokenizer

/// Quick looks at a field's raw bytes for the text rules' common case, before the general path
/// (`value`, which may decode a quoted field). An unquoted field's raw bytes are its value.
extension CSVRecord {
    /// The raw bytes of stored field `index` when they are its value as they stand (unquoted,
    /// nothing dropped or flagged); nil when the field is absent or needs the general path.
    @inline(__always)
    func plainField(_ index: Int) -> Bytes? {
        let spans = spans
        guard index < spans.count else { return nil }
        let span = spans[index]
        guard span.flags.isEmpty else { return nil }
        return Bytes(start: bufferBase + Int(span.start), count: Int(span.end - span.start))
    }

    /// Whether column `index` is present and visibly not blank from its first byte alone: an
    /// unquoted field whose first byte is above '"' (so neither whitespace nor a quote). False
    /// says nothing: the caller looks at the value.
    @inline(__always)
    func startsFilled(_ index: Int?) -> Bool {
        guard let index else { return false }
        return firstByteClass(index) == .filled
    }

    /// What the first byte of column `index` says about its value (see `FirstByteClass`).
    @inline(__always)
    func firstByteClass(_ index: Int) -> FirstByteClass {
        let spans = spans
        guard index < spans.count else { return .undecided }
        return spans[index].firstByteClass(in: bufferBase)
    }
}

extension FieldSpan {
    /// What the field's first byte says about its value; `buffer` is the one the span is in.
    @inline(__always)
    func firstByteClass(in buffer: UnsafePointer<UInt8>) -> FirstByteClass {
        guard !flags.contains(.quoted) else { return .undecided }
        guard start < end else { return .empty }
        return buffer[Int(start)] > 0x22 ? .filled : .undecided
    }
}

/// What a field's first byte says about its value, for the rules that ask whether it is blank.
enum FirstByteClass {
    /// Unquoted and starting with a byte above '"' (neither whitespace nor a quote): not blank.
    case filled
    /// Present, unquoted and without a byte: the empty value.
    case empty
    /// Absent, quoted, or starting with whitespace: the value must be looked at.
    case undecided
}
