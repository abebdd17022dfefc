import Foundation
import Testing

/// Every file `Fixtures/rules/<ID>-<slug>.csv` is linted by the `enlint` binary with all rules;
/// the findings of rule `<ID>` must be exactly the `LINE:COLUMN` lines of `<ID>-<slug>.expected`.
/// An optional `<ID>-<slug>.args` holds extra arguments, one per line (paths relative to the
/// repository root).
struct RuleFixture: Sendable, CustomStringConvertible {
    static let directory = EnlintRunner.repositoryRoot.appendingPathComponent("Fixtures/rules")

    let name: String
    var description: String { name }
    var ruleID: String { String(name.prefix { $0 != "-" }) }

    static var all: [RuleFixture] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".csv") }.sorted().map { RuleFixture(name: String($0.dropLast(4))) }
    }

    func lines(_ suffix: String) -> [String] {
        let url = Self.directory.appendingPathComponent(name + suffix)
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}

/// The `rule`, `line` and `column` of each finding in json-lines output.
func findings(in jsonLines: String) throws -> [(rule: String, line: Int, column: Int)] {
    try jsonLines.split(separator: "\n").map { line in
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return (try #require(object["rule"] as? String), try #require(object["line"] as? Int), try #require(object["column"] as? Int))
    }
}

@Suite struct RuleFixtureTests {
    @Test(arguments: RuleFixture.all)
    func fixtureFindingsMatchExpectations(fixture: RuleFixture) throws {
        let outcome = try EnlintRunner.run(
            ["--isolated", "--output-format", "json-lines"] + fixture.lines(".args") + ["Fixtures/rules/\(fixture.name).csv"])
        #expect(outcome.status == 0 || outcome.status == 1)
        #expect(outcome.stderr == "")
        let found = try findings(in: outcome.stdout).filter { $0.rule == fixture.ruleID }.map { "\($0.line):\($0.column)" }
        #expect(!fixture.lines(".expected").isEmpty, "\(fixture.name).expected is missing or empty")
        #expect(found == fixture.lines(".expected"))
    }

    /// Rules whose fixture would have to be large are checked on generated files instead.
    static let generated: Set<String> = ["EN101", "EN209"]

    @Test func everyRuleHasAFixture() throws {
        let listing = try EnlintRunner.run(["rules"])
        let ids = listing.stdout.split(separator: "\n").map { String($0.prefix { $0 != " " }) }
        #expect(ids.count >= 29)
        let covered = Set(RuleFixture.all.map(\.ruleID)).union(Self.generated)
        #expect(ids.filter { !covered.contains($0) } == [], "rules without a Fixtures/rules file")
    }

    static func temporaryFile(_ bytes: Data) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-gen-\(UUID().uuidString).csv")
        try bytes.write(to: url)
        return url
    }

    @Test func fileTooLargeOnAGeneratedFileJustOverEnsLimit() throws {
        // 20,000,001 bytes of valid supporter rows: one byte over EN's 20 MB.
        let row = Array("sam.oduya@example.org,Sam,Oduya\n".utf8)
        var bytes = Array("Email Address,First Name,Last Name\n".utf8)
        bytes.reserveCapacity(20_000_100)
        while bytes.count + row.count <= 20_000_001 { bytes += row }
        bytes += Array(repeating: UInt8(ascii: "\n"), count: 20_000_001 - bytes.count)
        let url = try Self.temporaryFile(Data(bytes))
        defer { try? FileManager.default.removeItem(at: url) }
        let outcome = try EnlintRunner.run(["--isolated", "--select", "EN101", "--output-format", "json-lines", url.path])
        #expect(outcome.status == 1)
        let found = try findings(in: outcome.stdout)
        #expect(found.map { "\($0.rule) \($0.line):\($0.column)" } == ["EN101 1:1"])
        #expect(outcome.stdout.contains("20,000,001 bytes"))
    }

    @Test func oversizedFieldOnAGeneratedUnclosedQuote() throws {
        // An unclosed quote on line 3 swallows 1.2 MB: over the 1 MiB field bound.
        var text = "Email Address,Comments\nsam@example.org,fine\nkim@example.org,\"never closed\n"
        text += String(repeating: "more text, more lines\n", count: 60_000)
        let url = try Self.temporaryFile(Data(text.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let outcome = try EnlintRunner.run(["--isolated", "--select", "EN209,EN201", "--output-format", "json-lines", url.path])
        #expect(outcome.status == 1)
        let found = try findings(in: outcome.stdout).map { "\($0.rule) \($0.line):\($0.column)" }
        #expect(found == ["EN201 3:17", "EN209 3:17"])
    }
}
