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
        screen(batch) { bits in
            var any = false
            for i in 0..<batch.count where !isClear(batch[i]) {
                bits[i >> 6] |= 1 << UInt64(i & 63)
                any = true
            }
            return any
        }
    }

    /// Lets `flag` set bit k of the zeroed words it is given for each record k of `batch` that
    /// needs the full check, and return whether it set any; returns that.
    @inline(__always)
    mutating func screen(_ batch: RecordBatch, flag: (UnsafeMutablePointer<UInt64>) -> Bool) -> Bool {
        count = 0
        guard !batch.isEmpty else { return false }
        // Records of a batch are numbered in sequence (numbers only grow, so equal ends prove
        // it); should that ever not hold, the screen clears nothing.
        first = batch[0].number
        guard batch[batch.count - 1].number == first + batch.count - 1 else { return true }
        let words = (batch.count + 63) >> 6
        if flagged.count < words { flagged = [UInt64](repeating: 0, count: words) }
        let any = flagged.withUnsafeMutableBufferPointer { bits in
            for w in 0..<words { bits[w] = 0 }
            return flag(bits.baseAddress!)
        }
        count = batch.count
        return any
    }

    /// The index of the last record of `batch`, from `low` on, that starts at or before buffer
    /// position `p`: the record holding a byte a batch scan found.
    static func record(containing p: Int32, in batch: RecordBatch, from low: Int = 0) -> Int {
        var low = low, high = batch.count - 1
        while low < high {
            let mid = (low + high + 1) >> 1
            if batch[mid].startPosition <= p { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Whether the last screen looked at `record` and cleared it.
    @inline(__always)
    func cleared(_ record: CSVRecord) -> Bool {
        let k = record.number &- first
        guard UInt(bitPattern: k) < UInt(bitPattern: count) else { return false }
        return flagged.withUnsafeBufferPointer { $0[k >> 6] >> UInt64(k & 63) & 1 == 0 }
    }
}
