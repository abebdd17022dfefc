import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `fix` and `split` on outputs that cannot be written and on hostile inputs, through the built
/// binary. Every case checks the exact message and exit status, that the inputs hash as before,
/// and that no output, part or temporary file is left behind.
@Suite(.serialized) struct FixSplitBadInputTests {
    /// What `check` found, for a case's own further checks.
    struct Outcome {
        var stdout: String
        var peakKiB: Int?
    }

    /// Runs `enlint args` and checks the exit status, stderr exactly, the inputs' SHA-256 and
    /// the files under `scratch`: the same as before, or exactly `leaves` (relative paths).
    /// Without a launcher it also checks the 64 MiB memory bound.
    @discardableResult
    static func check(
        _ args: [String], in scratch: Scratch, status: Int32 = 2, stderr: String, inputs: [String],
        leaves: [String]? = nil, launcher: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Outcome {
        let before = inputs.isEmpty ? [:] : try NothingLostTests.digests(inputs)
        let filesBefore = files(in: scratch)
        let outcome: EnlintRunner.Outcome
        var peakKiB: Int?
        if launcher.isEmpty {
            (outcome, peakKiB) = try EnlintRunner.runMeasuringMemory(args)
            #expect(peakKiB! < BadInputTests.memoryBoundKiB, "peak memory \(peakKiB!) KiB", sourceLocation: sourceLocation)
        } else {
            outcome = try EnlintRunner.run(args, launcher: launcher)
        }
        #expect(outcome.status == status, "exit status; stderr: \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr == stderr, sourceLocation: sourceLocation)
        #expect(try (inputs.isEmpty ? [:] : NothingLostTests.digests(inputs)) == before, "an input changed", sourceLocation: sourceLocation)
        #expect(files(in: scratch) == (leaves.map { Set($0) } ?? filesBefore), "files left", sourceLocation: sourceLocation)
        return Outcome(stdout: outcome.stdout, peakKiB: peakKiB)
    }

    /// Every entry under the scratch directory, hidden ones (temporary files) included.
    static func files(in scratch: Scratch) -> Set<String> {
        Set(FileManager.default.enumerator(atPath: scratch.url.path)?.allObjects as? [String] ?? [])
    }

    /// Makes `directory` refuse new files, root included: `chattr +i` for root (which ignores
    /// mode bits), mode 555 otherwise. Returns the undo, to run before the scratch goes.
    static func lock(_ directory: String) throws -> () -> Void {
        if geteuid() != 0 {
            chmod(directory, 0o555)
            return { chmod(directory, 0o755) }
        }
        let chattr = { (flag: String) throws -> Int32 in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            process.arguments = [flag, directory]
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        try #require(try chattr("+i") == 0, "chattr +i is needed to make a directory read-only for root")
        return { _ = try? chattr("-i") }
    }

    static var lockedReason: String { geteuid() == 0 ? "Operation not permitted" : "Permission denied" }

    /// A shell that limits written files to 4 KiB (`ulimit -f 8`), with SIGXFSZ ignored so that
    /// write(2) fails with EFBIG: root cannot bypass it.
    static let smallFileLimit = ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\""]

    let header = "Campaign ID,Supporter Email,Transaction Date,Transaction Time\n"

    // MARK: fix: outputs that cannot be written

    @Test func fixOutputPathsThatCannotBe() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", header + "1,a@b.org,2024-1-5,7:05:00\n")
        let missing = scratch.path("missing/out.csv")
        let long = scratch.path(String(repeating: "x", count: 300) + ".csv")
        try Self.check(["fix", input, "-o", input + "/out.csv"], in: scratch,
                       stderr: "enlint: \(input)/out.csv: cannot write: Not a directory\n", inputs: [input])
        try Self.check(["fix", input, "-o", missing], in: scratch,
                       stderr: "enlint: \(missing): cannot write: No such file or directory\n", inputs: [input])
        try Self.check(["fix", input, "-o", long], in: scratch,
                       stderr: "enlint: \(long): cannot write: File name too long\n", inputs: [input])
        try Self.check(["fix", input, "-o", scratch.url.path], in: scratch,
                       stderr: "enlint: \(scratch.url.path): cannot write: Is a directory\n", inputs: [input])
        try Self.check(["fix", input, "-o", ""], in: scratch,
                       stderr: "Error: -o needs a path\nUsage: enlint fix [<options>] <file>\n  See 'enlint fix --help' for more information.\n",
                       inputs: [input])
    }

