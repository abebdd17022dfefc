import Foundation
import Testing

/// `enlint fix` and `enlint split` over files from `scripts/generate-csv.py` (CRLF, LF, CR and
/// mixed line breaks, BOMs, UTF-16, windows-1252, quoted line breaks, repairable and
/// unrepairable defects): the records of the outputs, as `enlint records` reads them, are the
/// input's, apart from the documented repairs of `fix`, and exactly the input's for `split`.
@Suite struct GeneratedRoundTripTests {
    /// How the input's records are read for comparison: straight, or decoded by Foundation
    /// first (the encoding repair), so that ICU's conversion is checked against another decoder.
    enum Source: Sendable {
        case utf8, utf16LittleEndianWithBOM, windows1252
    }

    struct FixCase: Sendable, CustomTestStringConvertible {
        var kind: String
        var generate: [String]
        var fix: [String] = []
        var source = Source.utf8
        var dateOrder: String?

        var testDescription: String { "\(kind) \(generate.joined(separator: " ")) | fix \(fix.joined(separator: " "))" }
    }

    /// A few MB each in CI (`ENLINT_HEAVY_TESTS=1`); 1 MB (over 10,000 records) otherwise, as
    /// a debug `enlint fix` takes about 4 s a MB.
    static let size = Heavy.enabled ? "3MB" : "1MB"

    static let fixCases = [
        FixCase(kind: "transactions", generate: []),
        FixCase(kind: "transactions", generate: ["--fixable", "--eol", "mixed", "--bom", "--campaigns", "3"]),
        FixCase(kind: "transactions", generate: ["--fixable", "--eol", "crlf"], fix: ["--eol", "lf", "--date-order", "mdy"], dateOrder: "mdy"),
        FixCase(kind: "transactions", generate: ["--fixable", "--encoding", "utf-16"], source: .utf16LittleEndianWithBOM),
        FixCase(kind: "supporters", generate: ["--fixable", "--eol", "cr", "--bom"], fix: ["--eol", "lf"]),
        FixCase(kind: "supporters", generate: ["--encoding", "windows-1252", "--eol", "crlf"], fix: ["--from-encoding", "windows-1252"], source: .windows1252),
    ]

    /// `enlint COMMAND input.csv ARGS` in a new scratch directory (paths in ARGS are relative
    /// to it), on an `input.csv` the generator made with `options`.
    static func run(_ command: String, _ args: [String], on kind: String, generated options: [String]) throws -> (Scratch, EnlintRunner.Outcome) {
        let scratch = try Scratch()
        try GeneratedFiles.write(kind, size, to: scratch.path("input.csv"), options: options)
        return (scratch, try EnlintRunner.run([command, "input.csv"] + args, directory: scratch.url))
    }

