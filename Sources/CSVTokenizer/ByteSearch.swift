import CSIMDScan

/// Vectorised byte searches for rules and the engine (SSE2 on x86-64, scalar elsewhere), so
/// that checks which must look at every byte of a record cost a fraction of a byte loop.
public enum ByteSearch {
    /// Index of the first byte equal to any of the four, or nil.
    @inlinable
    public static func firstIndex(
        ofAny a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, in bytes: UnsafeBufferPointer<UInt8>
    ) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let i = enlint_find_any4(base, bytes.count, a, b, c, d)
        return i < bytes.count ? i : nil
    }

    /// Index of the first byte that is NUL or not ASCII, `bytes.count` when there is none.
    @inlinable
    public static func firstNonPlain(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return enlint_first_non_plain(base, bytes.count)
    }

    /// Whether every byte is ASCII and none is NUL (the common case of a record).
    @inlinable
    public static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return enlint_is_plain_ascii(base, bytes.count) != 0
    }
}
