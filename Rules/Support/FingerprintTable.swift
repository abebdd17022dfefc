/// A compact map from 64-bit fingerprints (already well-mixed hashes) to the line where each was
/// first seen: open addressing with linear probing in two flat arrays, 12 bytes an entry. It
/// replaces `Dictionary<UInt64, Int32>` on the per-row path, where the dictionary's re-hashing
/// and reference counting cost more than the rest of the row's checks.
struct FingerprintTable {
    private var keys: [UInt64]
    private var lines: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        lines = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// The line `fingerprint` was first seen on; when it is new, records `line` and returns nil.
    mutating func firstLine(of fingerprint: UInt64, orInsert line: Int32) -> Int32? {
        let key = fingerprint == 0 ? 1 : fingerprint  // 0 marks an empty slot
        var slot = Self.slot(key, mask)
        while keys[slot] != 0 {
            if keys[slot] == key { return lines[slot] }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        lines[slot] = line
        count += 1
        if count * 4 > keys.count * 3 { grow() }
        return nil
    }

    /// Fibonacci hashing: the high bits of a multiply spread any fingerprint evenly.
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldLines = lines
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        lines = [Int32](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (key, line) in zip(oldKeys, oldLines) where key != 0 {
            var slot = Self.slot(key, mask)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            lines[slot] = line
        }
    }
}
