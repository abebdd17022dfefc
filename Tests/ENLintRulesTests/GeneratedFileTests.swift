import ENLintCore
import ENLintRules
import Testing

/// Rules whose trigger is a size too large for a committed fixture, checked on files generated
/// in memory with the default limits (the CLI tests also check them on generated files: `RuleFixtureTests` in EnlintCLITests).
@Suite struct GeneratedFileTests {
    /// Excel "Unicode Text" (UTF-16LE with a byte order mark) of `units` characters: cheap to
    /// build, and not tokenized, so that a 20 MB file stays fast in a debug build.
    static func unicodeText(units: Int) -> [UInt8] {
        var text = [UInt16](repeating: UInt16(UInt8(ascii: "A")).littleEndian, count: units)
        text[0] = UInt16(0xFEFF).littleEndian
        return text.withUnsafeBytes { Array($0) }
    }

    static func lint(_ bytes: [UInt8], rule: String) throws -> [Diagnostic] {
        let result = try Linter(ruleSet: try RuleSet(available: RuleRegistry.all)).lint(bytes: bytes)
        return result.diagnostics.filter { $0.ruleID == rule }
    }

    @Test func fileOverTwentyMegabytesIsAnError() throws {
        let found = try Self.lint(Self.unicodeText(units: 10_000_001), rule: "EN101")
        #expect(found.map { "\($0.line):\($0.column) \($0.severity)" } == ["1:1 error"])
        #expect(found.first?.message == "the file is 20,000,002 bytes (20.0 MB), over EN's upload limit of 20,000,000 bytes (20.0 MB)")
    }

    @Test func fileAtNinetyPercentOfTheLimitIsAWarning() throws {
        let found = try Self.lint(Self.unicodeText(units: 9_000_000), rule: "EN101")
        #expect(found.map { "\($0.line):\($0.column) \($0.severity)" } == ["1:1 warning"])
    }

    @Test func valueOverOneMebibyteIsReported() throws {
        // An unclosed quote on line 3 swallows the rest of a file of about 1.2 MB.
        var bytes = Array("Email Address,Comments\nsam@example.org,ok\nkim@example.org,\"Thanks\n".utf8)
        let row = Array("lee@example.org,Great\n".utf8)
        while bytes.count < 1_200_000 { bytes += row }
        let found = try Self.lint(bytes, rule: "EN209")
        #expect(found.map { "\($0.line):\($0.column)" } == ["3:17"])
        #expect(found.first?.message.contains("over the bound of 1,048,576 bytes (1.0 MiB)") == true)
        #expect(try Self.lint(bytes, rule: "EN201").map { "\($0.line):\($0.column)" } == ["3:17"])
    }
}
