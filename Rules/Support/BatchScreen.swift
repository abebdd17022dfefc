import CSVTokenizer

/// A rule's quick test run over a whole batch in `mayReport`, in one tight loop, remembering the
/// records it could not clear; `checkRecord` then skips the cleared ones at the cost of a bit
/// test. The engine's per-record loop (a call per record and rule) runs only for batches with
/// a record the quick test did not clear, and then does the full check only for those.
///
/// A record the last screen did not look at (another batch, or records handed one at a time,
/// which the engine does without `mayReport`) is never "cleared": the rule checks it in full.
struct BatchScreen {
    /// Record numbers of the last screened batch: `first ..< first + count`.
    private var first = 0
    private var count = 0
    /// Bit k: record `first + k` needs the full check.
    private var flagged: [UInt64] = []

    /// Runs `isClear` on every record of `batch`; true when some record needs the full check.
    @inline(__always)
    mutating func screen(_ batch: RecordBatch, isClear: (CSVRecord) -> Bool) -> Bool {
        count = 0
        guard !batch.isEmpty else { return false }
        let first = batch[0].number
        self.first = first
        let words = (batch.count + 63) >> 6
        if flagged.count < words { flagged = [UInt64](repeating: 0, count: words) }
        var any = false
        flagged.withUnsafeMutableBufferPointer { bits in
            for w in 0..<words { bits[w] = 0 }
            for i in 0..<batch.count {
                let record = batch[i]
                guard !isClear(record) else { continue }
                // Records of a batch are numbered in sequence; should that ever not hold, the
                // screen clears nothing.
                guard record.number == first + i else {
                    for w in 0..<words { bits[w] = ~0 }
                    any = true
                    return
                }
                bits[i >> 6] |= 1 << UInt64(i & 63)
                any = true
            }
        }
        count = batch.count
        return any
    }

    /// Whether the last screen looked at `record` and cleared it.
    @inline(__always)
    func cleared(_ record: CSVRecord) -> Bool {
        let k = record.number &- first
        guard UInt(bitPattern: k) < UInt(bitPattern: count) else { return false }
        return flagged.withUnsafeBufferPointer { $0[k >> 6] >> UInt64(k & 63) & 1 == 0 }
    }
}
