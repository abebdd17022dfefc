import CSVTokenizer
import ENLintCore
import ENLintRules
import Testing

/// Runs every rule's own examples: triggering examples must produce exactly the marked findings
/// (line and column), non-triggering ones none. A rule is tested by writing its description.
@Suite struct RuleExampleTests {
    static let ruleIDs = RuleRegistry.all.map { $0.description.id }

    static func lint(_ example: RuleExample, with rule: any Rule.Type) throws -> [Diagnostic] {
        var options = LintOptions()
        options.kind = example.kind
        options.formatHeader = example.formatHeader.map(SavedFormat.parseHeader)
        options.columnOverrides = example.columns
        options.maxPerRule = 1000
        if let limit = example.maxFileBytes { options.maxFileBytes = limit }
        if let limits = example.tokenizerLimits { options.tokenizerLimits = limits }
        let linter = Linter(ruleSet: try RuleSet(available: [rule]), options: options)
        let result = try linter.lint(bytes: example.fixture().bytes, path: "example.csv")
        return result.diagnostics.filter { $0.ruleID == rule.description.id }
    }

    @Test(arguments: ruleIDs)
    func triggeringExamplesReportExactlyAtTheMarkers(id: String) throws {
        let rule = try #require(RuleRegistry.rule(named: id))
        for example in rule.description.triggeringExamples {
            let expected = example.fixture().locations.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            #expect(!expected.isEmpty, "\(id): a triggering example needs at least one ↓ marker or expected location")
            let found = try Self.lint(example, with: rule)
                .map { ExampleLocation(line: $0.line, column: $0.column) }
                .sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            #expect(found == expected, "\(id) on example:\n\(example.displayText)")
        }
    }

    @Test(arguments: ruleIDs)
    func nonTriggeringExamplesReportNothing(id: String) throws {
        let rule = try #require(RuleRegistry.rule(named: id))
        for example in rule.description.nonTriggeringExamples {
            let found = try Self.lint(example, with: rule)
            #expect(found.isEmpty, "\(id) fired on a non-triggering example:\n\(example.displayText)\n\(found.map(\.message))")
        }
    }

    @Test(arguments: ruleIDs)
    func descriptionIsComplete(id: String) throws {
        let d = try #require(RuleRegistry.rule(named: id)).description
        #expect(d.triggeringExamples.count >= 2, "\(id) needs two triggering examples")
        #expect(d.nonTriggeringExamples.count >= 2, "\(id) needs two non-triggering examples")
        for text in [d.name, d.summary, d.whatItDoes, d.whyItMatters, d.howToFix] {
            #expect(!text.isEmpty, "\(id) has an empty documentation part")
        }
        #expect(d.id.wholeMatch(of: /EN[1-6]\d\d/) != nil)
        #expect(d.slug.wholeMatch(of: /[a-z0-9]+(-[a-z0-9]+)*/) != nil)
    }

    @Test func idsAndSlugsAreUniqueAndInOrder() {
        let ids = RuleRegistry.all.map { $0.description.id }
        let slugs = RuleRegistry.all.map { $0.description.slug }
        #expect(Set(ids).count == ids.count)
        #expect(Set(slugs).count == slugs.count)
        #expect(ids == ids.sorted())
    }
}
