import Testing
import TestSupport

@testable import ENLintCore

/// `ColumnRole.normalize` decides ASCII by value and asks Unicode's properties only beyond it;
/// both must give what the properties alone give.
@Suite struct ColumnRoleNormalizeTests {
    /// The definition: every scalar by its Unicode properties.
    static func reference(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars { ColumnRole.appendNormalized(scalar, to: &out) }
        return String(out)
    }

    @Test func everyASCIIScalarAloneAndInAName() {
        for value in UInt8(0)...UInt8(0x7F) {
            let scalar = String(Unicode.Scalar(value))
            #expect(ColumnRole.normalize(scalar) == Self.reference(scalar), "U+\(String(value, radix: 16))")
            let name = "Ab" + scalar + "9z"
            #expect(ColumnRole.normalize(name) == Self.reference(name), "U+\(String(value, radix: 16))")
        }
    }

    @Test func documentedExamples() {
        for name in ["Supporter Email", "supporter_email", "SUPPORTER-EMAIL", " supporter.email "] {
            #expect(ColumnRole.normalize(name) == "supporteremail")
        }
        #expect(ColumnRole.normalize("Campaign ID #2") == "campaignid2")
        #expect(ColumnRole.normalize("") == "")
    }

    @Test func nonASCIINamesFollowUnicode() {
        // Accented and non-Latin letters, a capital whose lower case is two scalars (İ), digits
        // of other scripts (not kept: only 0-9 count), a combining mark, symbols, emoji.
        for name in ["Émail Adresse", "Straße", "İstanbul", "ΣΑΣ", "Дата", "٣ Amount", "e\u{301}mail", "€ Betrag", "📧 mail", "ﬁeld"] {
            #expect(ColumnRole.normalize(name) == Self.reference(name), "\(name)")
        }
    }

    @Test func randomNamesMixingASCIIAndBeyond() {
        var random = SplitMix64(seed: 0xC01_0E5)
        let pool: [Unicode.Scalar] = (0x20...0x7E).compactMap(Unicode.Scalar.init) + ["\t", "\u{A0}", "é", "Ä", "ß", "İ", "Σ", "ς", "Д", "٣", "\u{301}", "€", "📧", "ﬁ", "\u{FEFF}", "Ǆ"]
        for _ in 0..<2000 {
            var name = String.UnicodeScalarView()
            for _ in 0..<random.int(0...24) { name.append(random.pick(pool)) }
            let text = String(name)
            #expect(ColumnRole.normalize(text) == Self.reference(text), "\(text.debugDescription)")
        }
    }
}
