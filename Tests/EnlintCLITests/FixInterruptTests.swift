import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `fix --in-place` stopped by SIGINT or SIGTERM while it writes its temporary file: the original
/// stays byte for byte (SHA-256), enlint exits 128 + the signal, and the temporary file is gone.
@Suite(.serialized) struct FixInterruptTests {
    static let header = "Campaign ID,Supporter Email,Transaction Date,Transaction Time\n"
    static let row = "1,a@b.org,2024-1-5,7:05:00\n"

    enum Landing: Equatable {
        /// The signal came while the temporary file was being written: the case under test.
        case midWrite
        /// fix ended before the signal could be sent: the file must be made larger.
        case tooLate
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptedInPlaceFixLeavesTheOriginal(signal: Int32) throws {
        // About 2 MB takes seconds to repair in a debug build; a faster build may finish before
        // the signal is sent, so the file grows until the signal lands mid-write.
        var rows = 80_000
        for _ in 0..<4 {
            if try Self.interrupt(rows: rows, with: signal) == .midWrite { return }
            rows *= 4
        }
        Issue.record("fix finished before the signal could land, even on \(rows / 4) rows")
    }

    /// Starts `enlint fix --in-place` on a generated file, waits for its temporary file to
    /// appear, sends `signal` and checks what is left.
    static func interrupt(rows: Int, with signal: Int32) throws -> Landing {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", prefix: header, repeating: row, times: rows)
        let before = try NothingLostTests.digests([input])[input]
        let process = Process()
        // Foundation starts children with the spawning thread's signal mask, and the test runs
        // on a worker thread that blocks SIGINT and SIGTERM: they would stay pending forever.
        // A shell starts enlint with none blocked, so the launcher clears the mask and execs
        // enlint (same process, so the signal goes to enlint itself).
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            "-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
            EnlintRunner.executable.path, "fix", "--in-place", input,
        ]
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        var sent = false
        while process.isRunning {
            let names = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
            if names.contains(where: { $0.hasPrefix(".in.csv.enlint-") }) {
                kill(process.processIdentifier, signal)
                sent = true
                break
            }
            usleep(1000)
        }
        // A signal that is not acted on must fail the test, not hang it.
        for _ in 0..<600 where process.isRunning && sent { usleep(100_000) }
        if process.isRunning && sent {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("enlint did not end within 60 s of the signal")
        }
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let after = try NothingLostTests.digests([input])[input]
        if after != before {
            // Finished before the signal, or the signal came after the rename: then the file must
            // be the whole fix, with the original as its backup.
            let whole = try scratch.write(
                "whole.csv", prefix: header.replacingOccurrences(of: "\n", with: "\r\n"),
                repeating: "1,a@b.org,2024-01-05,07:05:00\r\n", times: rows)
            let digests = try NothingLostTests.digests([whole, input + ".bak"])
            #expect(after == digests[whole] && digests[input + ".bak"] == before, "a changed file that is not the whole fix")
            return .tooLate
        }
        #expect(sent && process.terminationReason == .exit && process.terminationStatus == 128 + signal,
                "ended by \(process.terminationReason) with \(process.terminationStatus): \(message)")
        #expect(message == "")
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted()
        // A backup is made after the write, just before the rename: if the signal came then, it
        // is a hard link to the untouched original.
        #expect(left == ["in.csv"] || left == ["in.csv", "in.csv.bak"], "left: \(left)")
        if left.contains("in.csv.bak") {
            #expect(try NothingLostTests.digests([input + ".bak"])[input + ".bak"] == before)
        }
        return .midWrite
    }
}
