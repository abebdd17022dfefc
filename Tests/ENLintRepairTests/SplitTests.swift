import ENLintCore
import ENLintRepair
import Foundation
import Testing

/// Parts concatenated (without their repeated headers) are the input's records, exactly, in order.
@Suite struct SplitTests {
    /// A transaction file with quoted line breaks, several campaigns and no final terminator.
    static func generated(rows: Int, campaigns: Int = 3) -> [UInt8] {
        var text = "Campaign ID,Supporter Email,Transaction Date,Comment\r\n"
        for i in 0..<rows {
            let comment = i % 7 == 0 ? "\"line one\nline \"\"two\"\", three\"" : "plain \(i)"
            text += "\(100 + i % campaigns),p\(i)@example.org,2024-01-05,\(comment)"
            if i < rows - 1 { text += i % 5 == 0 ? "\n" : "\r\n" }
        }
        return Array(text.utf8)
    }

    @Test func bySizeKeepsRecordsWholeAndInOrder() throws {
        let input = Self.generated(rows: 500)
        var options = SplitOptions()
        options.maxBytes = 2_000
        let parts = try RepairHarness().split(input, options: options)
        #expect(parts.count > 5)
        let header = RepairHarness.records(input)[0]
        var joined: [[String]] = [header]
        for (part, bytes) in parts {
            #expect(bytes.count <= 2_000)
            #expect(part.bytes == Int64(bytes.count))
            #expect(part.sha256 == SHA256.hexDigest(bytes))
            let records = RepairHarness.records(bytes)
            #expect(records[0] == header)
            #expect(part.records == records.count - 1)
            joined += records.dropFirst()
        }
        #expect(joined == RepairHarness.records(input))
        #expect(parts.map(\.part.file).first == "input.part-001.csv")
    }

    @Test func byCampaignGivesEachCampaignItsRowsInOrder() throws {
        let input = Self.generated(rows: 300, campaigns: 4)
        var options = SplitOptions()
        options.byCampaign = true
        options.maxOpenFiles = 2  // more campaigns than descriptors: parts are suspended and resumed
        let parts = try RepairHarness().split(input, options: options)
        let all = RepairHarness.records(input)
        #expect(parts.map(\.part.file) == (100...103).map { "input.campaign-\($0).csv" })
        for (part, bytes) in parts {
            let records = RepairHarness.records(bytes)
            let id = records[1][0]
            #expect(part.file == "input.campaign-\(id).csv")
            #expect(Array(records.dropFirst()) == all.dropFirst().filter { $0[0] == id })
        }
    }

    /// Blank rows have no campaign: they go together to `campaign-none`, where an LF-ended one
    /// after a CR-ended one would join it into one CRLF line break; it is written with a CR.
    @Test func blankRowsKeepTheirCountWhereTheyMeetOtherLineBreaks() throws {
        let input = Array("Campaign ID,E\r\n7,a\r\n\r8,b\r\n\n9,c\r\n".utf8)
        var options = SplitOptions()
        options.byCampaign = true
        let parts = try RepairHarness().split(input, options: options)
        #expect(parts.map(\.part.file) == ["input.campaign-7.csv", "input.campaign-none.csv", "input.campaign-8.csv", "input.campaign-9.csv"])
        #expect(parts[1].bytes == Array("Campaign ID,E\r\n\r\r".utf8))
        #expect(RepairHarness.records(parts[1].bytes) == [["Campaign ID", "E"], [""], [""]])
        #expect(parts[1].part.records == 2)
        // And a part by size that starts with an LF blank line after a CR-ended header.
        options = SplitOptions()
        options.maxBytes = 9
        let bySize = try RepairHarness().split(Array("Email\r1,2\r\n\n3\r".utf8), options: options)
        #expect(bySize.map(\.bytes) == [Array("Email\r1,2\r\n".utf8), Array("Email\r\r3\r".utf8)])
        #expect(bySize.map { RepairHarness.records($0.bytes).count } == [2, 3])
    }

