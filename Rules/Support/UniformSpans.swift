import CSVTokenizer

extension RecordBatch {
    /// Where the fields of the usual batch lie, every record with the same fields one after
    /// another in the tokenizer's array: field c of record r is `base[r * width + c]`. Nil for
    /// any other batch (and, as a check, when the last record's fields are not where that says).
    var uniformSpans: (base: UnsafePointer<FieldSpan>, width: Int)? {
        guard !isEmpty, let width = uniformFieldCount, let base = self[0].spans.baseAddress,
            self[count - 1].spans.baseAddress == base + (count - 1) * width
        else { return nil }
        return (base, width)
    }
}