    /// The rename would replace a device node or a FIFO with a regular file (as root, `-o
    /// /dev/null` did). A FIFO here, and as root a copy of /dev/full made with mknod, so that a
    /// regression could not replace the machine's own.
    @Test func fixNeverReplacesADeviceOrAPipe() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", header + "1,a@b.org,2024-1-5,7:05:00\n")
        var nodes = [(scratch.path("pipe"), S_IFIFO)]
        #expect(mkfifo(nodes[0].0, 0o600) == 0)
        // makedev(1, 7), /dev/full's numbers (glibc's makedev is a macro Swift does not import).
        if geteuid() == 0 && mknod(scratch.path("full"), S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0 {
            nodes.append((scratch.path("full"), S_IFCHR))
        }
        for (node, type) in nodes {
            try Self.check(["fix", input, "-o", node], in: scratch,
                           stderr: "enlint: \(node): cannot write: not a regular file (enlint writes a new file and renames it into place)\n",
                           inputs: [input])
            var info = stat()
            #expect(lstat(node, &info) == 0 && info.st_mode & S_IFMT == type, "\(node) is no longer what it was")
        }
    }

    @Test func fixOverAFileSizeLimit() throws {
        let scratch = try Scratch()
        let original = header + String(repeating: "1,a@b.org,2024-1-5,7:05:00\n", count: 400)
        let input = try scratch.write("in.csv", original)
        let output = scratch.path("out.csv")
        try Self.check(["fix", input, "-o", output], in: scratch,
                       stderr: "enlint: \(output): cannot write: File too large; \(input) is unchanged\n",
                       inputs: [input], launcher: Self.smallFileLimit)
        try Self.check(["fix", "--in-place", input], in: scratch,
                       stderr: "enlint: \(input): cannot write: File too large; \(input) is unchanged\n",
                       inputs: [input], launcher: Self.smallFileLimit)
    }

