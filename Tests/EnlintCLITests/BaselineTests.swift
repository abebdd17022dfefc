import Foundation
import Testing

@Suite struct BaselineTests {
    @Test func baselineSuppressesAcceptedFindingsEvenAfterRowsAreInserted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-baseline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("people.csv")
        let baseline = dir.appendingPathComponent("baseline.json")
        try "Email Address,Name\nsam@example.org,Sam,extra\n".write(to: csv, atomically: true, encoding: .utf8)

        let written = try EnlintRunner.run(["--select", "EN203", "--write-baseline", baseline.path, csv.path])
        #expect(written.status == 0)
        #expect(written.stderr == "enlint: recorded 1 finding in \(baseline.path)\n")

        // Two rows inserted above the accepted one, and one new ragged row.
        try "Email Address,Name\nkim@example.org,Kim\nalex@example.org,Alex\nsam@example.org,Sam,extra\nnew@example.org\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let checked = try EnlintRunner.run(["--select", "EN203", "--baseline", baseline.path, "--output-format", "json-lines", csv.path])
        #expect(checked.status == 1)
        #expect(checked.stderr == "enlint: 1 finding suppressed by the baseline \(baseline.path)\n")
        let lines = checked.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"line\":5") == true)
    }

    @Test func aFileThatIsNotABaselineIsAUsageFailure() throws {
        let r = try EnlintRunner.run(["--baseline", "Fixtures/supporters-format.txt", "Fixtures/supporters-good.csv"])
        #expect(r.status == 2)
        #expect(r.stderr == "enlint: Fixtures/supporters-format.txt: not an enlint baseline (make one with --write-baseline)\n")
    }
}
