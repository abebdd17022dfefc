import CSVTokenizer
import TestSupport
import Testing

/// Feeds `text` in pieces of `piece` bytes (draining between pieces) with the given chunk size and
/// hands every record to `body` while it is current.
func eachRecord(
    _ text: String, chunkSize: Int = 1 << 20, piece: Int = .max, _ body: (CSVRecord) -> Void
) {
    let bytes = Array(text.utf8)
    let t = CSVTokenizer(limits: TokenizerLimits(chunkSize: chunkSize))
    var i = 0
    while i < bytes.count {
        let k = min(piece, bytes.count - i)
        t.append(Array(bytes[i..<i + k]))
        while t.nextRecord() { body(t.record) }
        i += k
    }
    t.finishInput()
    while t.nextRecord() { body(t.record) }
}

/// Every feeding that puts chunk boundaries at every byte (or every other byte).
let boundaryFeeds: [(Feed, Int)] = [
    (.whole, 1 << 20), (.append(maxPiece: 1), 1 << 20), (.refill(maxPiece: 1), 1 << 20),
    (.refill(maxPiece: 64), 1), (.refill(maxPiece: 64), 2), (.append(maxPiece: 64), 1),
    (.append(maxPiece: 64), 2), (.append(maxPiece: 3), 2),
]

