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

/// The structural bytes (delimiter, quote, CR, LF) from a position on, in order, found through
/// 64-byte bitmasks: the plain-record scanner's cursor. A struct of a few words, so that it
/// lives in registers inside the scanning loop.
struct StructuralBits {
    let buffer: UnsafeMutablePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// The masks cover `base..<base + 64`.
    private var base: Int
    /// Structural bits of that block not yet consumed, none past `end`.
    private var bits: UInt64

    @inline(__always)
    init(buffer: UnsafeMutablePointer<UInt8>, end: Int, delimiter: UInt8, at p: Int) {
        self.buffer = buffer
        self.end = end
        self.delimiter = delimiter
        base = p
        bits = 0
        bits = classify(at: p)
    }

    @inline(__always)
    private func classify(at start: Int) -> UInt64 {
        let bits = enlint_structural64(buffer + start, delimiter)
        let valid = end - start
        return valid >= 64 ? bits : bits & ((1 << UInt64(max(valid, 0))) &- 1)
    }

    /// The first structural position not consumed yet, nil when there is none before `end`.
    @inline(__always)
    mutating func next() -> Int? {
        while bits == 0 {
            base += 64
            guard base < end else { return nil }
            bits = classify(at: base)
        }
        return base &+ bits.trailingZeroBitCount
    }

    /// Consumes the position `next()` returned.
    @inline(__always)
    mutating func consume() {
        bits &= bits &- 1
    }

    /// Skips to `target`: later structural positions only. `target` must not be before the
    /// last position consumed.
    @inline(__always)
    mutating func seek(_ target: Int) {
        let offset = target &- base
        if offset < 64 {
            bits &= ~0 << UInt64(offset)
        } else {
            base = target
            bits = classify(at: target)
        }
    }
}
