import Foundation
import Testing

/// The vectorised tokenizer and the byte-by-byte one (`--no-fast-path`) must give the same
/// records and the same findings, byte for byte, on every fixture.
@Suite struct FastPathTests {
    static var files: [String] {
        let root = EnlintRunner.repositoryRoot
        let fixtures = (try? FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("Fixtures").path)) ?? []
        return fixtures.filter { $0.hasSuffix(".csv") }.sorted().map { "Fixtures/" + $0 }
    }

    @Test(arguments: files)
    func recordsAndFindingsAreIdenticalWithoutTheFastPath(file: String) throws {
        let fastRecords = try EnlintRunner.run(["records", file])
        let slowRecords = try EnlintRunner.run(["records", "--no-fast-path", file])
        #expect(fastRecords.stdout == slowRecords.stdout)
        #expect(fastRecords.status == slowRecords.status)
        let fastLint = try EnlintRunner.run(["--isolated", "--output-format", "json", file])
        let slowLint = try EnlintRunner.run(["--isolated", "--output-format", "json", "--no-fast-path", file])
        #expect(fastLint.stdout == slowLint.stdout)
        #expect(fastLint.status == slowLint.status)
    }

    @Test func identicalOnAGeneratedTransactionsFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-fastpath-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try GeneratedFiles.write("transactions", "3MB", to: url.path)
        let fast = try EnlintRunner.run(["--isolated", "--output-format", "json", "--max-per-rule", "1000", url.path])
        let slow = try EnlintRunner.run(["--isolated", "--output-format", "json", "--max-per-rule", "1000", "--no-fast-path", url.path])
        #expect(fast.stdout == slow.stdout)
        #expect(fast.stdout.contains("\"records\": "))
    }

    /// A field over the 1 MiB field bound, with NUL and invalid bytes all through it, in a file
    /// read through mapped windows (which keep all of the field) and by read(2) chunks (which
    /// drop what is past the bound, as much as each chunk's end allows): only the field's kept
    /// part is checked, so both count the same bytes.
    @Test func identicalWhenAFieldIsOverItsBound() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-bigfield-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var bytes = Array("Supporter Email,First Name,Notes\n".utf8)
        for i in 0..<60_000 { bytes += Array("a\(i)@x.org,N\(i),note\n".utf8) }
        bytes += Array("z@x.org,Long,\"".utf8)
        for _ in 0..<3_000 { bytes += Array(repeating: UInt8(ascii: "x"), count: 1_000) + [0, 0xFF, 0x0D, 0x0A] }
        bytes += Array("\"\n".utf8)
        for i in 0..<30_000 { bytes += Array("b\(i)@x.org,M\(i),n\n".utf8) }
        try Data(bytes).write(to: url)
        let fast = try EnlintRunner.run(["--isolated", "--output-format", "json", url.path])
        let slow = try EnlintRunner.run(["--isolated", "--output-format", "json", "--no-fast-path", url.path])
        #expect(fast.stdout == slow.stdout)
        // The first MiB of the field (its opening quote, then 1,004-byte pieces, each with a NUL
        // after 1,000 bytes) holds 1,044 of the 3,000 NUL bytes.
        #expect(fast.stdout.contains("the file holds 1,044 NUL bytes"), "\(fast.stdout.prefix(3000))")
    }
}
