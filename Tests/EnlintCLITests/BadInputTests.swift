import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Sizes of the heavy cases: full size with ENLINT_HEAVY_TESTS=1 (.ci/run sets it); otherwise a
/// size that still exceeds every tokenizer bound but keeps a debug `swift test` quick (the full
/// sizes take about 100 s in a debug build).
enum Heavy {
    static let enabled = ProcessInfo.processInfo.environment["ENLINT_HEAVY_TESTS"] == "1"
    static func size(full: Int, light: Int) -> Int { enabled ? full : light }
}

/// Broken and hostile inputs through the real binary. Each must end with the documented exit
/// status and message, in bounded memory, with no crash report.
@Suite(.serialized) struct BadInputTests {
    /// Peak resident memory allowed on any input (a trivial run takes about 24 MiB).
    static let memoryBoundKiB = 64 << 10

    /// Runs enlint on a bad input under `/usr/bin/time`, and checks the exit status, the memory
    /// bound and that nothing crashed; returns the outcome for the case's own checks.
    @discardableResult
    static func lint(
        _ args: [String], status: Int32, stdin: Data? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> EnlintRunner.Outcome {
        // The inputs here are about bytes and CSV structure, with throwaway headers (`a,b`): the
        // content rules (EN3xx saved format, EN4xx transactions, EN5xx emails, EN6xx cells) would
        // only add findings about those headers. `records` takes no lint flags.
        let contentRules = args.first == "records" ? [] : ["--ignore", "EN3,EN4,EN5,EN6"]
        let (r, peakKiB) = try EnlintRunner.runMeasuringMemory(contentRules + args, stdin: stdin)
        #expect(r.status == status, "exit status; stderr: \(r.stderr.prefix(500))", sourceLocation: sourceLocation)
        #expect(peakKiB < memoryBoundKiB, "peak memory \(peakKiB) KiB", sourceLocation: sourceLocation)
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Backtrace"), "\(r.stderr.prefix(500))", sourceLocation: sourceLocation)
        return r
    }

    /// The findings of a JSON report: (rule, line, message) in order.
    static func findings(_ json: String) throws -> [(rule: String, line: Int, message: String)] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let files = try #require(doc["files"] as? [[String: Any]])
        return files.flatMap { file in
            (file["diagnostics"] as? [[String: Any]] ?? []).map {
                ($0["rule"] as? String ?? "", $0["line"] as? Int ?? 0, $0["message"] as? String ?? "")
            }
        }
    }

    /// The rule ids a JSON report holds, in order.
    static func rules(_ json: String) throws -> [String] { try findings(json).map(\.rule) }

    // MARK: Operands that are not readable files

    @Test func missingFile() throws {
        let r = try Self.lint(["Fixtures/does-not-exist.csv"], status: 2)
        #expect(r.stderr == "enlint: Fixtures/does-not-exist.csv: No such file or directory\n")
        #expect(r.stdout == "")
    }

