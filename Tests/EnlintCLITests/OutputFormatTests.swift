import Foundation
import Testing

/// Byte-exact golden files for every output format on the same fixtures. The version is replaced
/// by `{{VERSION}}`. After an intended change, regenerate with
/// `ENLINT_UPDATE_GOLDEN=1 swift test --filter OutputFormatTests` and review the diff.
@Suite struct OutputFormatTests {
    static let formats = ["text", "json", "json-lines", "sarif", "github", "junit", "gitlab"]
    static let arguments = [
        "--format-header", "Fixtures/supporters-format.txt",
        "Fixtures/supporters-excel-bom.csv", "Fixtures/transactions-bad.csv", "Fixtures/supporters-good.csv",
    ]
    static let goldenDirectory = EnlintRunner.repositoryRoot.appendingPathComponent("Tests/EnlintCLITests/Golden")

    static func output(_ format: String) throws -> EnlintRunner.Outcome {
        try EnlintRunner.run(["--output-format", format] + arguments)
    }

    @Test(arguments: formats)
    func outputMatchesGoldenFile(format: String) throws {
        let outcome = try Self.output(format)
        #expect(outcome.status == 1, "the fixtures hold errors")
        #expect(outcome.stderr == "")
        let actual = outcome.stdout.replacingOccurrences(of: "0.1.0", with: "{{VERSION}}")
        let url = Self.goldenDirectory.appendingPathComponent("\(format).golden")
        if ProcessInfo.processInfo.environment["ENLINT_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(format) output differs from \(url.lastPathComponent)")
    }

    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let outcome = try Self.output("sarif")
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-\(UUID().uuidString).sarif")
        try outcome.stdout.write(to: report, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: report) }
        let schema = Self.goldenDirectory.appendingPathComponent("sarif-schema-2.1.0.json")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft7Validator(schema).validate(json.load(open(sys.argv[2])))
            print("valid")
            """
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script, schema.path, report.path]
        let pipe = Pipe()
        python.standardOutput = pipe
        python.standardError = pipe
        try python.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "SARIF schema validation failed:\n\(text)")
        #expect(text == "valid\n")
    }

    @Test func outputFileIsWrittenAndExitStatusStillGates() throws {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: report) }
        let outcome = try EnlintRunner.run(["--output-format", "json", "--output-file", report.path] + Self.arguments)
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        let written = try String(contentsOf: report, encoding: .utf8)
        #expect(written == (try Self.output("json")).stdout)
    }

    @Test func outputFileInAMissingDirectoryIsAnIOFailure() throws {
        let outcome = try EnlintRunner.run(["--output-file", "/nonexistent-dir/report.txt", "Fixtures/supporters-good.csv"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "enlint: /nonexistent-dir/report.txt: cannot write: No such file or directory\n")
    }

    @Test func failureThresholdDecidesTheExitStatus() throws {
        let file = "Fixtures/rules/EN203-ragged-row.csv"
        #expect(try EnlintRunner.run(["--select", "EN203", file]).status == 1)
        #expect(try EnlintRunner.run(["--select", "EN203", "--failure-threshold", "none", file]).status == 0)
        #expect(try EnlintRunner.run(["--select", "EN203", "--severity", "EN203=warning", file]).status == 0)
        #expect(try EnlintRunner.run(["--select", "EN203", "--severity", "EN203=warning", "--failure-threshold", "warning", file]).status == 1)
    }

    @Test func statisticsCountsFindingsPerRule() throws {
        let outcome = try EnlintRunner.run(["--select", "EN203", "--statistics", "Fixtures/rules/EN203-ragged-row.csv"])
        #expect(outcome.stdout == "2  EN203  ragged-row  [error]\n1 file, 2 errors, 0 warnings, 0 info\n")
    }

    @Test func quietShowsOnlyErrorsWithoutSummary() throws {
        let outcome = try EnlintRunner.run(["--select", "EN203", "--severity", "EN203=warning", "--quiet", "Fixtures/rules/EN203-ragged-row.csv"])
        #expect(outcome.stdout == "")
        #expect(outcome.status == 0)
    }

    @Test func directoriesAreSearchedForCSVFilesInPathOrder() throws {
        let outcome = try EnlintRunner.run(["--select", "EN203", "--output-format", "json-lines", "--exclude", "supporters-*", "Fixtures"])
        let paths = outcome.stdout.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["path"] as? String
        }
        #expect(paths.contains("Fixtures/rules/EN203-ragged-row.csv"))
        #expect(paths == paths.sorted())
        #expect(!paths.contains { $0.contains("supporters-") })
    }

    @Test func stdinFilenameNamesStandardInput() throws {
        let outcome = try EnlintRunner.run(
            ["--select", "EN203", "--stdin-filename", "uploads/today.csv", "-"], stdin: Data("a,b\n1\n".utf8))
        #expect(outcome.stdout.hasPrefix("uploads/today.csv:2:2: error: record has 1 field, the header has 2 [EN203]\n"))
    }
}
