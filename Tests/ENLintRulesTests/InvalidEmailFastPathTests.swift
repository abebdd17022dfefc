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
        // Address-shaped inputs with every single-byte and every adjacent two-byte damage:
        // mostly still plausible, some not. Exhaustive, so no random generator is needed.
        let alphabet = Array("ab.-@,; \t".utf8) + [0xC3, 0xA9, 0x0A]
        let base = Array("sam.o@mail.example.org".utf8)
        var inputs = Self.samples.map { Array($0.utf8) }
        for i in base.indices {
            for a in alphabet {
                var one = base
                one[i] = a
                inputs.append(one)
                guard i + 1 < base.count else { continue }
                for b in alphabet {
                    var two = one
                    two[i + 1] = b
                    inputs.append(two)
                }
            }
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

    @Test func masksAgreeWithTheBytewiseTest() {
        // Every damaged address above, and lengths around the 64-byte mask width.
        var inputs = Self.samples.map { Array($0.utf8) }
        for length in 58...70 {
            let local = Array(repeating: UInt8(ascii: "a"), count: length - 6)
            inputs += [local + Array("@x.org".utf8), local + Array("@x.or-".utf8), Array("@".utf8) + local + Array("x.org".utf8)]
        }
        let base = Array("sam.o@mail.example.org".utf8)
        for i in base.indices {
            for a in Array("ab.-@,; \t".utf8) + [0x7F, 0x00, 0xC3] {
                var one = base
                one[i] = a
                inputs.append(one)
            }
        }
        var accepted = 0
        for bytes in inputs where bytes.count <= 64 {
            bytes.withUnsafeBufferPointer { value in
                let byMasks = InvalidEmailRule.isPlainlyValidByMasks(value)
                #expect(byMasks == InvalidEmailRule.isPlainlyValidBytewise(value), "\(String(decoding: value, as: UTF8.self).debugDescription)")
                if byMasks { accepted += 1 }
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

