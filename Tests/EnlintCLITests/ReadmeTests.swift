import Foundation
import Testing

/// The README documents what the code does; these keep the two from drifting apart.
@Suite struct ReadmeTests {
    static func readme() throws -> String {
        try String(contentsOf: EnlintRunner.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    }

    @Test func ruleTableIsGeneratedFromTheRuleDescriptions() throws {
        let text = try Self.readme()
        let start = try #require(text.range(of: "<!-- rules:start -->\n"))
        let end = try #require(text.range(of: "<!-- rules:end -->"))
        let table = String(text[start.upperBound..<end.lowerBound])
        let generated = try EnlintRunner.run(["rules", "--format", "markdown"])
        #expect(generated.status == 0)
        #expect(table == generated.stdout, "README rule table is stale: run scripts/update-readme-rules.sh")
    }

    @Test func firstScreenCommandsAreTheOnesCIRuns() throws {
        let text = try Self.readme()
        #expect(text.contains("swift run enlint Fixtures/transactions-bad.csv"))
        #expect(text.contains("\nswift test "))
        let ci = try String(contentsOf: EnlintRunner.repositoryRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("\nswift test\n"))
        #expect(FileManager.default.fileExists(atPath: EnlintRunner.repositoryRoot.appendingPathComponent("Fixtures/transactions-bad.csv").path))
    }
}
