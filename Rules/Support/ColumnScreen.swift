import CSVTokenizer

extension RecordBatch {
    /// Whether `passes` holds for the value in `column` of every record of the batch that has
    /// that field (a short row is EN203's business, not the column rules'). A blank line passes
    /// too when `blankLinesPass`: the rules that skip blank lines see its one empty field.
    ///
    /// For `RecordRule.mayReport(in:)` of the column rules: `passes` is the rule's cheap test
    /// for a value it certainly does not report (and that leaves its state as it is), so that a
    /// batch of ordinary rows costs a tight loop with no call per record; a batch with any other
    /// value goes through `checkRecord`, record by record, from its first record. `passes` should
    /// make no calls on its usual path: a call in the loop makes the compiler read the
    /// tokenizer's arrays again for every record.
    @inline(__always)
    func allValues(inColumn column: Int, blankLinesPass: Bool = false, _ passes: (Bytes) -> Bool) -> Bool {
        guard !isEmpty else { return true }
        // Every span of the batch indexes the same buffer.
        let buffer = self[0].bufferBase
        for i in 0..<count {
            let record = self[i]
            let spans = record.spans
            guard column < spans.count else { continue }
            let span = spans[column]
            var start = Int(span.start)
            var end = Int(span.end)
            if span.flags.contains(.quoted) {
                // The value between the quotes, as `CSVRecord.value` decodes it when there is
                // no doubled quote to collapse; one with a doubled quote takes the full check.
                if span.flags.contains(.needsUnescape) { return false }
                start &+= 1
                end = max(start, span.flags.contains(.unclosed) ? end : end &- 1)
            }
            let value = Bytes(start: buffer + start, count: end &- start)
            // The blank-line test first: nothing of the record is then needed after `passes`,
            // which may make a call on a rare path (measured: fewer registers spilled).
            if blankLinesPass && value.isEmpty && record.isBlankLine { continue }
            if !passes(value) { return false }
        }
        return true
    }
}
