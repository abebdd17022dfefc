import ENLintCore
import ENLintRules
import Foundation
import Testing

/// Every file `Fixtures/rules/<ID>-<slug>.csv` is linted with all rules; the findings of rule
/// `<ID>` must be exactly the `LINE:COLUMN` lines of `<ID>-<slug>.expected`. An optional
/// `<ID>-<slug>.args` holds extra CLI arguments, one per line (`--kind`, `--format-header PATH`,
/// `--column ROLE=NAME`; paths relative to the repository root). The CLI tests run the same
/// files through the `enlint` binary.
struct RuleFixture: Sendable, CustomStringConvertible {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let directory = root.appendingPathComponent("Fixtures/rules")

    let name: String
    var description: String { name }
    var ruleID: String { String(name.prefix { $0 != "-" }) }
    var csv: URL { Self.directory.appendingPathComponent(name + ".csv") }

    static var all: [RuleFixture] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".csv") }.sorted().map { RuleFixture(name: String($0.dropLast(4))) }
    }

    var arguments: [String] {
        let url = Self.directory.appendingPathComponent(name + ".args")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    var expected: [String] {
        let url = Self.directory.appendingPathComponent(name + ".expected")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Applies the `.args` file to lint options (the subset the fixtures use).
    func options() throws -> LintOptions {
        var options = LintOptions()
        var args = arguments[...]
        while let flag = args.popFirst() {
            guard let value = args.popFirst() else {
                throw FixtureError(message: "\(name).args: \(flag) needs a value")
            }
            switch flag {
            case "--kind", "--format-name": options.kind = ImportKind(argument: value)
            case "--format-header":
                options.formatHeader = SavedFormat.parseHeader(
                    Array(try Data(contentsOf: Self.root.appendingPathComponent(value))))
            case "--column":
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                let role = try #require(ColumnRole(rawValue: parts[0]))
                options.columnOverrides[role] = parts[1]
            default: Issue.record("\(name).args: unsupported flag \(flag)")
            }
        }
        return options
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

@Suite struct RuleFixtureTests {
    @Test(arguments: RuleFixture.all)
    func fixtureFindingsMatchExpectations(fixture: RuleFixture) throws {
        let linter = Linter(ruleSet: try RuleSet(available: RuleRegistry.all), options: try fixture.options())
        let bytes = Array(try Data(contentsOf: fixture.csv))
        let result = try linter.lint(bytes: bytes, path: fixture.csv.path)
        let found = result.diagnostics.filter { $0.ruleID == fixture.ruleID }.map { "\($0.line):\($0.column)" }
        #expect(!fixture.expected.isEmpty, "\(fixture.name).expected is missing or empty")
        #expect(found == fixture.expected)
    }

    /// Rules whose fixture would have to be huge; GeneratedFileTests builds their files in memory:
    /// EN101 (file-too-large) needs a file over 20 MB, EN209 (oversized-field) a value over 1 MiB.
    static let exemptions: Set<String> = ["EN101", "EN209"]

    @Test func everyRuleHasAFixture() {
        let covered = Set(RuleFixture.all.map(\.ruleID)).union(Self.exemptions)
        let missing = RuleRegistry.all.map { $0.description.id }.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "rules without a Fixtures/rules file: \(missing)")
    }
}
