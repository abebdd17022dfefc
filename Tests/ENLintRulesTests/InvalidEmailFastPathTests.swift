import Testing

@testable import ENLintRules

/// The vectorised fast path may only accept what the full check accepts.
@Suite struct InvalidEmailFastPathTests {
    static let samples: [String] = [
        "sam@example.org", "a@b.co", "sam.oduya+tag@mail.example.co.uk", "x@y", "@example.org", "sam@",
        "sam@@example.org", "sam@example..org", "sam@-example.org", "sam@example.org-", "sam @example.org",
        " sam@example.org", "sam@example.org ", "a,b@example.org", "a@example.org;b@example.org", "sam\t@x.org",
        "sam@exa\nmple.org", "séan@example.org", "sam@example.org\u{A0}", "sam\u{200B}@example.org", "",
        String(repeating: "a", count: 495) + "@x.org", String(repeating: "a", count: 494) + "@x.org",
    ]

    @Test func fastPathAcceptsOnlyWhatTheFullCheckAccepts() {
        var generator = SeededGenerator(seed: 404)
        // Address-shaped inputs with random damage: mostly plausible, some not.
        let alphabet = Array("ab.-@,; \t".utf8) + [0xC3, 0xA9]
        var inputs = Self.samples.map { Array($0.utf8) }
        for _ in 0..<5000 {
            var bytes = Array("sam.o@mail.example.org".utf8)
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[i] = alphabet.randomElement(using: &generator)!
            }
            inputs.append(bytes)
        }
        var accepted = 0
        for bytes in inputs {
            bytes.withUnsafeBufferPointer { value in
                if InvalidEmailRule.isPlainlyValid(value) {
                    accepted += 1
                    #expect(InvalidEmailRule.fullCheck(value) == nil, "fast path accepted \(Array(value))")
                }
            }
        }
        #expect(accepted > 10)
    }

    @Test func commonAddressesTakeTheFastPath() {
        for address in ["sam@example.org", "sam.oduya+tag@mail.example.co.uk", "a@b.co"] {
            #expect(Array(address.utf8).withUnsafeBufferPointer(InvalidEmailRule.isPlainlyValid))
        }
    }
}

/// SplitMix64: a fixed seed makes every failure reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