    @Test func directoryOperands() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("empty"), withIntermediateDirectories: true)
        let empty = try Self.lint([scratch.path("empty")], status: 2)
        #expect(empty.stderr == "enlint: no CSV files found in \(scratch.path("empty"))\n")
        #expect(empty.stdout == "")

        try scratch.write("one.csv", "a,b\n1,2\n")
        // Links that loop back up are not followed (they once overflowed the stack).
        #expect(symlink(".", scratch.path("self")) == 0 && symlink("..", scratch.path("up")) == 0)
        let searched = try Self.lint([scratch.url.path], status: 0)
        #expect(searched.stdout == "1 file, 0 errors, 0 warnings, 0 info\n")

        let records = try Self.lint(["records", scratch.url.path], status: 2)
        #expect(records.stderr == "enlint: \(scratch.url.path): is a directory\n")
    }

    /// Root reads a mode-000 file anyway (tests run as root in CI), so there the file is linted
    /// and the read-failure path is proved with /proc/self/mem instead, which opens but fails
    /// every read at offset 0 with EIO even for root.
    @Test func unreadableFile() throws {
        let scratch = try Scratch()
        let file = try scratch.write("locked.csv", "a,b\n1,2\n")
        chmod(file, 0)
        if geteuid() == 0 {
            let r = try Self.lint([file], status: 0)
            #expect(r.stdout == "1 file, 0 errors, 0 warnings, 0 info\n")
            let failing = try Self.lint(["/proc/self/mem"], status: 2)
            #expect(failing.stderr == "enlint: /proc/self/mem: cannot read: Input/output error\n")
            #expect(failing.stdout == "")
        } else {
            let r = try Self.lint([file], status: 2)
            #expect(r.stderr == "enlint: \(file): Permission denied\n")
        }
    }

    /// A named pipe is read like a file, whenever its writer gets round to writing.
    @Test func fifoIsLinted() throws {
        let scratch = try Scratch()
        let fifo = scratch.path("pipe.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "sleep 0.2; printf 'a,b\\n1,2,3\\n' > \"$0\"", fifo]
        try writer.run()
        let r = try Self.lint(["--output-format", "json", fifo], status: 1)
        writer.waitUntilExit()
        #expect(try Self.findings(r.stdout).map { "\($0.rule):\($0.line)" } == ["EN203:2"])
    }

    /// An endless device: reading stops at --max-bytes (default 1 GiB) and says so.
    @Test func devZeroStopsAtTheByteBound() throws {
        let r = try Self.lint(["/dev/zero"], status: 1)
        #expect(r.stderr == "enlint: /dev/zero: stopped reading after 1073741824 bytes (--max-bytes); the rest was not checked\n")
        #expect(r.stdout.contains("error: the file is at least 1,073,741,824 bytes (1073.7 MB), over EN's upload limit"))
        #expect(r.stdout.contains("error: the file is binary data, not CSV text [EN105]"))

        // A 20,000-byte header line, cut at 5,000: no finding, but the cut is said.
        let small = try Self.lint(["--max-bytes", "5000", "-"], status: 0, stdin: Data(repeating: UInt8(ascii: "x"), count: 20_000))
        #expect(small.stderr == "enlint: <stdin>: stopped reading after 5000 bytes (--max-bytes); the rest was not checked\n")
        let bad = try Self.lint(["--max-bytes", "0", "/dev/zero"], status: 2)
        #expect(bad.stderr.contains("--max-bytes must be at least 1"))
        // Checked before the other settings, as when it was a nested option group.
        let first = try Self.lint(["--max-bytes", "0", "--max-per-rule", "0", "--config", "x.toml", "--isolated", "/dev/zero"], status: 2)
        #expect(first.stderr.hasPrefix("Error: --max-bytes must be at least 1\n"))

        // `records` reads the same way: one record of NULs, cut.
        let records = try Self.lint(["records", "--max-bytes", "100000", "/dev/zero"], status: 0)
        #expect(records.stderr == "enlint: /dev/zero: stopped reading after 100000 bytes (--max-bytes); the rest was not checked\n")
        #expect(records.stdout.split(separator: "\n").count == 1)
    }

    // MARK: Sizes over the bounds

    @Test func hugeUnclosedQuotedField() throws {
        let scratch = try Scratch()
        let size = Heavy.size(full: 200_000_000, light: 20_000_000)  // over EN's limit either way
        let file = try scratch.write("field.csv", prefix: "a,b\n1,\"", repeating: "x", times: size)
        let r = try Self.lint(["--output-format", "json", file], status: 1)
        let found = try Self.findings(r.stdout)
        #expect(found.map(\.rule) == ["EN101", "EN201", "EN209"])
        #expect(found.last?.line == 2)
        #expect(found.last?.message.hasPrefix("this value is \(Self.grouped(size + 1)) bytes") == true)
    }

    /// A quoted value holding millions of line breaks: line bookkeeping must stay bounded too.
    @Test func unclosedQuoteOverManyLines() throws {
        let scratch = try Scratch()
        let lines = Heavy.size(full: 50_000_000, light: 3_000_000)
        let file = try scratch.write("lines.csv", prefix: "a,b\n1,\"", repeating: "\n", times: lines)
        let r = try Self.lint(["--output-format", "json", file], status: 1)
        #expect(try Self.findings(r.stdout).contains { $0.rule == "EN201" && $0.line == 2 })
    }

    @Test func hundredThousandColumnRow() throws {
        let scratch = try Scratch()
        let file = try scratch.write("wide.csv", "a,b\n" + Array(repeating: "x", count: 100_000).joined(separator: ",") + "\n")
        let r = try Self.lint(["--output-format", "json", file], status: 1)
        let found = try Self.findings(r.stdout)
        #expect(found.map(\.rule) == ["EN203"] && found.first?.line == 2)
        #expect(found.first?.message == "record has 100000 fields, the header has 2")
    }

    @Test func tenMillionTinyRows() throws {
        let scratch = try Scratch()
        let rows = Heavy.size(full: 10_000_000, light: 300_000)
        let file = try scratch.write("rows.csv", prefix: "a\n", repeating: "1\n", times: rows)
        let r = try Self.lint(["--output-format", "json", file], status: rows * 2 + 2 > 20_000_000 ? 1 : 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["records"] as? Int == rows + 1)
    }

    // MARK: Not CSV text

    @Test func binaryFiles() throws {
        let scratch = try Scratch()
        let png = try scratch.write("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array(0...255))
        let r = try Self.lint([png], status: 1)
        #expect(r.stdout.contains("error: the file is a PNG image, not CSV text [EN105]"))
        let zip = try scratch.write("archive.csv", [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 0x08, 0] + Array(repeating: 0, count: 100))
        let z = try Self.lint([zip], status: 1)
        #expect(z.stdout.contains("a ZIP archive (an Excel .xlsx workbook?)"))
    }

    @Test func utf16WithoutBOM() throws {
        let scratch = try Scratch()
        let file = try scratch.write("wide.csv", Array("Email Address,Name\r\nsam@example.org,Sam\r\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let r = try Self.lint(["--output-format", "json", file], status: 1)
        #expect(try Self.rules(r.stdout) == ["EN104"])
    }

    @Test func invalidUTF8InTheHeader() throws {
        let scratch = try Scratch()
        let file = try scratch.write("latin1.csv", Array("Pr".utf8) + [0xE9] + Array("nom,Email Address\nZo".utf8) + [0xEB] + Array(",z@example.org\n".utf8))
        let r = try Self.lint(["--output-format", "json", file], status: 0)
        let found = try Self.findings(r.stdout)
        #expect(found.map(\.rule) == ["EN103"])
        #expect(found.first?.line == 1)
    }

    // MARK: Odd shapes

    @Test func headerOfOnlyDelimiters() throws {
        let r = try Self.lint(["--output-format", "json", "-"], status: 1, stdin: Data(",,,\n1,2,3,4\n".utf8))
        #expect(try Self.findings(r.stdout).map { "\($0.rule) \($0.message)" } == (1...4).map { "EN207 column \($0) has no name" })
    }

    @Test func crOnlyFile() throws {
        let r = try Self.lint(["--output-format", "json", "-"], status: 0, stdin: Data("a,b\r1,2\r3,4\r".utf8))
        #expect(try Self.rules(r.stdout) == [])
        #expect(r.stdout.contains("\"records\": 3"))
    }

    @Test func mixedTerminators() throws {
        let r = try Self.lint(["--output-format", "json", "-"], status: 0, stdin: Data("a,b\r\n1,2\n3,4\r5,6\r\n".utf8))
        #expect(try Self.rules(r.stdout) == ["EN107"])
    }

    /// A file appended to and truncated while enlint reads it: whatever it sees, it must end
    /// normally with a lint status.
    @Test func fileChangingWhileRead() throws {
        let scratch = try Scratch()
        let file = try scratch.write("moving.csv", prefix: "a,b\n", repeating: "1,2\n", times: 500_000)
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "i=0; while [ $i -lt 200 ]; do printf 'x,\"y\\n' >> \"$0\"; : > \"$0\"; printf 'a,b\\n1\\n' >> \"$0\"; i=$((i+1)); done", file]
        try writer.run()
        for _ in 0..<5 {
            let (r, peakKiB) = try EnlintRunner.runMeasuringMemory([file])
            #expect(r.status == 0 || r.status == 1, "stderr: \(r.stderr)")
            #expect(peakKiB < Self.memoryBoundKiB)
            #expect(r.stderr == "")
        }
        writer.waitUntilExit()
    }

    /// `enlint ... | head -1`: the reader goes away mid-report; enlint must end quietly with
    /// its lint status (the shell prints it on stderr, so stderr holds nothing else).
    @Test func closedStandardOutput() throws {
        let scratch = try Scratch()
        let file = try scratch.write("ragged.csv", prefix: "a,b\n", repeating: "1,2,3\n", times: 50_000)
        let r = try EnlintRunner.run(
            ["--ignore", "EN3,EN5", "--max-per-rule", "100000", file],
            launcher: ["/bin/sh", "-c", "{ \"$0\" \"$@\"; echo \"status $?\" >&2; } | head -1"])
        #expect(r.stderr == "status 1\n")
        #expect(r.stdout == "\(file):2:5: error: record has 3 fields, the header has 2 [EN203]\n")
        #expect(r.status == 0)
    }

    /// `enlint ... > /dev/full`: the report is lost, so the run fails (it exited 0 before).
    @Test func fullStandardOutput() throws {
        for args in [["Fixtures/rules/EN203-ragged-row.csv"], ["rules"]] {
            let r = try EnlintRunner.run(args, launcher: ["/bin/sh", "-c", "\"$0\" \"$@\" > /dev/full"])
            #expect(r.status == 2)
            #expect(r.stderr == "enlint: cannot write to standard output: No space left on device\n")
        }
    }

    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n))
        return digits.enumerated().map { i, d in (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(d) }.joined()
    }
}
