import Foundation
import Testing

/// enlint.toml found by walking up from each file, as a pre-commit hook relies on.
@Suite struct ConfigFileTests {
    /// A throwaway repository: `files` maps relative paths to contents.
    static func makeRepository(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-repo-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let repository: [String: String] = [
        "enlint.toml": """
            max-per-rule = 5

            [[files]]
            glob = "supporters/*.csv"
            kind = "supporters"
            format-header = "formats/supporters.txt"

            [[files]]
            glob = "tx/*.csv"
            kind = "transactions"
            columns = { date = "Gift Date" }
            """,
        "formats/supporters.txt": "Email Address,First Name,Last Name\n",
        "supporters/march.csv": "Email Address,First Name,Surname\nsam@example.org,Sam,One\n",
        "tx/march.csv": "Campaign ID,Supporter Email,Gift Date\n104233,sam@example.org,2024-03-01\n104233,kim@example.org,2024-02-30\n",
    ]

    func lintJSON(_ args: [String]) throws -> (status: Int32, files: [[String: Any]], stderr: String) {
        let outcome = try EnlintRunner.run(["--output-format", "json"] + args)
        let doc = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return (outcome.status, doc?["files"] as? [[String: Any]] ?? [], outcome.stderr)
    }

    @Test func eachFileGetsItsSectionsKindInOneRun() throws {
        let root = try Self.makeRepository(Self.repository)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try lintJSON([root.path])
        #expect(result.files.map { $0["path"] as? String } == [
            root.path + "/supporters/march.csv", root.path + "/tx/march.csv",
        ])
        #expect(result.files[0]["kind"] as? String == "supporters")
        #expect(result.files[0]["kind_reason"] as? String == "set for supporters/*.csv in \(root.path)/enlint.toml")
        #expect(result.files[1]["kind"] as? String == "transactions")
        #expect(result.files[1]["kind_reason"] as? String == "set for tx/*.csv in \(root.path)/enlint.toml")
    }

    @Test func enlintDotLintsBothKindsWithTheirOwnRules() throws {
        let root = try Self.makeRepository(Self.repository)
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try EnlintRunner.run(["--output-format", "json-lines", "."], directory: root)
        #expect(outcome.status == 1)
        let found = try findings(in: outcome.stdout).map { "\($0.rule) \($0.line):\($0.column)" }
        // The supporter file is checked against formats/supporters.txt (Surname is not Last Name);
        // the transaction file's date column is found through `columns = { date = "Gift Date" }`.
        #expect(found == ["EN301 1:26", "EN402 3:24"])
        #expect(outcome.stdout.contains("\"path\":\"supporters/march.csv\""))
        #expect(outcome.stdout.contains("\"path\":\"tx/march.csv\""))
    }

    @Test func isolatedIgnoresTheConfiguration() throws {
        let root = try Self.makeRepository(Self.repository)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try lintJSON(["--isolated", root.path + "/tx/march.csv"])
        #expect(result.files[0]["kind"] as? String == "supporters")
    }

    @Test func commandLineKindWinsOverTheSection() throws {
        let root = try Self.makeRepository(Self.repository)
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try lintJSON(["--kind", "supporters", root.path + "/tx/march.csv"])
        #expect(result.files[0]["kind"] as? String == "supporters")
        #expect(result.files[0]["kind_reason"] as? String == "given with --kind supporters")
    }

    @Test func badConfigurationIsAUsageFailureNamingFileLineAndKey() throws {
        let root = try Self.makeRepository([
            "enlint.toml": "select = [\"EN\"]\n\n[[files]]\nglob = \"*.csv\"\nknd = \"supporters\"\n",
            "a.csv": "Email Address\nx@example.org\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try EnlintRunner.run([root.path + "/a.csv"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "enlint: \(root.path)/enlint.toml:5: knd: unknown key (expected one of: columns, format-header, glob, ignore, kind)\n")
    }

    @Test func explicitConfigIsUsedForEveryFile() throws {
        let root = try Self.makeRepository(Self.repository)
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try EnlintRunner.run(["--config", root.path + "/nope.toml", root.path + "/tx/march.csv"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("enlint: \(root.path)/nope.toml: cannot read: "))
    }
}
