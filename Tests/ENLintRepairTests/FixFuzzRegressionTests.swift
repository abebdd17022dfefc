import ENLintRepair
import Testing

/// Inputs the `fix` fuzz target (Fuzz/Fix) found, reduced to what they show.
@Suite struct FixFuzzRegressionTests {
    /// With the encoding repair off, a header name holding bytes that are not UTF-8 had its
    /// padding trimmed through a String, which turned each such byte into U+FFFD (EF BF BD).
    /// Such a name is now left byte for byte; the UTF-8 names beside it are still trimmed.
    @Test func aHeaderNameThatIsNotUTF8KeepsItsBytes() throws {
        let input: [UInt8] = Array("Email ") + [0xFF, 0xE9] + Array(" , Name \r\na@b.org,x\r\n")
        let options = RepairOptions(selection: try RepairSelection(skip: ["encoding"]))
        let (bytes, log) = try RepairHarness().fix(input, options: options)
        #expect(bytes == Array("Email ") + [0xFF, 0xE9] + Array(" ,Name\r\na@b.org,x\r\n"))
        #expect(log.counts[.headerNames] == 1)
    }
}

extension FixFuzzRegressionTests {
    /// ICU's detector calls a line of 0xB9 bytes EBCDIC Arabic, `IBM420_rtl`, with confidence
    /// 98: fix took the guess, and the repair then failed on a converter name ICU does not have
    /// (an EBCDIC conversion would have garbled the ASCII commas anyway). Guesses that do not
    /// read ASCII as ASCII are now refused up front, with advice; a named encoding still works.
    @Test func anEBCDICGuessIsRefusedWithAdvice() throws {
        let input: [UInt8] = Array("Name,Note\nSam,") + Array(repeating: 0xB9, count: 10) + Array("\n")
        #expect {
            _ = try RepairHarness().fix(input)
        } throws: { error in
            "\(error)" == "the file is not UTF-8, and ICU guesses IBM420_rtl (confidence 98%), which cannot be right "
                + "for a file whose commas and line breaks read as ASCII: name the encoding, e.g. --from-encoding windows-1252"
        }
        var options = RepairOptions(selection: try RepairSelection())
        options.fromEncoding = "windows-1252"
        let (bytes, _) = try RepairHarness().fix(input, options: options)
        #expect(bytes == Array("Name,Note\r\nSam,\(String(repeating: "\u{B9}", count: 10))\r\n"))
    }
}

extension FixFuzzRegressionTests {
    /// A quote that never closes runs to the end of the file. The header repair trimmed such a
    /// value and wrote it closed, with a line break after it (and a date repair would have done
    /// the same): the missing quote was hidden instead of left for the lint to report. Such a
    /// value is now copied as it is, with no line break after it.
    @Test func anUnclosedQuoteIsNotClosedByAValueRepair() throws {
        let (header, _) = try RepairHarness().fix(Array("Name ,\"Note "))
        #expect(header == Array("Name,\"Note "))
        let tx = "Campaign ID,Supporter Email,Transaction Date,Transaction Time\n"
        let (row, log) = try RepairHarness().fix(Array(tx + "1,a@b.org,\"2024-1-5"))
        #expect(row == Array(tx.replacingOccurrences(of: "\n", with: "\r\n") + "1,a@b.org,\"2024-1-5"))
        #expect(log.counts[.date] == nil)
    }
}