    @Test(arguments: fixCases)
    func fixChangesOnlyWhatItDocuments(_ test: FixCase) throws {
        let (scratch, outcome) = try Self.run("fix", ["-o", "fixed.csv"] + test.fix, on: test.kind, generated: test.generate)
        #expect(outcome.status != 2, "\(outcome.stderr)")
        let input = scratch.path("input.csv")
        let output = scratch.path("fixed.csv")

        var repairs = DocumentedRepairs(dateOrder: test.dateOrder)
        let expected = repairs.apply(to: try GeneratedFiles.records(of: try Self.readable(input, test.source, in: scratch)), transactionColumns: test.kind == "transactions")
        let actual = try GeneratedFiles.records(of: output)
        #expect(GeneratedFiles.firstDifference(actual, expected) == nil)
        #expect(actual.count > 5_000)

        // The report counts the same repairs, and the repairs meant to be exercised happened.
        let reported = Self.repairTotals(outcome.stdout)
        for kind in ["header-names", "blank-rows", "date", "time"] {
            #expect(reported[kind, default: 0] == repairs.counts[kind, default: 0], "\(kind)")
        }
        if test.generate.contains("--fixable") {
            let exercised = test.kind == "transactions" ? ["header-names", "blank-rows", "date", "time"] : ["header-names", "blank-rows"]
            for kind in exercised { #expect(repairs.counts[kind, default: 0] > 0, "\(kind)") }
            #expect(reported["quoting", default: 0] > 0)
        }
        // Bytes: no BOM; the generator puts no CR in values, so every CR left is the first half
        // of a CRLF terminator, and with `--eol lf` there is none.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(!bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let carriageReturns = bytes.indices.filter { bytes[$0] == 0x0D }
        if test.fix.contains("lf") {
            #expect(carriageReturns.isEmpty)
        } else {
            #expect(carriageReturns.count >= actual.count)
            #expect(carriageReturns.allSatisfy { $0 + 1 < bytes.count && bytes[$0 + 1] == 0x0A })
        }
    }

    /// `--diff` over thousands of changed records, multi-line ones and dropped blank rows among
    /// them: GNU patch, applying it to the input, must produce exactly the file `fix -o` writes
    /// (LF input and `--eol lf`, as the diff shows lines, not their line breaks).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/patch")))
    func diffPatchedOntoTheInputGivesTheFixedFile() throws {
        let (scratch, diff) = try Self.run("fix", ["--diff", "--eol", "lf"], on: "transactions", generated: ["--fixable"])
        #expect(diff.status == 0, "\(diff.stderr)")
        let input = scratch.path("input.csv")
        #expect(diff.stdout.components(separatedBy: "\n@@ ").count > 500)
        try scratch.write("changes.diff", diff.stdout)
        let fixed = scratch.path("fixed.csv")
        #expect(try EnlintRunner.run(["fix", input, "-o", fixed, "--eol", "lf"]).status != 2)

        // No fuzz, and every hunk where its header says: patch reports any offset it needed.
        let patch = Process()
        patch.executableURL = URL(fileURLWithPath: "/usr/bin/patch")
        patch.arguments = ["--fuzz=0", "--force", "-o", scratch.path("patched.csv"), input, scratch.path("changes.diff")]
        let report = Pipe()
        patch.standardOutput = report
        try patch.run()
        let said = String(decoding: report.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        patch.waitUntilExit()
        #expect(patch.terminationStatus == 0)
        #expect(said == "patching file \(scratch.path("patched.csv")) (read from \(input))\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.path("patched.csv"))) == Data(contentsOf: URL(fileURLWithPath: fixed)))
    }

    struct SplitCase: Sendable, CustomTestStringConvertible {
        var kind: String
        var generate: [String]
        var split: [String]

        var testDescription: String { "\(kind) \(generate.joined(separator: " ")) | split \(split.joined(separator: " "))" }
    }

    static let splitCases = [
        SplitCase(kind: "transactions", generate: ["--fixable", "--eol", "mixed", "--bom", "--campaigns", "3"], split: ["--by-campaign", "--max-part-bytes", "100000"]),
        SplitCase(kind: "transactions", generate: ["--eol", "crlf"], split: ["--max-part-bytes", "150000"]),
        SplitCase(kind: "supporters", generate: ["--fixable", "--eol", "cr"], split: ["--max-part-bytes", "100000"]),
    ]

    /// `enlint split`'s manifest, as read here.
    struct Manifest: Decodable {
        struct Input: Decodable {
            var path: String
            var records: Int
            var bytes: Int
            var sha256: String
        }

        struct Part: Decodable {
            var file: String
            var records: Int
            var bytes: Int
            var sha256: String
        }

        var input: Input
        var parts: [Part]
    }

    /// Each part's records after its header are the next of the input's (of its campaign's, with
    /// `--by-campaign`), exactly and in order, and start the same number of lines earlier in the
    /// part as the part starts later in the input; the manifest tells the truth about every file.
    @Test(arguments: splitCases)
    func splitPartsHoldTheInputsRecordsExactly(_ test: SplitCase) throws {
        let (scratch, outcome) = try Self.run("split", ["--out-dir", "parts"] + test.split, on: test.kind, generated: test.generate)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let input = scratch.path("input.csv")
        let dir = scratch.path("parts")
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/input.manifest.json")))

        let all = try GeneratedFiles.records(of: input)
        let header = all[0]
        let data = Array(all.dropFirst())
        let byCampaign = test.split.contains("--by-campaign")
        let maxBytes = Int(test.split[test.split.firstIndex(of: "--max-part-bytes")! + 1])!
        let paths = manifest.parts.map { dir + "/" + $0.file }
        let digests = try NothingLostTests.digests([input] + paths)
        #expect(manifest.input.path == "input.csv")
        #expect(manifest.input.records == data.count)
        #expect(manifest.input.bytes == Self.size(of: input))
        #expect(manifest.input.sha256 == digests[input])
        #expect(manifest.parts.count > 5)

        // The input's records still to be found in parts, per campaign (one queue without).
        func key(_ record: GeneratedFiles.Record) -> String {
            guard byCampaign else { return "" }
            return record.fields[0].isEmpty ? "none" : record.fields[0]
        }
        var queues = Dictionary(grouping: data, by: key)
        for (part, path) in zip(manifest.parts, paths) {
            let records = try GeneratedFiles.records(of: path)
            #expect(records.first == GeneratedFiles.Record(line: 1, fields: header.fields), "\(part.file)")
            let body = Array(records.dropFirst())
            #expect(part.records == body.count)
            #expect(part.bytes == Self.size(of: path))
            #expect(part.bytes <= maxBytes)
            #expect(part.sha256 == digests[path])
            let id = body.first.map(key) ?? "?"
            #expect(part.file.hasPrefix(byCampaign ? "input.campaign-\(id)." : "input.part-"), "\(part.file)")
            let expected = Array(queues[id, default: []].prefix(body.count))
            if byCampaign {
                // Rows of a campaign come from all over the input: values only.
                let values = { (records: [GeneratedFiles.Record]) in records.map { GeneratedFiles.Record(line: 0, fields: $0.fields) } }
                #expect(GeneratedFiles.firstDifference(values(body), values(expected)) == nil, "\(part.file)")
            } else {
                let shift = (expected.first?.line ?? 2) - 2
                let moved = expected.map { GeneratedFiles.Record(line: $0.line - shift, fields: $0.fields) }
                #expect(GeneratedFiles.firstDifference(body, moved) == nil, "\(part.file)")
            }
            queues[id] = Array(queues[id, default: []].dropFirst(body.count))
        }
        #expect(queues.values.map(\.count).reduce(0, +) == 0, "records in no part")
    }

    static func size(of path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }

    /// The input in a form `enlint records` reads as the text it holds: UTF-8 as it is, other
    /// encodings decoded by Foundation into a UTF-8 copy.
    static func readable(_ path: String, _ source: Source, in scratch: Scratch) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let text: String?
        switch source {
        case .utf8: return path
        case .utf16LittleEndianWithBOM:
            #expect(data.starts(with: [0xFF, 0xFE]))
            text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian)
        case .windows1252:
            text = String(data: data, encoding: .windowsCP1252)
        }
        return try scratch.write("decoded.csv", try #require(text))
    }

    /// Repairs per kind from `enlint fix`'s report: the lines shown, or the total of a capped kind.
    static func repairTotals(_ report: String) -> [String: Int] {
        var totals: [String: Int] = [:]
        for line in report.split(separator: "\n") {
            if let shown = try? Regex(#": fixed \[EN\d+ ([a-z-]+)\]"#).firstMatch(in: line) {
                totals[String(shown.output[1].substring!), default: 0] += 1
            } else if let capped = try? Regex(#": \d+ more ([a-z-]+) repairs not shown \((\d+) in total\)$"#).firstMatch(in: line) {
                totals[String(capped.output[1].substring!)] = Int(capped.output[2].substring!)!
            }
        }
        return totals
    }
}
