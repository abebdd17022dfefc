import Foundation
import Testing

/// enlint only reads its inputs: every command, in every output mode, leaves every input file
/// byte for byte as it was (proved by SHA-256 before and after each command).
@Suite struct NothingLostTests {
    /// SHA-256 of each file, from `sha256sum`.
    static func digests(_ paths: [String]) throws -> [String: String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = paths
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            result[String(parts[1].drop { $0 == " " || $0 == "*" })] = String(parts[0])
        }
        return result
    }

    /// Every file under `directory`, recursively.
    static func files(under directory: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: directory)
        return (enumerator?.allObjects as? [String] ?? [])
            .map { directory + "/" + $0 }
            .filter { var isDir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue }
            .sorted()
    }

    @Test func everyCommandLeavesEveryInputUnchanged() throws {
        let scratch = try Scratch()
        let fixtures = EnlintRunner.repositoryRoot.appendingPathComponent("Fixtures").path
        // A repository of its own: a config file, a CSV it applies to, and an accepted baseline.
        try scratch.write("enlint.toml", "max-per-rule = 5\n[[files]]\nglob = \"*.csv\"\nkind = \"supporters\"\n")
        let csv = try scratch.write("people.csv", "Email Address,Name\r\nsam@example.org,Sam,extra\n\"open\n")
        let baseline = scratch.path("accepted.json")
        #expect(try EnlintRunner.run(["--write-baseline", baseline, csv]).status == 0)
        let inputs = Self.files(under: fixtures) + [scratch.path("enlint.toml"), csv, baseline]

        let formatHeader = ["--format-header", "Fixtures/supporters-format.txt"]
        var commands: [[String]] = [
            ["Fixtures"] + formatHeader,
            ["Fixtures", "--statistics"],
            ["--output-file", scratch.path("report.txt"), "Fixtures"],
            ["--write-baseline", scratch.path("new-baseline.json"), "Fixtures"],
            ["--baseline", baseline, csv],
            [csv],
            ["records", "Fixtures/transactions-bad.csv"],
            ["records", csv],
            ["rules"],
            ["explain", "EN201"],
        ]
        for format in ["text", "json", "json-lines", "sarif", "github", "junit", "gitlab"] {
            commands.append(["--output-format", format, "Fixtures", csv])
            commands.append(["--output-format", format, "--output-file", scratch.path("report.\(format)"), "Fixtures"])
        }

        let before = try Self.digests(inputs)
        #expect(before.count == inputs.count)
        for command in commands {
            let r = try EnlintRunner.run(command)
            #expect(r.status <= 1, "\(command): \(r.stderr)")
            let after = try Self.digests(inputs)
            let changed = inputs.filter { before[$0] != after[$0] }
            #expect(changed.isEmpty, "enlint \(command.joined(separator: " ")) changed \(changed)")
        }
    }
}
