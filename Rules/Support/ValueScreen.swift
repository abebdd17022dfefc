import CSIMDScan
import CSVTokenizer

/// The value columns' batch screens in AVX2 lanes (`enlint_value_screen.h`): the usual value of
/// four rows tested at once, and only the rows the screen does not clear tested one by one with
/// the rule's own test. Used for a batch of one width, whose column spans lie a record's width
/// apart in the tokenizer's field array (`RecordBatch.spans(inColumn:)`; `allValues` reads
/// them the same way).
enum ValueScreen {
    /// A C screen: the index of the first row it does not clear (the count when it clears all).
    typealias FirstUnclear = (UnsafePointer<UInt8>?, UnsafePointer<enlint_field_span>?, Int, Int) -> Int

    /// What `batch.allValues(inColumn: column, passes)` answers (also with `blankLinesPass`: a
    /// batch of one width above 1 has no blank line), when `screen` clears only values that
    /// `passes` passes; nil when the screen cannot be used (no AVX2, a batch of mixed widths),
    /// and the caller walks the column itself.
    @inline(__always)
    static func allValues(
        in batch: RecordBatch, column: Int, screen: FirstUnclear, _ passes: (Bytes) -> Bool
    ) -> Bool? {
        guard let (firstSpan, width) = batch.spans(inColumn: column), width > 1, FieldSpan.isLaidOutAsInC,
            enlint_value_screens_available() != 0
        else { return nil }
        let spans = UnsafeRawPointer(firstSpan).assumingMemoryBound(to: enlint_field_span.self)
        let buffer = batch[0].bufferBase
        var i = 0
        while true {
            i += screen(buffer, spans + i * width, width, batch.count - i)
            guard i < batch.count else { return true }
            // The row as `allValues` sees it: a value that needs decoding says false at once.
            let record = batch[i]
            let flags = record.span(column).flags
            if flags.contains(.quoted) && flags.contains(.needsUnescape) || !passes(record.value(column)) { return false }
            i += 1
        }
    }
}
