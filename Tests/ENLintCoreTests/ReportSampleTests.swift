import Testing

@testable import ENLintCore
@testable import ENLintRules

/// The bounded sample of the file that the HTML report shows: offending rows, the field each
/// finding points at, campaign IDs.
@Suite struct ReportSampleTests {
    func lint(_ text: String, options: LintOptions = LintOptions(), rules: [String]) throws -> FileResult {
        let linter = Linter(ruleSet: try RuleSet(available: RuleRegistry.all, select: rules), options: options)
        return try linter.lint(bytes: Array(text.utf8))
    }

    @Test func findingsNameTheFieldTheyPointAt() throws {
        let result = try lint("a,b\n1,2,3\n\"x\"y,2\n", rules: ["EN203", "EN202"])
        let fields = result.diagnostics.map { "\($0.ruleID):\($0.field.map(String.init) ?? "-")" }
        #expect(fields == ["EN203:2", "EN202:0"])
    }

    @Test func offendingRowsAreKeptOnceEachWithTheirDecodedFields() throws {
        let result = try lint("a,b\n1,2\n\"x, y\",2,3\n", rules: ["EN203"])
        #expect(result.sample.rows == [SampledRow(record: 3, line: 3, fields: ["x, y", "2", "3"], fieldCount: 3)])
    }

    @Test func rowsStopAtTheLimitWhateverTheFileSize() throws {
        var options = LintOptions()
        options.maxPerRule = 1000
        let result = try lint("a,b\n" + String(repeating: "1\n", count: 500), options: options, rules: ["EN203"])
        #expect(result.diagnostics.count == 500)
        #expect(result.sample.rows.count == SampledRow.rowLimit)
        #expect(result.sample.rows.last?.record == SampledRow.rowLimit + 1)
    }

    @Test func longValuesAreClipped() throws {
        let long = String(repeating: "x", count: 1000)
        let result = try lint("a\n\(long),1\n", rules: ["EN203"])
        let kept = try #require(result.sample.rows.first?.fields.first)
        #expect(kept.count == SampledRow.textLimit + 1)
        #expect(kept.hasSuffix("…"))
    }

    @Test func summaryFindingsSayHowManyTheyStandFor() throws {
        var options = LintOptions()
        options.maxPerRule = 2
        let result = try lint("a,b\n" + String(repeating: "1\n", count: 5), options: options, rules: ["EN203"])
        #expect(result.diagnostics.map(\.findingCount) == [1, 1, 3])
    }

    @Test func campaignIDsOfTransactionFilesAreListedDistinctAndBounded() throws {
        var rows = ["Campaign ID,Transaction Date", "7,2024-01-01", "7,2024-01-02", "8,2024-01-02", "", "7,2024-01-03"]
        let result = try lint(rows.joined(separator: "\n"), rules: [])
        #expect(result.sample.campaignIDs.values == ["7", "8"])
        #expect(!result.sample.campaignIDs.hasMore)

        rows = ["Campaign ID,Transaction Date"] + (1...30).map { "\($0),2024-01-01" }
        let many = try lint(rows.joined(separator: "\n"), rules: [])
        #expect(many.sample.campaignIDs.values == (1...10).map(String.init))
        #expect(many.sample.campaignIDs.hasMore)
    }

    @Test func campaignIDsAreListedAcrossBatchesWhateverTheirShape() throws {
        // Several batches (at most 1,024 records each) of repeated IDs, with new ones deep in:
        // a long ID (over the 16 bytes a repeat is told by words), a quoted one with a doubled
        // quote (which the batch screen leaves to the record-by-record path), blank IDs and
        // blank lines between.
        let long = "CAMPAIGN-2024-SPRING-APPEAL"
        var rows = ["Campaign ID,Transaction Date"]
        for row in 1...5_000 {
            let id = switch row {
            case ..<1_500: "111"
            case 1_500..<2_600: row % 7 == 0 ? "" : long
            case 2_600..<2_601: "\"9\"\"9\""
            case 2_601..<4_000: row % 500 == 0 ? "\"111\"" : "222"
            default: row == 4_999 ? "333" : "222"
            }
            rows.append(row % 1_000 == 0 ? "" : "\(id),2024-01-01")
        }
        let result = try lint(rows.joined(separator: "\n"), rules: [])
        #expect(result.sample.campaignIDs.values == ["111", long, "9\"9", "222", "333"])
        #expect(!result.sample.campaignIDs.hasMore)
    }

    @Test func supporterFilesHaveNoCampaignIDs() throws {
        let result = try lint("Campaign ID,Email\n7,a@example.org\n", rules: [])
        #expect(result.sample.campaignIDs.values.isEmpty)
    }
}
