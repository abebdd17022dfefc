import CSVTokenizer

/// Byte-level checks run on records that fail the fast "plain ASCII without NUL" test
/// (`ByteSearch.isPlainASCII`): the exact UTF-8 walk.
enum ByteScan {
    enum Problem {
        case nul
        case invalidUTF8
    }

    /// Walks `bytes` and calls `found` with the index and kind of every NUL and every byte that
    /// starts an invalid UTF-8 sequence (an invalid sequence is reported once, at its first byte).
    static func findProblems(_ bytes: UnsafeBufferPointer<UInt8>, _ found: (Int, Problem) -> Void) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0 {
                found(i, .nul)
                i += 1
                continue
            }
            if b < 0x80 {
                // A run of plain ASCII (whole characters) is skipped 16 bytes at a time.
                i += ByteSearch.firstNonPlain(in: UnsafeBufferPointer(rebasing: bytes[i...]))
                continue
            }
            let length = validSequenceLength(bytes, at: i)
            if length == 0 {
                found(i, .invalidUTF8)
                i += 1
            } else {
                i += length
            }
        }
    }

    /// Length of the valid UTF-8 sequence starting at `i` (a non-ASCII lead byte), or 0.
    /// Rejects overlong forms, surrogates and code points above U+10FFFF (RFC 3629).
    static func validSequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = bytes.count
        let b0 = bytes[i]
        @inline(__always) func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            i + k < n && bytes[i + k] >= low && bytes[i + k] <= high
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}
