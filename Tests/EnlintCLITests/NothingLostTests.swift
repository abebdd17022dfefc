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
    /// fix and split read their inputs and write elsewhere: `fix -o` and `fix --diff` on every
    /// fixture, split in each mode on a few, and `fix --in-place` on copies in each way it can
    /// fail (a file-size limit, a read-only directory, input it refuses, --max-bytes, an output
    /// that is the input). An interrupted --in-place is FixInterruptTests' case.
    @Test func fixAndSplitLeaveTheirInputsUnchanged() throws {
        let scratch = try Scratch()
        let fixtures = EnlintRunner.repositoryRoot.appendingPathComponent("Fixtures").path
        let csvs = Self.files(under: fixtures).filter { $0.hasSuffix(".csv") }
        // mustFail: an --in-place that succeeded would change its input by design.
        var commands: [(args: [String], launcher: [String], mustFail: Bool)] = []
        for (i, csv) in csvs.enumerated() {
            commands.append((["fix", csv, "-o", scratch.path("fixed-\(i).csv")], [], false))
            commands.append((["fix", csv, "--diff"], [], false))
        }
        let someFixtures = ["transactions-bad.csv", "supporters-excel-bom.csv", "supporters-semicolon-cp1252.csv", "rules/EN201-unclosed-quote.csv"]
        for (i, name) in someFixtures.enumerated() {
            let csv = fixtures + "/" + name
            for mode in [[], ["--by-campaign"], ["--quarantine"], ["--sample", "1"], ["--max-part-bytes", "100"]] {
                commands.append((["split", csv, "--out-dir", scratch.path("parts-\(i)-\(mode.first ?? "plain")")] + mode, [], false))
            }
        }

        let copy = try scratch.write("copy.csv", prefix: "Campaign ID,Supporter Email,Transaction Date,Transaction Time\n",
                                     repeating: "1,a@b.org,2024-1-5,7:05:00\n", times: 400)
        let png = try scratch.write("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D])
        try FileManager.default.createDirectory(atPath: scratch.path("locked"), withIntermediateDirectories: false)
        let locked = try scratch.write("locked/in.csv", "a,b\n1,2\n")
        commands += [
            (["fix", "--in-place", copy], FixSplitBadInputTests.smallFileLimit, true),
            (["fix", "--in-place", locked], [], true),
            (["fix", "--in-place", png], [], true),
            (["fix", "--in-place", "--max-bytes", "100", copy], [], true),
            (["fix", copy, "-o", copy], [], true),
        ]
        let unlock = try FixSplitBadInputTests.lock(scratch.path("locked"))
        defer { withExtendedLifetime(scratch) { unlock() } }

        let inputs = Self.files(under: fixtures) + [copy, png, locked]
        let before = try Self.digests(inputs)
        #expect(before.count == inputs.count)
        for (args, launcher, mustFail) in commands {
            let r = try EnlintRunner.run(args, launcher: launcher)
            #expect(r.status <= 2 && !r.stderr.contains("Fatal error"), "\(args): \(r.stderr)")
            #expect(!mustFail || r.status == 2, "\(args) did not fail: \(r.stdout)")
            let after = try Self.digests(inputs)
            let changed = inputs.filter { before[$0] != after[$0] }
            #expect(changed.isEmpty, "enlint \(args.joined(separator: " ")) changed \(changed)")
        }
        #expect(!FileManager.default.fileExists(atPath: copy + ".bak"))
    }
}
