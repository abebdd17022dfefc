import CSIMDScan
import CSVTokenizer

/// What each row's email field looks like, found in one walk of a batch's email column for the
/// three rules that ask (EN501 blank email, EN502 invalid email, EN405 no supporter reference),
/// which share the file's instance (`RuleContext.shared`). Nearly every row holds an unquoted,
/// plainly valid address, and none of the three has anything to do there; they look only at
/// the other rows, with the same check they apply to a record handed to them alone.
final class EmailColumnScan {
    let column: Int

    /// The batch the bitmaps describe, and its record count.
    @exclusivity(unchecked) private var described: BatchIdentity?
    @exclusivity(unchecked) private var count = 0
    /// Bit k: record k of that batch has an unquoted, empty email field and is no blank line.
    @exclusivity(unchecked) private var empty: [UInt64] = []
    /// Bit k: record k's email is neither that nor an unquoted, plainly valid address
    /// (`enlint_email_test_best`): absent, quoted, too long, or possibly blank or invalid.
    @exclusivity(unchecked) private var unsettled: [UInt64] = []

    private let isPlain = enlint_email_test_best()!

    init(column: Int) {
        self.column = column
    }

    /// Calls `body` with the index of each record of `batch`, in order, whose email is not an
    /// unquoted, plainly valid address, and whether it is the empty field of a row.
    @inline(__always)
    func forEachNotPlain(in batch: RecordBatch, _ body: (_ index: Int, _ isEmpty: Bool) -> Void) {
        scan(batch)
        for w in 0..<((count + 63) >> 6) {
            let e = empty[w]
            var bits = e | unsettled[w]
            while bits != 0 {
                let k = bits.trailingZeroBitCount
                body(w << 6 | k, e >> UInt64(k) & 1 != 0)
                bits &= bits &- 1
            }
        }
    }

    /// The number of records of `batch`, from index `start` on, whose email field is empty.
    func emptyCount(in batch: RecordBatch, from start: Int) -> Int {
        scan(batch)
        var total = 0
        for w in 0..<((count + 63) >> 6) {
            // The bits of the records before `start` dropped.
            let below = start - (w << 6)
            let kept: UInt64 = below <= 0 ? ~0 : below >= 64 ? 0 : ~0 << UInt64(below)
            total += (empty[w] & kept).nonzeroBitCount
        }
        return total
    }

    /// Calls `body` with the index of each record of `batch`, in order, whose email is neither
    /// an unquoted, plainly valid address nor an empty field.
    @inline(__always)
    func forEachUnsettled(in batch: RecordBatch, _ body: (_ index: Int) -> Void) {
        scan(batch)
        for w in 0..<((count + 63) >> 6) {
            var bits = unsettled[w]
            while bits != 0 {
                body(w << 6 | bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
    }

    /// Fills the bitmaps for `batch`, unless they describe it already (the second and third
    /// rule to ask).
    private func scan(_ batch: RecordBatch) {
        let identity = batch.identity
        guard identity != described else { return }
        described = identity
        count = batch.count
        guard count > 0 else { return }
        let words = (count + 63) >> 6
        if empty.count < words {
            empty = [UInt64](repeating: 0, count: words)
            unsettled = empty
        } else {
            for w in 0..<words {
                empty[w] = 0
                unsettled[w] = 0
            }
        }
        // The usual batch: every record has the same fields (more than one, so none is a
        // blank line), one after another in the tokenizer's array: one C loop reads them all.
        if FieldSpan.isLaidOutAsInC, let (spans, width) = batch.spans(inColumn: column), width > 1 {
            let base = batch[0].bufferBase
            let bytes = batch.bytes
            let readableEnd = bytes.baseAddress! + bytes.count
            UnsafeRawPointer(spans).withMemoryRebound(to: enlint_field_span.self, capacity: (count - 1) * width + 1) { spans in
                enlint_email_column(base, spans, width, count, readableEnd, &empty, &unsettled)
            }
            return
        }
        for k in 0..<count {
            let (isEmpty, isUnsettled) = classify(batch[k])
            if isEmpty { empty[k >> 6] |= 1 << UInt64(k & 63) }
            if isUnsettled { unsettled[k >> 6] |= 1 << UInt64(k & 63) }
        }
    }

    /// One record's bits, as the C walk sets them.
    func classify(_ record: CSVRecord) -> (empty: Bool, unsettled: Bool) {
        guard let plain = record.plainField(column) else { return (false, true) }
        if plain.isEmpty { return record.fieldCount > 1 ? (true, false) : (false, true) }
        return (false, isPlain(plain.baseAddress!, plain.count) == 0)
    }
}
