import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `enlint fix` and `enlint split` as users run them.
@Suite struct FixSplitCLITests {
    let bad = "Campaign ID,Supporter Email,Transaction Date,Transaction Time\n1,a@b.org,2024-1-5,7:05:00\n"

    @Test func fixWritesTheRepairedFileReportsAndLintsIt() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", bad)
        let out = scratch.path("out.csv")
        let outcome = try EnlintRunner.run(["fix", input, "-o", out])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("fixed [EN402 date] \"2024-1-5\" -> \"2024-01-05\""))
        #expect(outcome.stdout.contains("0 errors"))
        #expect(try String(contentsOfFile: out, encoding: .utf8)
            == "Campaign ID,Supporter Email,Transaction Date,Transaction Time\r\n1,a@b.org,2024-01-05,07:05:00\r\n")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == bad)
    }

    @Test func fixExitsAsLintOnWhatItCouldNotRepair() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", bad + "1,c@b.org,2024-02-30,10:00:00\n")
        let outcome = try EnlintRunner.run(["fix", input, "-o", scratch.path("out.csv")])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("[EN402]"))
    }

    @Test func inPlaceKeepsABackup() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", bad)
        let outcome = try EnlintRunner.run(["fix", "--in-place", input])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try String(contentsOfFile: input + ".bak", encoding: .utf8) == bad)
        #expect(try String(contentsOfFile: input, encoding: .utf8).contains("2024-01-05"))
    }

    /// The original must survive a failed write. Tests run as root here, which ignores directory
    /// permissions, so the write is made to fail another way: a file-size limit (`ulimit -f`,
    /// with SIGXFSZ ignored so write(2) returns EFBIG) that the repaired file exceeds.
    @Test func inPlaceLeavesTheOriginalUntouchedWhenTheWriteFails() throws {
        let scratch = try Scratch()
        let body = String(repeating: "1,a@b.org,2024-1-5,7:05:00\n", count: 400)
        let original = "Campaign ID,Supporter Email,Transaction Date,Transaction Time\n" + body
        let input = try scratch.write("in.csv", original)
        let outcome = try EnlintRunner.run(
            ["fix", "--in-place", input], launcher: ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 8; exec \"$0\" \"$@\""])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("is unchanged") || outcome.stderr.contains("nothing was written"), "\(outcome.stderr)")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == original)
        let left = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path)
        #expect(left.filter { $0.hasPrefix(".in.csv.enlint-") }.isEmpty, "temporary file left: \(left)")
    }

    /// And with an output path that cannot exist (its parent is a regular file), as non-root
    /// users would meet with a read-only directory.
    @Test func anUnwritableOutputFailsWithoutTouchingTheInput() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", bad)
        let outcome = try EnlintRunner.run(["fix", input, "-o", input + "/out.csv"])
        #expect(outcome.status == 2)
        #expect(try String(contentsOfFile: input, encoding: .utf8) == bad)
        if geteuid() != 0 {
            let locked = scratch.path("locked")
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            let copy = locked + "/in.csv"
            try bad.write(toFile: copy, atomically: false, encoding: .utf8)
            chmod(locked, 0o555)
            defer { chmod(locked, 0o755) }
            #expect(try EnlintRunner.run(["fix", "--in-place", copy]).status == 2)
            #expect(try String(contentsOfFile: copy, encoding: .utf8) == bad)
        }
    }

    @Test func anExcelWindows1252FileComesOutAsUTF8() throws {
        let scratch = try Scratch()
        // é = 0xE9, ü = 0xFC, € = 0x80, as Excel's "CSV (Comma delimited)" writes them.
        var bytes = Array("Email,First Name,Last Name,Note\r\n".utf8)
        bytes += Array("rene@example.org,Ren".utf8) + [0xE9] + Array(",M".utf8) + [0xFC] + Array("ller,".utf8) + [0x80] + Array("5 gift\r\n".utf8)
        let input = try scratch.write("excel.csv", bytes)
        let out = scratch.path("out.csv")
        // ICU's guess for so little text is not confident enough to act on: refused, with advice.
        let refused = try EnlintRunner.run(["fix", input, "-o", out])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("enlint: \(input): the file is not UTF-8, and ICU only guesses "), "\(refused.stderr)")
        #expect(refused.stderr.hasSuffix("name the encoding, e.g. --from-encoding windows-1252 (Excel on Windows writes windows-1252)\n"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let outcome = try EnlintRunner.run(["fix", input, "-o", out, "--from-encoding", "windows-1252"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == """
            \(input):1: fixed [EN103 encoding] windows-1252 -> UTF-8
            enlint: wrote \(out) (1 repair); checking it:
            1 file, 0 errors, 0 warnings, 0 info

            """)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: out))) == Array("Email,First Name,Last Name,Note\r\nrene@example.org,Ren\u{E9},M\u{FC}ller,\u{20AC}5 gift\r\n".utf8))
        #expect(try EnlintRunner.run(["records", out]).stdout.hasSuffix("[\"rene@example.org\", \"René\", \"Müller\", \"€5 gift\"]}\n"))
    }

    /// A failure while repairing (a record past enlint's bounds, after many good ones) or while
    /// keeping the backup (FILE.bak is a directory): the original stays as it was, and neither
    /// a temporary file nor a half-made backup is left.
    @Test func inPlaceLeavesTheOriginalUntouchedWhenRepairOrBackupFails() throws {
        let scratch = try Scratch()
        let good = "Campaign ID,Supporter Email,Transaction Date,Transaction Time\n" + String(repeating: "1,a@b.org,2024-1-5,7:05:00\n", count: 2_000)
        let tooLarge = good + "1,a@b.org,2024-01-05,\"" + String(repeating: "x", count: 9 << 20) + "\n"
        let input = try scratch.write("in.csv", tooLarge)
        let failed = try EnlintRunner.run(["fix", "--in-place", input])
        #expect(failed.status == 2)
        #expect(failed.stderr == "enlint: \(input): the record on line 2002 is larger than enlint's bounds (1 MiB a value, 8 MiB a row), almost always an unclosed quote: it cannot be copied whole; nothing was written\n")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == tooLarge)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["in.csv"])

        try scratch.write("in.csv", good)
        try FileManager.default.createDirectory(atPath: input + ".bak", withIntermediateDirectories: false)
        let noBackup = try EnlintRunner.run(["fix", "--in-place", input])
        #expect(noBackup.status == 2)
        #expect(noBackup.stderr == "enlint: \(input).bak: cannot write the backup: Is a directory; \(input) is unchanged\n")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == good)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).sorted() == ["in.csv", "in.csv.bak"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: input + ".bak").isEmpty)
    }

    @Test func diffShowsChangedLinesAndWritesNothing() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", bad)
        let outcome = try EnlintRunner.run(["fix", input, "--diff"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("@@ -2 +2 @@\n-1,a@b.org,2024-1-5,7:05:00\n+1,a@b.org,2024-01-05,07:05:00\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["in.csv"])
    }

    /// Records whose quoted values hold line breaks (LF, CRLF, lone CR): each hunk has every
    /// physical line of the record, numbered in the input and in the output (which has one line
    /// fewer after the dropped blank row). The report keeps one line per repair.
    @Test func diffShowsMultiLineRecordsWholeWithExactLineNumbers() throws {
        let scratch = try Scratch()
        let input = try scratch.write("in.csv", """
            Campaign ID, Supporter Email ,Transaction Date,Comments
            1,a@b.org,2024-1-5,"line one
            line two"

            1,b@b.org,2024-01-05,"x\r
            y"
            1,c@b.org,5 Jan 2024,"p\rq\rr"
            1,d@b.org,2024-01-05,"first
            second"ish
            1,e@b.org,20240105,plain

            """)
        let outcome = try EnlintRunner.run(["fix", input, "--diff", "--skip", "line-endings"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout == """
            --- \(input)
            +++ \(input) (fixed)
            @@ -1 +1 @@
            -Campaign ID, Supporter Email ,Transaction Date,Comments
            +Campaign ID,Supporter Email,Transaction Date,Comments
            @@ -2,2 +2,2 @@
            -1,a@b.org,2024-1-5,"line one
            -line two"
            +1,a@b.org,2024-01-05,"line one
            +line two"
            @@ -4 +3,0 @@
            -
            @@ -7,3 +6,3 @@
            -1,c@b.org,5 Jan 2024,"p
            -q
            -r"
            +1,c@b.org,2024-01-05,"p
            +q
            +r"
            @@ -10,2 +9,2 @@
            -1,d@b.org,2024-01-05,"first
            -second"ish
            +1,d@b.org,2024-01-05,"first
            +secondish"
            @@ -12 +11 @@
            -1,e@b.org,20240105,plain
            +1,e@b.org,2024-01-05,plain

            """)
        #expect(outcome.stderr == """
            \(input):1: fixed [EN301 header-names] " Supporter Email " -> "Supporter Email"
            \(input):2: fixed [EN402 date] "2024-1-5" -> "2024-01-05"
            \(input):4: fixed [EN204 blank-rows] blank row -> removed
            \(input):7: fixed [EN402 date] "5 Jan 2024" -> "2024-01-05"
            \(input):10: fixed [EN202 quoting] "first\\nsecond"ish -> "first\\nsecondish"
            \(input):12: fixed [EN402 date] "20240105" -> "2024-01-05"

            """)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["in.csv"])
    }

    @Test func splitWritesPartsAndAManifestNamingTheInput() throws {
        let scratch = try Scratch()
        let header = "Campaign ID,Supporter Email\r\n"
        let rows = (0..<40).map { "\(7 + $0 % 2),p\($0)@example.org\r\n" }
        let input = try scratch.write("gifts.csv", header + rows.joined())
        let dir = scratch.path("parts")
        let outcome = try EnlintRunner.run(["split", input, "--out-dir", dir, "--by-campaign"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let parts = ["7": dir + "/gifts.campaign-7.csv", "8": dir + "/gifts.campaign-8.csv"]
        for (id, part) in parts {
            #expect(try String(contentsOfFile: part, encoding: .utf8) == header + rows.filter { $0.hasPrefix(id + ",") }.joined())
        }
        let sha = try NothingLostTests.digests([input] + parts.values)
        let size = { (path: String) in (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1 }
        #expect(try String(contentsOfFile: dir + "/gifts.manifest.json", encoding: .utf8) == """
            {
              "input": {"path": "\(input)", "records": 40, "bytes": \(try size(input)), "sha256": "\(sha[input]!)"},
              "parts": [
                {"file": "gifts.campaign-7.csv", "records": 20, "bytes": \(try size(parts["7"]!)), "sha256": "\(sha[parts["7"]!]!)"},
                {"file": "gifts.campaign-8.csv", "records": 20, "bytes": \(try size(parts["8"]!)), "sha256": "\(sha[parts["8"]!]!)"}
              ]
            }

            """)
        #expect(outcome.stdout == """
            \(parts["7"]!): 20 records, \(try size(parts["7"]!)) bytes
            \(parts["8"]!): 20 records, \(try size(parts["8"]!)) bytes
            enlint: 2 parts; manifest: \(dir)/gifts.manifest.json

            """)
    }
}
