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

/// The structural bytes from a position on, as 64-byte bitmasks: the plain-record scanner's
/// cursor. Delimiters and the other structural bytes (quote, CR, LF) have masks of their own,
/// so that the scanner can take every delimiter before the next other byte as a field end
/// without looking at the bytes. A struct of a few words, so that it lives in registers.
///
/// The same loads also find the bytes that are not plain ASCII text (NUL or >= 0x80), so that
/// the scanner can tell, per record and at no extra pass, that a record needs no UTF-8 or NUL
/// check: see `recordEnds(at:)`.
struct StructuralBits {
    let buffer: UnsafeMutablePointer<UInt8>
    let end: Int
    let delimiter: UInt8
    /// The masks cover `base..<base + 64`.
    private(set) var base: Int
    /// Delimiter bits of that block not yet consumed, none past `end`.
    var delimiters: UInt64 = 0
    /// Quote, CR and LF bits of that block not yet consumed, none past `end`.
    var others: UInt64 = 0
    /// Bits of that block's bytes that are NUL or >= 0x80 and belong to the record in progress
    /// or later ones (those of filed records are cleared).
    private var nonPlain: UInt64 = 0
    /// Non-zero when the record in progress holds such a byte in a block already left.
    private var recordNonPlain: UInt64 = 0

    @inline(__always)
    init(buffer: UnsafeMutablePointer<UInt8>, end: Int, delimiter: UInt8, at p: Int) {
        self.buffer = buffer
        self.end = end
        self.delimiter = delimiter
        base = p
        classify(at: p)
    }

    /// The masks of the 64 bytes from `start`, none past `end` (the slack after the data may
    /// hold anything, NUL bytes included).
    @inline(__always)
    private mutating func classify(at start: Int) {
        base = start
        enlint_classify64_plain(buffer + start, delimiter, &delimiters, &others, &nonPlain)
        let valid = end - start
        if valid < 64 {
            let keep: UInt64 = (1 << UInt64(max(valid, 0))) &- 1
            delimiters &= keep
            others &= keep
            nonPlain &= keep
        }
    }

    /// Moves on to the next block, when every bit of this one is consumed. False at the end
    /// of the data.
    @inline(__always)
    mutating func advance() -> Bool {
        guard base &+ 64 < end else { return false }
        // What is left of the block lies after the last filed record: the record in progress.
        recordNonPlain |= nonPlain
        classify(at: base &+ 64)
        return true
    }

    /// Skips to `target`: later structural positions only. `target` must not be before the
    /// last position consumed, nor past `end` (at `end`, the block there has no bits). Blocks
    /// skipped on the way are classified all the same, for their plain-ASCII bits (they belong
    /// to the record in progress).
    @inline(__always)
    mutating func seek(_ target: Int) {
        while target &- base >= 64 {
            recordNonPlain |= nonPlain
            classify(at: base &+ 64)
        }
        let keep: UInt64 = ~0 << UInt64(truncatingIfNeeded: target &- base)
        delimiters &= keep
        others &= keep
    }

    /// The record in progress ends at `stop`, a position in the block (its terminator):
    /// whether all its bytes are plain ASCII (0x01...0x7F). The next record starts after `stop`.
    @inline(__always)
    mutating func recordEnds(at stop: Int) -> Bool {
        // Bits 0 ... stop - base (at most 63).
        let upTo = (UInt64(2) &<< UInt64(truncatingIfNeeded: stop &- base)) &- 1
        let plain = (recordNonPlain | (nonPlain & upTo)) == 0
        nonPlain &= ~upTo
        recordNonPlain = 0
        return plain
    }
}
