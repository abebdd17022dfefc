import TestSupport
import Testing

@testable import ENLintRules

/// The loose key of a plain ASCII header name, built from its bytes, must be the general key.
@Suite struct HeaderNameKeyTests {
    static func generalKey(_ name: String) -> String {
        HeaderName.collapsed(HeaderName.straight(HeaderName.visible(name))).lowercased()
    }

    @Test func plainKeyIsTheGeneralKey() {
        let names = ["Email Address", " Email  Address ", "EMAIL", "", " ", "   ", "A", "Opt-In #1 (Y/N)", "a  b c", "~Zz[]{}@`"]
        for name in names {
            #expect(HeaderName.plainLooseKey(name) == Self.generalKey(name), "\(name)")
        }
        var rng = SplitMix64(seed: 31)
        for _ in 0..<2_000 {
            let length = Int(rng.next() % 12)
            let name = String(decoding: (0..<length).map { _ in rng.next() % 3 == 0 ? 0x20 : UInt8(0x20 + rng.next() % 95) }, as: UTF8.self)
            #expect(HeaderName.plainLooseKey(name) == Self.generalKey(name), "\(name)")
        }
    }

    @Test func otherNamesTakeTheGeneralKey() {
        for name in ["Email\tAddress", "Email\u{A0}Address", "\u{201C}Email\u{201D}", "Emai\u{200B}l", "Émail", "a\r\nb", "a\u{7F}"] {
            #expect(HeaderName.plainLooseKey(name) == nil, "\(name)")
            #expect(!HeaderName.looseKey(name).isEmpty)
        }
        #expect(HeaderName.looseKey("\u{201C}Email\u{A0} Address\u{201D}") == "\"email address\"")
    }
}