/// Runs `text` with every boundary feeding; all must give the same records.
func tokenizeAllWays(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Run {
    var rng = SplitMix64(seed: 7)
    let input = Array(text.utf8)
    let first = runTokenizer(input, feed: .whole, rng: &rng, sourceLocation: sourceLocation)
    for (feed, chunkSize) in boundaryFeeds {
        let run = runTokenizer(input, limits: TokenizerLimits(chunkSize: chunkSize), feed: feed, rng: &rng, sourceLocation: sourceLocation)
        // Buffer positions (rawEvents) depend on the chunking; everything resolved must not.
        #expect(run.records.map(\.reference) == first.records.map(\.reference), "\(feed) chunkSize \(chunkSize)", sourceLocation: sourceLocation)
        #expect(run.records.map(\.flags) == first.records.map(\.flags), "\(feed) chunkSize \(chunkSize)", sourceLocation: sourceLocation)
        #expect(run.tokenizer.hasBOM == first.tokenizer.hasBOM, sourceLocation: sourceLocation)
    }
    // And the reference agrees.
    let reference = ReferenceTokenizer.tokenize(input)
    #expect(first.records.map(\.reference) == reference.records, sourceLocation: sourceLocation)
    return first
}

typealias Place = ReferenceTokenizer.Place
typealias Event = ReferenceTokenizer.Event

@Suite struct EdgeCaseTests {
    /// The fast path marks a record plain ASCII exactly when it is, whatever the block positions
    /// of its bytes: a non-ASCII or NUL byte at a record's first or last byte or in its middle
    /// marks that record only, not its neighbours.
    @Test func plainASCIIMarksFollowTheRecordsBytes() {
        var input: [UInt8] = []
        var odd: Set<Int> = []
        for i in 0..<300 {
            var record = Array("\(i),\(String(repeating: "x", count: i % 97)),end".utf8)
            switch i % 23 {
            case 3: record.insert(0xC3, at: 0)
            case 7: record.append(0x80)
            case 11: record.insert(0, at: record.count / 2)
            case 13: record.insert(contentsOf: Array("é".utf8), at: record.count - 1)
            default: break
            }
            if record.contains(where: { $0 == 0 || $0 >= 0x80 }) { odd.insert(i) }
            input += record + Array((i % 2 == 0 ? "\n" : "\r\n").utf8)
        }
        var marks: [Bool] = []
        let t = CSVTokenizer()
        t.append(input)
        t.finishInput()
        while t.nextRecord() { marks.append(t.record.isKnownPlainASCII) }
        #expect(marks == (0..<300).map { !odd.contains($0) })
        let bytewise = CSVTokenizer(fastPath: false)
        bytewise.append(input)
        bytewise.finishInput()
        while bytewise.nextRecord() { #expect(!bytewise.record.isKnownPlainASCII) }
    }

    @Test func emptyInputHasNoRecords() {
        let run = tokenizeAllWays("")
        #expect(run.records.isEmpty)
        #expect(!run.tokenizer.hasBOM)
        #expect(run.tokenizer.bytesRead == 0)
    }

    @Test func loneBOMHasNoRecordsButIsRemembered() {
        let run = tokenizeAllWays("\u{FEFF}")
        #expect(run.records.isEmpty)
        #expect(run.tokenizer.hasBOM)
        #expect(run.tokenizer.bytesRead == 3)
    }

    @Test func bomIsNotPartOfTheFirstField() {
        let run = tokenizeAllWays("\u{FEFF}name,é\n1,2\n")
        #expect(run.tokenizer.hasBOM)
        #expect(run.strings == [["name", "é"], ["1", "2"]])
        #expect(run.records[0].byteOffset == 3)
        #expect(run.records[0].fieldPlaces == [Place(line: 1, column: 1, byteOffset: 3), Place(line: 1, column: 6, byteOffset: 8)])
        #expect(run.records[1].byteOffset == 11)
        #expect(run.records[1].fieldPlaces == [Place(line: 2, column: 1, byteOffset: 11), Place(line: 2, column: 3, byteOffset: 13)])
    }

    @Test func bomOnlyAtTheVeryStart() {
        let run = tokenizeAllWays("a\n\u{FEFF}b\n")
        #expect(!run.tokenizer.hasBOM)
        #expect(run.strings == [["a"], ["\u{FEFF}b"]])
    }

    @Test func finalTerminatorMakesNoExtraRecord() {
        #expect(tokenizeAllWays("a").strings == [["a"]])
        #expect(tokenizeAllWays("a").records[0].terminator == nil)
        #expect(tokenizeAllWays("a\n").strings == [["a"]])
        #expect(tokenizeAllWays("a\n").records[0].terminator == .lf)
        let twoLines = tokenizeAllWays("a\n\n")
        #expect(twoLines.strings == [["a"], [""]])
        #expect(twoLines.lines == [1, 2])
        #expect(twoLines.records.map(\.terminator) == [.lf, .lf])
    }

    @Test func emptyLineIsOneEmptyField() {
        let run = tokenizeAllWays("\n")
        #expect(run.strings == [[""]])
        #expect(run.records[0].fieldCount == 1)
        var blank: [Bool] = []
        eachRecord("\n,\n\"\"\n") { blank.append($0.isBlankLine) }
        #expect(blank == [true, false, false])
    }

    @Test func trailingDelimiterMakesAnEmptyLastField() {
        #expect(tokenizeAllWays("a,").strings == [["a", ""]])
        #expect(tokenizeAllWays("a,\n").strings == [["a", ""]])
        #expect(tokenizeAllWays(",").strings == [["", ""]])
    }

    @Test func unclosedQuoteIsReportedWhereItOpened() {
        let run = tokenizeAllWays("a,b\nc,\"x,y\nz")
        #expect(run.strings == [["a", "b"], ["c", "x,y\nz"]])
        #expect(run.records[1].line == 2)
        #expect(run.records[1].endLine == 3)
        #expect(run.records[1].terminator == nil)
        #expect(run.records[1].events == [Event(kind: .unclosedQuote, line: 2, column: 3, byteOffset: 6)])
        #expect(run.records[1].flags[1].contains(.unclosed))
        // A doubled quote just before the end is an escaped quote, not a close.
        #expect(tokenizeAllWays("\"ab\"\"").strings == [["ab\""]])
        #expect(tokenizeAllWays("\"").strings == [[""]])
    }

    @Test func strayQuoteInUnquotedFieldIsLiteral() {
        let run = tokenizeAllWays("x,ab\"c\"d,e\n")
        #expect(run.strings == [["x", "ab\"c\"d", "e"]])
        // One event per field, at the first stray quote.
        #expect(run.records[0].events == [Event(kind: .quoteInUnquotedField, line: 1, column: 5, byteOffset: 4)])
    }

    @Test func textAfterClosingQuoteIsAppended() {
        let run = tokenizeAllWays("x,\"ab\"c\"d,e\n\"\"\"q\"\"\" r\n")
        #expect(run.strings == [["x", "abc\"d", "e"], ["\"q\" r"]])
        #expect(run.records[0].events == [Event(kind: .textAfterClosingQuote, line: 1, column: 7, byteOffset: 6)])
        #expect(run.records[1].events == [Event(kind: .textAfterClosingQuote, line: 2, column: 8, byteOffset: 19)])
    }

    @Test func chunkBoundaryInsideDoubledQuote() {
        for chunkSize in [1, 2, 3] {
            var values: [[String]] = []
            eachRecord("\"a\"\"b\",\"\"\"\"\n", chunkSize: chunkSize, piece: 1) { values.append($0.strings) }
            #expect(values == [["a\"b", "\""]], "chunkSize \(chunkSize)")
        }
        #expect(tokenizeAllWays("\"a\"\"b\",\"\"\"\"\n").strings == [["a\"b", "\""]])
    }

    @Test func chunkBoundaryInsideCRLFOutsideQuotes() {
        let run = tokenizeAllWays("a\r\nb\r\n\r\nc")
        #expect(run.strings == [["a"], ["b"], [""], ["c"]])
        #expect(run.lines == [1, 2, 3, 4])
        #expect(run.records.map(\.terminator) == [.crlf, .crlf, .crlf, nil])
        #expect(run.tokenizer.terminatorCounts == (0, 3, 0))
    }

    @Test func chunkBoundaryInsideCRLFInsideQuotes() {
        let run = tokenizeAllWays("\"a\r\nb\",c\r\nd\n\"\r\n\r\n\"\n")
        #expect(run.strings == [["a\r\nb", "c"], ["d"], ["\r\n\r\n"]])
        #expect(run.records.map(\.line) == [1, 3, 4])
        #expect(run.records.map(\.endLine) == [2, 3, 6])
        #expect(run.records[0].fieldPlaces[1] == Place(line: 2, column: 4, byteOffset: 7))
        #expect(run.tokenizer.terminatorCounts == (2, 1, 0))
    }

    @Test func chunkBoundaryInsideMultibyteCharacter() {
        for chunkSize in [1, 2] {
            var places: [[SourcePosition]] = []
            var values: [[String]] = []
            eachRecord("é,€\n😀,x😀,y\n", chunkSize: chunkSize, piece: 1) { r in
                values.append(r.strings)
                places.append((0..<r.storedFieldCount).map { r.location(of: r.position(ofField: $0)) })
            }
            #expect(values == [["é", "€"], ["😀", "x😀", "y"]])
            #expect(places == [
                [SourcePosition(line: 1, column: 1, byteOffset: 0), SourcePosition(line: 1, column: 3, byteOffset: 3)],
                [SourcePosition(line: 2, column: 1, byteOffset: 7), SourcePosition(line: 2, column: 3, byteOffset: 12),
                 SourcePosition(line: 2, column: 6, byteOffset: 18)],
            ])
        }
    }

    @Test func loneCRTerminators() {
        let run = tokenizeAllWays("a\rb\r\rc\r")
        #expect(run.strings == [["a"], ["b"], [""], ["c"]])
        #expect(run.lines == [1, 2, 3, 4])
        #expect(run.records.map(\.terminator) == [.cr, .cr, .cr, .cr])
        #expect(run.tokenizer.terminatorCounts == (0, 0, 4))
        // A CR that is the last byte of a chunk, and of the input.
        #expect(tokenizeAllWays("a\r").strings == [["a"]])
        #expect(tokenizeAllWays("\r").strings == [[""]])
        #expect(tokenizeAllWays("\"a\r\"\r").records.map(\.endLine) == [2])
    }

    @Test func mixedTerminators() {
        let run = tokenizeAllWays("a\nb\r\nc\rd\n\re")
        #expect(run.strings == [["a"], ["b"], ["c"], ["d"], [""], ["e"]])
        #expect(run.lines == [1, 2, 3, 4, 5, 6])
        #expect(run.records.map(\.terminator) == [.lf, .crlf, .cr, .lf, .cr, nil])
        #expect(run.tokenizer.terminatorCounts == (2, 1, 2))
    }

    @Test func columnsCountUnicodeScalars() {
        let run = tokenizeAllWays("é€😀,x\n\"😀\"y,é\"\n")
        #expect(run.records[0].fieldPlaces.map(\.column) == [1, 5])
        #expect(run.records[1].events == [
            Event(kind: .textAfterClosingQuote, line: 2, column: 4, byteOffset: 18),
            Event(kind: .quoteInUnquotedField, line: 2, column: 7, byteOffset: 22),
        ])
    }

    @Test func columnsOnLineOneAfterBOM() {
        let run = tokenizeAllWays("\u{FEFF}a\"b,\"c\"d\n")
        #expect(run.records[0].fieldPlaces.map(\.column) == [1, 5])
        #expect(run.records[0].events == [
            Event(kind: .quoteInUnquotedField, line: 1, column: 2, byteOffset: 4),
            Event(kind: .textAfterClosingQuote, line: 1, column: 8, byteOffset: 10),
        ])
    }

    @Test func physicalLineOfARecordSpanningLines() {
        for (chunkSize, piece) in [(1 << 20, Int.max), (1, 1), (2, 3)] {
            var lines: [[String]] = []
            var endLines: [Int] = []
            eachRecord("h\nx,\"a\nbc\r\nd\",y\n", chunkSize: chunkSize, piece: piece) { r in
                endLines.append(r.endLine)
                guard r.number == 2 else { return }
                let start = r.startPosition
                // Positions: x, the quote, `b`, `d`, `y`.
                lines.append([0, 2, 5, 9, 12].map { String(decoding: r.physicalLine(containing: start + $0), as: UTF8.self) })
                #expect(r.location(of: start + 12) == SourcePosition(line: 4, column: 4, byteOffset: 14))
                #expect(r.location(of: start + 5) == SourcePosition(line: 3, column: 1, byteOffset: 7))
            }
            #expect(lines == [["x,\"a", "x,\"a", "bc", "d\",y", "d\",y"]], "chunkSize \(chunkSize)")
            #expect(endLines == [1, 4])
        }
    }

    @Test func byteOffsets() {
        var offsets: [Int64] = []
        var fieldOffsets: [[Int64]] = []
        eachRecord("\u{FEFF}ab,c\r\n\"d\n\",é\rf", chunkSize: 2, piece: 1) { r in
            offsets.append(r.byteOffset)
            fieldOffsets.append((0..<r.storedFieldCount).map { r.location(of: r.position(ofField: $0)).byteOffset })
        }
        #expect(offsets == [3, 9, 17])
        #expect(fieldOffsets == [[3, 6], [9, 14], [17]])
    }
}

@Suite struct InvalidByteColumnTests {
    /// Windows-1252 bytes are not UTF-8: each counts as one column, continuation-looking or not.
    @Test func invalidBytesCountOneColumnEach() {
        let tokenizer = CSVTokenizer()
        // "Zo\u{EB}" in windows-1252 (0xEB), a stray 0x80 (€ in windows-1252), then a field.
        tokenizer.append([0x5A, 0x6F, 0xEB, 0x2C, 0x80, 0x80, 0x2C, 0x78, 0x0A])
        tokenizer.finishInput()
        #expect(tokenizer.nextRecord())
        let record = tokenizer.record
        #expect(record.location(of: record.position(ofField: 1)).column == 5)
        #expect(record.location(of: record.position(ofField: 2)).column == 8)
    }
}