    @Test func fixIntoAReadOnlyDirectory() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", header + "1,a@b.org,2024-1-5,7:05:00\n")
        let directory = scratch.path("locked")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let inside = try scratch.write("locked/in.csv", header + "1,a@b.org,2024-1-5,7:05:00\n")
        let unlock = try Self.lock(directory)
        // The scratch must outlive the lock, or its removal would fail on the locked directory.
        defer { withExtendedLifetime(scratch) { unlock() } }
        try Self.check(["fix", input, "-o", directory + "/out.csv"], in: scratch,
                       stderr: "enlint: \(directory)/out.csv: cannot write: \(Self.lockedReason)\n", inputs: [input, inside])
        try Self.check(["fix", "--in-place", inside], in: scratch,
                       stderr: "enlint: \(inside): cannot write: \(Self.lockedReason)\n", inputs: [inside])
    }

    // MARK: fix: hostile inputs

    @Test func fixRefusesWhatIsNotARegularTextFile() throws {
        let scratch = try Scratch()
        let output = scratch.path("out.csv")
        let png = try scratch.write("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array(0...255))
        try Self.check(["fix", png, "-o", output], in: scratch,
                       stderr: "enlint: \(png): the file is a PNG image, not CSV text: nothing to repair\n", inputs: [png])
        // Read twice, a FIFO would hang on its second open; /dev/zero would be read for 1 GiB.
        let fifo = scratch.path("pipe.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, "/dev/zero"] {
            try Self.check(["fix", path, "-o", output], in: scratch,
                           stderr: "enlint: \(path): not a regular file: fix reads its input twice (to check it, then to repair it); copy it to a file first\n",
                           inputs: [png])
        }
    }

    @Test func fixStopsAtItsBounds() throws {
        let scratch = try Scratch()
        let output = scratch.path("out.csv")
        let rows = try scratch.write("rows.csv", prefix: header, repeating: "1,a@b.org,2024-01-05,07:05:00\n", times: 100)
        try Self.check(["fix", "--max-bytes", "100", rows, "-o", output], in: scratch,
                       stderr: "enlint: \(rows): stopped reading after 100 bytes (--max-bytes); nothing was written\n", inputs: [rows])
        let wide = try scratch.write("wide.csv", "a,b\n" + Array(repeating: "x", count: 300_000).joined(separator: ",") + "\n")
        try Self.check(["fix", wide, "-o", output], in: scratch,
                       stderr: "enlint: \(wide): the record on line 2 has 300000 values, more than enlint keeps (262144 a row): it cannot be copied whole; nothing was written\n",
                       inputs: [wide])
        let unclosed = try scratch.write("unclosed.csv", prefix: "a,b\n1,\"", repeating: "x", times: 9 << 20)
        try Self.check(["fix", unclosed, "-o", output], in: scratch,
                       stderr: "enlint: \(unclosed): the record on line 2 is larger than enlint's bounds (1 MiB a value, 8 MiB a row), almost always an unclosed quote: it cannot be copied whole; nothing was written\n",
                       inputs: [unclosed])
    }

    // MARK: split: output directories that cannot be written

    @Test func splitOutputDirectoriesThatCannotBe() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", header + "1,a@b.org,2024-01-05,07:05:00\n")
        let missing = scratch.path("missing/parts")
        try Self.check(["split", input, "--out-dir", input + "/parts"], in: scratch,
                       stderr: "enlint: \(input)/parts: Not a directory\n", inputs: [input])
        try Self.check(["split", input, "--out-dir", missing], in: scratch,
                       stderr: "enlint: \(missing): No such file or directory\n", inputs: [input])
        try Self.check(["split", input, "--out-dir", input], in: scratch,
                       stderr: "enlint: \(input): not a directory (--out-dir)\n", inputs: [input])
    }

    @Test func splitIntoAReadOnlyDirectory() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", header + "1,a@b.org,2024-01-05,07:05:00\n")
        let directory = scratch.path("parts")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let unlock = try Self.lock(directory)
        // The scratch must outlive the lock, or its removal would fail on the locked directory.
        defer { withExtendedLifetime(scratch) { unlock() } }
        try Self.check(["split", input, "--out-dir", directory], in: scratch,
                       stderr: "enlint: \(input): \(directory): cannot write a part: \(Self.lockedReason)\n", inputs: [input])
    }

    /// Campaign 7's part fits under the limit, campaign 8's does not. Parts used to be renamed
    /// into place one by one, each write failure showing only at its own rename, so campaign 7's
    /// part stayed behind; now every part is finished before any is renamed.
    @Test func splitOverAFileSizeLimitLeavesNoParts() throws {
        let scratch = try Scratch()
        let rows = "7,a@b.org,2024-01-05,07:05:00\n" + String(repeating: "8,c@d.org,2024-01-05,07:05:00\n", count: 200)
        let input = try scratch.write("in.csv", header + rows)
        let directory = scratch.path("parts")
        try Self.check(["split", input, "--out-dir", directory, "--by-campaign"], in: scratch,
                       stderr: "enlint: \(input): \(directory)/in.campaign-8.csv: cannot write: File too large\n",
                       inputs: [input], leaves: ["in.csv", "parts"], launcher: Self.smallFileLimit)
    }

    // MARK: split: hostile inputs

    @Test func splitRefusesWhatIsNotCSVText() throws {
        let scratch = try Scratch()
        let directory = scratch.path("parts")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let png = try scratch.write("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x0A] + Array(0...255))
        let pngMessage = "enlint: \(png): the file is a PNG image, not CSV text: nothing to split\n"
        try Self.check(["split", png, "--out-dir", directory], in: scratch, stderr: pngMessage, inputs: [png])
        try Self.check(["split", png, "--out-dir", directory, "--quarantine"], in: scratch, stderr: pngMessage, inputs: [png])
        let wide = try scratch.write("wide.csv", [0xFF, 0xFE] + Array("a,b\n1,2\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try Self.check(["split", wide, "--out-dir", directory], in: scratch,
                       stderr: "enlint: \(wide): the file is UTF-16LE text, which split would cut between bytes: convert it to UTF-8 first (enlint fix), so nothing was written\n",
                       inputs: [wide])
        // It read /dev/zero forever.
        try Self.check(["split", "/dev/zero", "--out-dir", directory], in: scratch,
                       stderr: "enlint: /dev/zero: the file is binary data, not CSV text: nothing to split\n", inputs: [png])
    }

    /// A FIFO is read once, like a file; one that never ends stops at --max-bytes, with nothing
    /// written.
    @Test func splitReadsAFIFOAndStopsAtTheByteBound() throws {
        let scratch = try Scratch()
        let directory = scratch.path("parts")
        let fifo = scratch.path("pipe.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = try Self.writer(["-c", "printf 'a,b\\n1,2\\n3,4\\n' > \"$0\"", fifo])
        let split = try Self.check(["split", fifo, "--out-dir", directory], in: scratch, status: 0, stderr: "", inputs: [],
                                   leaves: ["pipe.csv", "parts", "parts/pipe.part-001.csv", "parts/pipe.manifest.json"])
        writer.waitUntilExit()
        #expect(split.stdout == "\(directory)/pipe.part-001.csv: 2 records, 12 bytes\nenlint: 1 part; manifest: \(directory)/pipe.manifest.json\n")

        let endless = try Self.writer(["-c", "yes a,b > \"$0\" 2>/dev/null", fifo])
        defer { endless.terminate() }
        let emptied = scratch.path("empty")
        try FileManager.default.createDirectory(atPath: emptied, withIntermediateDirectories: false)
        try Self.check(["split", "--max-bytes", "100000", fifo, "--out-dir", emptied], in: scratch,
                       stderr: "enlint: \(fifo): stopped reading after 100000 bytes (--max-bytes), so nothing was written\n", inputs: [])
    }

    static func writer(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = arguments
        try process.run()
        return process
    }
}
