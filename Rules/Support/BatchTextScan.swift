import CSIMDScan
import CSVTokenizer

/// One vector pass over a batch's bytes for the two rules that look at every byte, EN601
/// (formula injection) and EN602 (risky character), which share the file's instance
/// (`RuleContext.shared`): the places where a field may start with a formula (signed numbers
/// and phone numbers dismissed on the spot), and the risky characters. Most batches have none
/// of either; a rule checks only the records that hold one of its places, with the check it
/// applies to a record handed to it alone.
final class BatchTextScan {
    /// What a rule asks about.
    enum Finding {
        case formula
        case risky
    }

    /// Places kept of each kind: a batch with more sends all its records the per-record way.
    static let capacity = 256

    /// The batch the places describe.
    @exclusivity(unchecked) private var described: BatchIdentity?
    /// The places, batch-relative, in order, and how many the scan found (capacity + 1 for more).
    @exclusivity(unchecked) private var formulas = [UInt32](repeating: 0, count: capacity)
    @exclusivity(unchecked) private var risky = [UInt32](repeating: 0, count: capacity)
    @exclusivity(unchecked) private var formulaCount = 0
    @exclusivity(unchecked) private var riskyCount = 0

    /// Calls `body` with the index of each record of `batch`, in order and once, that holds a
    /// place of `finding`; with every index when the batch has more places than are kept.
    @inline(__always)
    func forEachRecord(holding finding: Finding, in batch: RecordBatch, _ body: (Int) -> Void) {
        scan(batch)
        let found = finding == .formula ? formulaCount : riskyCount
        guard found > 0 else { return }
        guard found <= Self.capacity else {
            for i in 0..<batch.count { body(i) }
            return
        }
        let origin = batch[0].startPosition
        var next = 0
        for k in 0..<found {
            let place = origin + Int32(finding == .formula ? formulas[k] : risky[k])
            // Places are in order: a record holding several is seen at the first.
            guard next < batch.count, place >= batch[next].startPosition else { continue }
            let row = Self.record(containing: place, in: batch, from: next)
            body(row)
            next = row + 1
        }
    }

    /// Finds the places in `batch`, unless they are those of the batch scanned last (the second
    /// rule to ask).
    private func scan(_ batch: RecordBatch) {
        let identity = batch.identity
        guard identity != described else { return }
        described = identity
        guard !batch.isEmpty else {
            formulaCount = 0
            riskyCount = 0
            return
        }
        let bytes = batch.bytes
        let delimiter = batch.delimiter
        formulas.withUnsafeMutableBufferPointer { formulas in
            risky.withUnsafeMutableBufferPointer { risky in
                var f = enlint_positions(positions: formulas.baseAddress, capacity: formulas.count, count: 0)
                var r = enlint_positions(positions: risky.baseAddress, capacity: risky.count, count: 0)
                enlint_text_scan(bytes.baseAddress, bytes.count, delimiter, &f, &r)
                formulaCount = f.count
                riskyCount = r.count
            }
        }
    }

    /// The index of the last record of `batch`, from `low` on, that starts at or before buffer
    /// position `p`: the record holding a byte the scan found.
    static func record(containing p: Int32, in batch: RecordBatch, from low: Int = 0) -> Int {
        var low = low, high = batch.count - 1
        while low < high {
            let mid = (low + high + 1) >> 1
            if batch[mid].startPosition <= p { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
