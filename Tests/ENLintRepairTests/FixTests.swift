import ENLintCore
import ENLintRepair
import Foundation
import Testing

/// Each repair on the exact bytes written.
@Suite struct FixTests {
    let tx = "Campaign ID,Supporter Email,Transaction Date,Transaction Time\r\n"

    func fixed(_ input: String, only: [String] = [], options tweak: (inout RepairOptions) -> Void = { _ in }) throws -> String {
        var options = RepairOptions(selection: try RepairSelection(only: only))
        tweak(&options)
        let (bytes, _) = try RepairHarness().fix(Array(input), options: options)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func stripsTheBOM() throws {
        let (bytes, log) = try RepairHarness().fix([0xEF, 0xBB, 0xBF] + Array("a,b\r\n1,2\r\n"))
        #expect(bytes == Array("a,b\r\n1,2\r\n"))
        #expect(log.counts[.bom] == 1)
    }

    @Test func lineEndingsBecomeCRLFOrLF() throws {
        #expect(try fixed("a,b\n1,2\r3,4") == "a,b\r\n1,2\r\n3,4\r\n")
        #expect(try fixed("a,b\r\n1,2\n", options: { $0.lineEnding = .lf }) == "a,b\n1,2\n")
        // A line break inside quotes is data, not a terminator.
        #expect(try fixed("a,b\n\"x\ny\",2\n") == "a,b\r\n\"x\ny\",2\r\n")
    }

    @Test func blankRowsAreDropped() throws {
        #expect(try fixed("a,b\r\n\r\n1,2\r\n\r\n") == "a,b\r\n1,2\r\n")
    }

    @Test func headerNamesAreTrimmed() throws {
        #expect(try fixed("\u{A0}Email \u{200B},\u{201C}Name\u{201D}\r\nx,y\r\n") == "Email,Name\r\nx,y\r\n")
        #expect(try fixed("\tCity\u{2060},\u{2018}Post code\u{2019}\r\nx,y\r\n") == "City,Post code\r\nx,y\r\n")
        // Only around the name: inside it, characters stay.
        #expect(try fixed("Post\u{A0}code\r\nx\r\n") == "Post\u{A0}code\r\nx\r\n")
    }

    @Test func headerTakesTheSavedFormatsNamesWhenOnlyCaseAndSpacingDiffer() throws {
        let linter = try RepairHarness.linter(formatHeader: ["Email Address", "First Name"])
        let (bytes, _) = try RepairHarness().fix(Array("email  address,FIRST NAME\r\nx,y\r\n"), linter: linter)
        #expect(bytes == Array("Email Address,First Name\r\nx,y\r\n"))
        let (other, _) = try RepairHarness().fix(Array("E-mail,First Name\r\nx,y\r\n"), linter: linter)
        #expect(other == Array("E-mail,First Name\r\nx,y\r\n"))
    }

    @Test func timesBecomeTwentyFourHourWithPadding() throws {
        let input = ["7:05:00", "9:05 PM", "07:05", " 10:00:00 ", "12:30 AM"].map { "1,a@b.org,2024-01-05,\($0)\r\n" }.joined()
        let expected = ["07:05:00", "21:05:00", "07:05:00", "10:00:00", "00:30:00"].map { "1,a@b.org,2024-01-05,\($0)\r\n" }.joined()
        #expect(try fixed(tx + input) == tx + expected)
    }

    @Test func unambiguousDatesBecomeISO() throws {
        let shapes = ["2024-1-5", "20240105", "5 Jan 2024", "45296", "2024/01/05", "Jan 5, 2024", " 2024-01-05 ", "2024.01.05", "5-January-2024"]
        let input = shapes.map { "1,a@b.org,\"\($0)\",10:00:00\r\n" }.joined()
        let expected = String(repeating: "1,a@b.org,2024-01-05,10:00:00\r\n", count: shapes.count)
        #expect(try fixed(tx + input) == tx + expected)
    }

    @Test func dayMonthOrderOnlyWhenGiven() throws {
        let row = "1,a@b.org,03/04/2024,10:00:00\r\n"
        #expect(try fixed(tx + row) == tx + row)
        #expect(try fixed(tx + row, options: { $0.dateOrder = .dmy }) == tx + "1,a@b.org,2024-04-03,10:00:00\r\n")
        #expect(try fixed(tx + row, options: { $0.dateOrder = .mdy }) == tx + "1,a@b.org,2024-03-04,10:00:00\r\n")
        // Not a real day in the order given: left alone.
        #expect(try fixed(tx + "1,a@b.org,25/12/2024,10:00:00\r\n", options: { $0.dateOrder = .mdy })
            == tx + "1,a@b.org,25/12/2024,10:00:00\r\n")
    }

    @Test func unrepairableValuesStay() throws {
        let rows = "1,a@b.org,2024-02-30,10:00:00\r\n2,a@b.org,2024-01-05,25:00:00\r\n3,x\r\n"
        #expect(try fixed(tx + rows) == tx + rows)
    }

