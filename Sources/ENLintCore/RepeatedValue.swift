/// The last value a column held, to skip work on a row that repeats it byte for byte (campaign
/// IDs and transaction types are the same on almost every row). Short values only: a longer one
/// is never taken for a repeat.
public struct RepeatedValue: Sendable {
    @usableFromInline var bytes: (UInt64, UInt64) = (0, 0)
    @usableFromInline var count = -1

    public init() {}

    /// Whether `value` is the same as the last value seen; remembers it otherwise.
    @inlinable @inline(__always)
    public mutating func repeats(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count <= 16, let source = value.baseAddress else {
            count = -1
            return false
        }
        var packed: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &packed) { $0.baseAddress!.copyMemory(from: source, byteCount: value.count) }
        if value.count == count && packed == bytes { return true }
        bytes = packed
        count = value.count
        return false
    }
}
