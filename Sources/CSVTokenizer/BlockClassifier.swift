import CSIMDScan

/// Finds the next byte that matters to the tokenizer (delimiter, quote, CR, LF) 64 bytes at a
/// time: each block is classified once into bitmasks, and successive look-ups inside the block
/// only shift and count bits. This replaces a byte-at-a-time loop in every scanning state.
///
/// Reads up to 64 bytes past `end` (the tokenizer keeps `readSlack` bytes allocated there);
/// bits for those bytes are cleared, so they never count.
struct BlockClassifier {
    let buffer: UnsafeMutablePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// Start of the classified block; its masks cover `base..<base + 64`.
    private var base = Int.min / 2
    private var delimiterBits: UInt64 = 0
    private var otherBits: UInt64 = 0

    /// Byte by byte instead of by blocks: the reference path the fast one is checked against.
    let bytewise: Bool

    init(buffer: UnsafeMutablePointer<UInt8>, end: Int, delimiter: UInt8, bytewise: Bool = false) {
        self.buffer = buffer
        self.end = end
        self.delimiter = delimiter
        self.bytewise = bytewise
    }

    /// Which fill of the buffer the masks describe: any compaction or refill moves or adds data
    /// and makes them stale.
    var generation = 0

    /// The position of the first byte at or after `p` that is a quote, CR or LF, or (when
    /// `delimitersToo`) the delimiter; `end` when there is none.
    @inline(__always)
    mutating func next(from p: Int, delimitersToo: Bool) -> Int {
        if p >= end { return end }
        if bytewise { return nextBytewise(from: p, delimitersToo: delimitersToo) }
        if p < base || p >= base + 64 { classify(at: p) }
        var shift = p - base
        while true {
            let bits = (delimitersToo ? delimiterBits | otherBits : otherBits) >> UInt64(shift)
            if bits != 0 { return base + shift + bits.trailingZeroBitCount }
            if base + 64 >= end { return end }
            classify(at: base + 64)
            shift = 0
        }
    }

    func nextBytewise(from p: Int, delimitersToo: Bool) -> Int {
        var i = p
        while i < end {
            let b = buffer[i]
            if b == 0x22 || b == 0x0A || b == 0x0D || delimitersToo && b == delimiter { return i }
            i += 1
        }
        return end
    }

    @inline(__always)
    private mutating func classify(at start: Int) {
        base = start
        enlint_classify64(buffer + start, delimiter, &delimiterBits, &otherBits)
        let valid = end - start
        if valid < 64 {
            let keep: UInt64 = (1 << UInt64(valid)) - 1
            delimiterBits &= keep
            otherBits &= keep
        }
    }
}