    @Test func strayQuotesAreEscapedAsTheTokenizerReadThem() throws {
        #expect(try fixed("a,b\r\nab\"c,\"x\"y\r\n") == "a,b\r\n\"ab\"\"c\",xy\r\n")
        // Already well-formed quoting is kept byte for byte.
        #expect(try fixed("a,b\r\n\"q\",\"say \"\"hi\"\"\"\r\n") == "a,b\r\n\"q\",\"say \"\"hi\"\"\"\r\n")
    }

    @Test func anUnclosedQuoteGetsNoTerminatorThatWouldJoinIt() throws {
        #expect(try fixed("a,b\n1,\"open\n") == "a,b\r\n1,\"open\n")
    }

    /// A row with more values than the tokenizer keeps spans for (262,144): fix wrote only the
    /// kept ones, silently dropping the rest. It now refuses, as for a row over the byte bounds.
    @Test func aRowWithMoreValuesThanKeptIsRefused() throws {
        let input = Array("a,b\n" + Array(repeating: "x", count: 300_000).joined(separator: ",") + "\n")
        #expect {
            _ = try RepairHarness().fix(input)
        } throws: { error in
            "\(error)" == "the record on line 2 has 300000 values, more than enlint keeps (262144 a row): it cannot be copied whole"
        }
    }

    @Test func skippedRepairsLeaveTheirBytes() throws {
        #expect(try fixed("a,b\n\n1,2\n", only: ["blank-rows"]) == "a,b\n1,2\n")
        #expect(try fixed("a,b\n\n1,2\n", only: ["EN107"]) == "a,b\r\n\r\n1,2\r\n")
        #expect(throws: RepairSelection.UnknownName.self) { try RepairSelection(only: ["nonsense"]) }
    }

    @Test func windows1252FromExcelBecomesUTF8() throws {
        // "Prénom,Nom,Don\r\nRené,Müller,€5\r\n" as Excel writes it: é = 0xE9, ü = 0xFC, € = 0x80.
        let input: [UInt8] = Array("Pr") + [0xE9] + Array("nom,Nom,Don\r\nRen") + [0xE9] + Array(",M") + [0xFC]
            + Array("ller,") + [0x80] + Array("5\r\n")
        var options = RepairOptions(selection: try RepairSelection())
        options.fromEncoding = "windows-1252"
        let (bytes, log) = try RepairHarness().fix(input, options: options)
        #expect(bytes == Array("Prénom,Nom,Don\r\nRené,Müller,€5\r\n"))
        #expect(log.counts[.encoding] == 1)
    }

    @Test func aLowConfidenceGuessIsRefusedWithAdvice() throws {
        let input: [UInt8] = Array("Name\r\nRen") + [0xE9] + Array("\r\n")
        #expect {
            _ = try RepairHarness().fix(input)
        } throws: { error in
            "\(error)".contains("--from-encoding")
        }
    }

    @Test func utf16BecomesUTF8() throws {
        let text = "Name,City\r\nZoë,Zürich\r\n"
        let input: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let (bytes, _) = try RepairHarness().fix(input)
        #expect(bytes == Array(text))
        let bigEndian: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try RepairHarness().fix(bigEndian).bytes == Array(text))
    }

    /// The input as UTF-8, decoded independently of ICU: transcoding UTF-16 is a documented
    /// repair, so a UTF-16 input's records are compared in their decoded form.
    static func asUTF8(_ input: [UInt8]) -> [UInt8] {
        guard input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF]) else { return input }
        let littleEndian = input[0] == 0xFF
        let units = stride(from: 2, to: input.count - 1, by: 2).map { i -> UInt16 in
            littleEndian ? UInt16(input[i]) | UInt16(input[i + 1]) << 8 : UInt16(input[i]) << 8 | UInt16(input[i + 1])
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// Every fixture, quotes and encodings included: the output's records are the input's, apart
    /// from the documented repairs (value, blank-row and header repairs are skipped here).
    @Test func fixturesRoundTrip() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixtures = try ["/Fixtures", "/Fixtures/rules"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: root.path + folder)
                .filter { $0.hasSuffix(".csv") }.map { root.path + folder + "/" + $0 }
        }
        var checked = 0
        for file in fixtures {
            let input = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            // Value, blank-row and header repairs change records on purpose; syntax and byte
            // repairs must not.
            let options = RepairOptions(selection: try RepairSelection(skip: ["date", "time", "blank-rows", "header-names", "format-header"]))
            guard let (bytes, _) = try? RepairHarness().fix(input, options: options) else { continue }
            #expect(RepairHarness.records(bytes) == RepairHarness.records(Self.asUTF8(input)), "\(file)")
            checked += 1
        }
        #expect(checked > 10)
    }
}
