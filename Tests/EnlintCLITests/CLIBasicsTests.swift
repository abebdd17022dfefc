import Foundation
import Testing

@Suite struct CLIBasicsTests {
    @Test func cleanFileExitsZeroWithSummary() throws {
        let r = try EnlintRunner.run(["Fixtures/supporters-good.csv", "--format-header", "Fixtures/supporters-format.txt"])
        #expect(r.status == 0)
        // The file's one offline supporter (a blank email) is EN501's info finding: not a failure.
        #expect(r.stdout.hasSuffix("1 file, 0 errors, 0 warnings, 1 info\n"))
        #expect(r.stdout.contains("[EN501]"))
        #expect(r.stderr == "")
    }

    @Test func textOutputShowsLocationSourceCaretAndHint() throws {
        let r = try EnlintRunner.run(["--select", "EN203", "Fixtures/rules/EN203-ragged-row.csv"])
        #expect(r.status == 1)
        #expect(r.stdout == """
            Fixtures/rules/EN203-ragged-row.csv:3:34: error: record has 4 fields, the header has 3 [EN203]
             3 | Alex,"Two, Jr.",alex@example.org,extra
               |                                  ^
              = hint: quote values that contain commas
            Fixtures/rules/EN203-ragged-row.csv:4:10: error: record has 2 fields, the header has 3 [EN203]
             4 | Kim,Three
               |          ^
              = hint: add the missing fields, or check for a line break inside an unquoted value
            1 file, 2 errors, 0 warnings, 0 info

            """)
    }

    @Test func colourOnlyWhenAskedAndNeverWithNoColor() throws {
        // Not a terminal: no escape codes even without NO_COLOR.
        let plain = try EnlintRunner.run(["--select", "EN203", "Fixtures/rules/EN203-ragged-row.csv"], environment: [:])
        #expect(!plain.stdout.contains("\u{1B}["))
    }

    @Test func jsonOutputHasTheDocumentedShape() throws {
        let r = try EnlintRunner.run(["--select", "EN203", "--output-format", "json", "Fixtures/rules/EN203-ragged-row.csv"])
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let tool = try #require(doc["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "enlint")
        let files = try #require(doc["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files[0]["path"] as? String == "Fixtures/rules/EN203-ragged-row.csv")
        #expect(files[0]["kind"] as? String == "supporters")
        #expect(files[0]["records"] as? Int == 4)
        #expect(files[0]["bytes"] as? Int == 108)
        let diagnostics = try #require(files[0]["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        let first = diagnostics[0]
        #expect(first["rule"] as? String == "EN203")
        #expect(first["slug"] as? String == "ragged-row")
        #expect(first["severity"] as? String == "error")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 34)
        #expect(first["end_line"] as? Int == 3)
        #expect(first["record"] as? Int == 3)
        #expect(first["byte_offset"] as? Int == 92)
        #expect(first["message"] as? String == "record has 4 fields, the header has 3")
        #expect(first["hint"] as? String == "quote values that contain commas")
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 2)
        #expect(summary["files"] as? Int == 1)
    }

    @Test func standardInputIsLintedAsDash() throws {
        let csv = "a,b\n1,2,3\n"
        let r = try EnlintRunner.run(["--select", "EN203", "-"], stdin: Data(csv.utf8))
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("<stdin>:2:5: error: record has 3 fields, the header has 2 [EN203]\n"))
    }

    @Test func unknownOptionIsAUsageFailure() throws {
        let r = try EnlintRunner.run(["--bogus", "Fixtures/supporters-good.csv"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: Unknown option '--bogus'"))
    }

    @Test func unknownRuleSelectorIsAUsageFailure() throws {
        let r = try EnlintRunner.run(["--select", "EN999", "Fixtures/supporters-good.csv"])
        #expect(r.status == 2)
        #expect(r.stderr == "enlint: no rule matches 'EN999' (see `enlint rules`)\n")
    }

    @Test func recordsShowsHowTheFileWasSplit() throws {
        let r = try EnlintRunner.run(["records", "Fixtures/transactions-good.csv"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8)  // 7 records and the final newline
        #expect(lines[2] == #"{"line": 3, "fields": ["104233", "", "20391874", "2024-03-01", "10:02:31", "10.00", "GBP", "Credit Card", "SPRING24", "Gift in memory of Joan, with love"]}"#)
        #expect(lines[5] == #"{"line": 6, "fields": ["104233", "sam.oduya@example.org", "", "2024-03-03", "00:00:00", "50.00", "GBP", "Credit Card", "SPRING24", "Second line\nof a comment"]}"#)
        // The record above spans lines 6-7, so the next one starts on physical line 8.
        #expect(lines[6].hasPrefix(#"{"line": 8, "fields": ["104233", "chloe.martin@example.fr""#))
        #expect(lines[7] == "")
    }

    @Test func recordsDropsTheBOMFromTheFirstField() throws {
        let r = try EnlintRunner.run(["records", "-"], stdin: Data([0xEF, 0xBB, 0xBF] + Array("Email Address\nx@example.org\n".utf8)))
        #expect(r.stdout == "{\"line\": 1, \"fields\": [\"Email Address\"]}\n{\"line\": 2, \"fields\": [\"x@example.org\"]}\n")
    }

    @Test func explainPrintsTheRuleDocumentation() throws {
        let r = try EnlintRunner.run(["explain", "ragged-row"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("# EN203 ragged-row\n\nA record has more or fewer fields than the header.\n"))
        #expect(r.stdout.contains("## How to fix\n"))
        let unknown = try EnlintRunner.run(["explain", "EN999"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "enlint: no rule 'EN999' (see `enlint rules`)\n")
    }
}