    @Test func byCampaignAndSizeTogether() throws {
        var options = SplitOptions()
        options.byCampaign = true
        options.maxBytes = 3_000
        let parts = try RepairHarness().split(Self.generated(rows: 400, campaigns: 2), options: options)
        #expect(parts.contains { $0.part.file == "input.campaign-100.part-002.csv" })
        #expect(parts.allSatisfy { $0.bytes.count <= 3_000 })
    }

    @Test func quarantineSendsFailingRowsAsideWithTheReason() throws {
        let input = Array("Campaign ID,Supporter Email,Transaction Date\r\n1,a@b.org,2024-01-05\r\n1,b@b.org,2024-02-30\r\n1,c@b.org,2024-01-06\r\n".utf8)
        var options = SplitOptions()
        options.quarantine = true
        let parts = try RepairHarness().split(input, options: options)
        #expect(parts.map(\.part.file) == ["input.valid.csv", "input.invalid.csv"])
        #expect(String(decoding: parts[0].bytes, as: UTF8.self)
            == "Campaign ID,Supporter Email,Transaction Date\r\n1,a@b.org,2024-01-05\r\n1,c@b.org,2024-01-06\r\n")
        let invalid = RepairHarness.records(parts[1].bytes)
        #expect(invalid[0] == ["Campaign ID", "Supporter Email", "Transaction Date", "enlint_errors"])
        #expect(invalid[1].prefix(3) == ["1", "b@b.org", "2024-02-30"])
        #expect(invalid[1][3].hasPrefix("EN402 "))
    }

    @Test func sampleTakesTheFirstRows() throws {
        var options = SplitOptions()
        options.sample = 2
        let input = Self.generated(rows: 50)
        let (read, parts) = try RepairHarness().splitReadingInput(input, options: options)
        #expect(parts.map(\.part.file) == ["input.sample.csv"])
        #expect(RepairHarness.records(parts[0].bytes) == Array(RepairHarness.records(input).prefix(3)))
        // The manifest still identifies the whole input.
        #expect(read == SplitFile(file: "input.csv", records: 50, bytes: Int64(input.count), sha256: SHA256.hexDigest(input)))
    }

    /// Past the sample, records are only counted: a broken one there does not stop the trial file.
    @Test func aRecordTooLargeAfterTheSampleDoesNotMatter() throws {
        var options = SplitOptions()
        options.sample = 1
        let input = Array("Email\r\na@b.org\r\n\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 2 << 20)
        let (read, parts) = try RepairHarness().splitReadingInput(input, options: options)
        #expect(parts.map(\.bytes) == [Array("Email\r\na@b.org\r\n".utf8)])
        #expect(read.records == 2)
        options.sample = 2
        #expect(throws: SplitError.self) { try RepairHarness().split(input, options: options) }
    }

    @Test func manifestNamesTheInputAndListsThePartsAsJSON() throws {
        let input = SplitFile(file: "up/in \"x\".csv", records: 40, bytes: 1234, sha256: "cd")
        let parts = [
            SplitFile(file: "a \"b\".csv", records: 2, bytes: 30, sha256: "ab"),
            SplitFile(file: "c.csv", records: 38, bytes: 1300, sha256: "ef"),
        ]
        #expect(SplitManifest.render(input: input, parts: parts) == """
            {
              "input": {"path": "up/in \\"x\\".csv", "records": 40, "bytes": 1234, "sha256": "cd"},
              "parts": [
                {"file": "a \\"b\\".csv", "records": 2, "bytes": 30, "sha256": "ab"},
                {"file": "c.csv", "records": 38, "bytes": 1300, "sha256": "ef"}
              ]
            }

            """)
        let decoded = try JSONSerialization.jsonObject(with: Data(SplitManifest.render(input: input, parts: []).utf8)) as? [String: Any]
        #expect((decoded?["input"] as? [String: Any])?["records"] as? Int == 40)
        #expect((decoded?["parts"] as? [Any])?.isEmpty == true)
    }
}
