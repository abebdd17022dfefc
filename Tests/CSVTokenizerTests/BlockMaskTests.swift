import CSIMDScan
import TestSupport
import Testing

/// The 64-byte block classifier's implementations (AVX2 where the machine has it, SSE2; the
/// plain-record loop inlines the same two) give the masks of a plain byte loop (the scalar code
/// of other machines, written out here) for blocks of the bytes that matter, in every position.
@Suite struct BlockMaskTests {
    static let alphabet: [UInt8] = [0x2C, 0x3B, 0x22, 0x0A, 0x0D, 0x00, 0x01, 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x61, 0x09]

    struct Masks: Equatable {
        var delimiters: UInt64 = 0
        var others: UInt64 = 0
        var nonPlain: UInt64 = 0
    }

    static func reference(_ block: [UInt8], delimiter: UInt8) -> Masks {
        var m = Masks()
        for (i, b) in block.enumerated() {
            let bit: UInt64 = 1 << UInt64(i)
            if b == delimiter { m.delimiters |= bit }
            if b == 0x22 || b == 0x0A || b == 0x0D { m.others |= bit }
            if b == 0 || b >= 0x80 { m.nonPlain |= bit }
        }
        return m
    }

    typealias Classify = (UnsafePointer<UInt8>, UInt8, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>) -> Void

    static func run(_ classify: Classify, _ block: [UInt8], delimiter: UInt8) -> Masks {
        var m = Masks()
        block.withUnsafeBufferPointer { classify($0.baseAddress!, delimiter, &m.delimiters, &m.others, &m.nonPlain) }
        return m
    }

    @Test func implementationsAgreeWithTheReference() {
        var rng = SplitMix64(seed: 0xB10C)
        // The dispatched one is the AVX2 code where the machine has AVX2.
        let implementations: [(String, Classify)] = [
            ("sse2", { enlint_classify64_plain_sse2($0, $1, $2, $3, $4) }),
            (enlint_has_avx2() != 0 ? "avx2" : "dispatched", { enlint_classify64_plain($0, $1, $2, $3, $4) }),
        ]
        for n in 0..<3000 {
            // Mostly one byte kind with others sprinkled in, or all random.
            let fill = rng.pick(Self.alphabet)
            let block = (0..<64).map { _ in rng.chance(0.3) ? rng.pick(Self.alphabet) : fill }
            let delimiter = rng.pick([UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
            let want = Self.reference(block, delimiter: delimiter)
            for (name, classify) in implementations {
                let got = Self.run(classify, block, delimiter: delimiter)
                guard got == want else {
                    Issue.record("\(name) case \(n) delimiter \(delimiter): got \(got), want \(want), block \(block)")
                    return
                }
            }
        }
    }
}
