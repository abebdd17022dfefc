/// A remembered short value, to skip work on a row that repeats it byte for byte (campaign IDs,
/// currencies and transaction types are the same on almost every row). Values of up to 16 bytes
/// only: a longer one is never taken for a repeat.
///
/// The value is kept as its length and two words read from inside it (the first and the last
/// 8, 4 or 2 bytes, overlapping when it is shorter than 16): two values of the same length are
/// equal exactly when their words are. A comparison is a length test and two loads, with no copy
/// and no read past the value's end.
public struct RepeatedValue: Sendable {
    @usableFromInline var words: (UInt64, UInt64) = (0, 0)
    /// -1 when nothing is remembered.
    @usableFromInline var count = -1

    public init() {}

    /// The words of a value of `count` bytes, 0...16, at `p`.
    @inlinable @inline(__always)
    static func words(_ p: UnsafeRawPointer, _ count: Int) -> (UInt64, UInt64) {
        if count >= 8 {
            return (p.loadUnaligned(as: UInt64.self), (p + count - 8).loadUnaligned(as: UInt64.self))
        }
        if count >= 4 {
            return (UInt64(p.loadUnaligned(as: UInt32.self)), UInt64((p + count - 4).loadUnaligned(as: UInt32.self)))
        }
        if count >= 2 {
            return (UInt64(p.loadUnaligned(as: UInt16.self)), UInt64((p + count - 2).loadUnaligned(as: UInt16.self)))
        }
        return count == 1 ? (UInt64(p.load(as: UInt8.self)), 0) : (0, 0)
    }

    /// Whether `value` is the remembered value.
    @inlinable @inline(__always)
    public func holds(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count == count, let p = value.baseAddress else { return false }
        return Self.words(UnsafeRawPointer(p), count) == words
    }

    /// Whether `other` remembers the same value (false when either remembers nothing).
    @inlinable @inline(__always)
    public func holds(_ other: RepeatedValue) -> Bool {
        count >= 0 && count == other.count && words == other.words
    }

    /// Calls `body` with a test equal to `holds`, written for the remembered length: a loop
    /// that tests many values against one remembered value (a batch screen) then has no
    /// branches on the length inside it, once the call is inlined.
    @inlinable @inline(__always)
    public func withHoldsTest<R>(_ body: ((UnsafeBufferPointer<UInt8>) -> Bool) -> R) -> R {
        let count = count
        let (first, last) = words
        if count >= 8 {
            return body { v in
                guard v.count == count, let p = v.baseAddress else { return false }
                return UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) == first
                    && UnsafeRawPointer(p + count - 8).loadUnaligned(as: UInt64.self) == last
            }
        }
        if count >= 4 {
            return body { v in
                guard v.count == count, let p = v.baseAddress else { return false }
                return UInt64(UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)) == first
                    && UInt64(UnsafeRawPointer(p + count - 4).loadUnaligned(as: UInt32.self)) == last
            }
        }
        if count >= 2 {
            return body { v in
                guard v.count == count, let p = v.baseAddress else { return false }
                return UInt64(UnsafeRawPointer(p).loadUnaligned(as: UInt16.self)) == first
                    && UInt64(UnsafeRawPointer(p + count - 2).loadUnaligned(as: UInt16.self)) == last
            }
        }
        return body(holds)
    }

    /// Remembers `value` (forgets, when it is longer than 16 bytes).
    @inlinable @inline(__always)
    public mutating func remember(_ value: UnsafeBufferPointer<UInt8>) {
        guard value.count <= 16, let p = value.baseAddress else {
            count = -1
            return
        }
        words = Self.words(UnsafeRawPointer(p), value.count)
        count = value.count
    }

    /// Whether `value` is the same as the last value seen; remembers it otherwise.
    @inlinable @inline(__always)
    public mutating func repeats(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if holds(value) { return true }
        remember(value)
        return false
    }
}
