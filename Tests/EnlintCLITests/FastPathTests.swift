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
}
