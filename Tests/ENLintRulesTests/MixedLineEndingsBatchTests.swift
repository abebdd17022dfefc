import ENLintCore
import ENLintRules
import Foundation
import Testing

/// EN107 skips a batch that brings no terminator kind it has not placed yet: a kind first met
/// deep in a file, many batches in, must still be placed at its exact line.
@Suite struct MixedLineEndingsBatchTests {
    static func findings(_ text: String) throws -> [String] {
        var options = LintOptions()
        options.kind = .transactions
        let linter = Linter(ruleSet: try RuleSet(available: RuleRegistry.all), options: options)
        return try linter.lint(bytes: Array(text.utf8)).diagnostics.filter { $0.ruleID == "EN107" }
            .map { "\($0.line):\($0.column) \($0.message)" }
    }

    @Test func aKindFirstSeenManyBatchesInIsPlacedExactly() throws {
        // 6,000 rows and the header (several batches of at most 1,024 records) ended by LF, but row 4,321
        // (line 4,322) by CRLF and rows 5,000 and 5,001 by a lone CR.
        var text = "Campaign ID,Supporter Email,Transaction Date\n"
        for row in 1...6_000 {
            text += "12345,a\(row)@example.org,2024-01-05"
            text += row == 4_321 ? "\r\n" : row == 5_000 || row == 5_001 ? "\r" : "\n"
        }
        #expect(try Self.findings(text) == [
            "4322:35 rows end with different line breaks (5,998 LF, 2 CR, 1 CRLF); this is the first row ended by CRLF"
        ])
    }

    @Test func theRareKindInTheFirstBatchStillCounts() throws {
        var text = "Campaign ID,Supporter Email\r\n"
        for row in 1...3_000 { text += "12345,a\(row)@example.org\n" }
        #expect(try Self.findings(text) == [
            "1:28 rows end with different line breaks (3,000 LF, 1 CRLF); this is the first row ended by CRLF"
        ])
    }
}
