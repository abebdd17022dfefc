import CSVTokenizer

/// A deliberately simple, slow reference for the tokenizer's dialect, written from the dialect
/// description (not from the production state machine): it sees the whole input at once, so
/// there are no chunks, no buffer positions and no limits.
///
/// - RFC 4180 fields; records end at LF, CRLF or a lone CR outside quotes; a final terminator
///   makes no extra record; an empty line is the record `[""]`.
/// - A leading UTF-8 BOM is skipped (and not counted as a column on line 1).
/// - Physical lines are the file's lines: every LF, every CR not followed by LF ends one,
///   whether inside quotes or not.
/// - Recovery: a stray quote in an unquoted field is literal (one event per field, at the first
///   one); after a closing quote, the text up to the next delimiter/terminator is appended
///   literally (event at its first byte); an unclosed quote runs to end of input (event at the
///   opening quote). Inside quotes `""` is `"`.
enum ReferenceTokenizer {
    struct Event: Equatable, CustomStringConvertible {
        var kind: SyntaxEvent.Kind
        var line: Int
        var column: Int
        var byteOffset: Int
        var description: String { "\(kind)@\(line):\(column)[\(byteOffset)]" }
    }

    /// Where a field starts (its first raw byte, the opening quote if any).
    struct Place: Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var byteOffset: Int
        var description: String { "\(line):\(column)[\(byteOffset)]" }
    }

    struct Record: Equatable {
        var line: Int
        var endLine: Int
        var byteOffset: Int
        var fields: [[UInt8]]
        var fieldPlaces: [Place]
        /// Raw size of each field in the source (quotes included).
        var rawSizes: [Int] = []
        var terminator: LineTerminator?
        var events: [Event]

        /// Equality of what the production tokenizer reports too (raw sizes are extra).
        static func == (a: Record, b: Record) -> Bool {
            (a.line, a.endLine, a.byteOffset, a.terminator) == (b.line, b.endLine, b.byteOffset, b.terminator)
                && a.fields == b.fields && a.fieldPlaces == b.fieldPlaces && a.events == b.events
        }
    }

    struct Result {
        var hasBOM: Bool
        var records: [Record]
    }

    static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    static func tokenize(_ b: [UInt8]) -> Result {
        let bom = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
        let first = bom ? 3 : 0
        let n = b.count
        // A line break ends at j: an LF, or a CR not followed by LF.
        func endsLine(_ j: Int) -> Bool { b[j] == lf || (b[j] == cr && (j + 1 == n || b[j + 1] != lf)) }
        // Every byte that ends a line, in order: a position's line counts those before it (found
        // by bisection: counting them for every field made the reference quadratic, too slow
        // for inputs of a few pages).
        let lineEnds = (0..<n).filter(endsLine)
        func lineEndsBefore(_ p: Int) -> Int {
            var low = 0, high = lineEnds.count
            while low < high {
                let mid = (low + high) / 2
                if lineEnds[mid] < p { low = mid + 1 } else { high = mid }
            }
            return low
        }
        func line(_ p: Int) -> Int { 1 + lineEndsBefore(p) }
        func column(_ p: Int) -> Int {
            let before = lineEndsBefore(p)
            let start = before == 0 ? first : max(first, lineEnds[before - 1] + 1)
            return 1 + (start..<p).filter { b[$0] & 0xC0 != 0x80 }.count
        }
        func event(_ kind: SyntaxEvent.Kind, _ p: Int) -> Event {
            Event(kind: kind, line: line(p), column: column(p), byteOffset: p)
        }
        func isEnd(_ j: Int) -> Bool { j == n || b[j] == comma || b[j] == lf || b[j] == cr }

        var records: [Record] = []
        var i = first
        while i < n {
            let start = i
            var fields: [[UInt8]] = []
            var places: [Place] = []
            var rawSizes: [Int] = []
            var events: [Event] = []
            while true {
                places.append(Place(line: line(i), column: column(i), byteOffset: i))
                var value: [UInt8] = []
                if i < n && b[i] == quote {
                    let open = i
                    i += 1
                    var closed = false
                    while i < n {
                        if b[i] == quote {
                            if i + 1 < n && b[i + 1] == quote {
                                value.append(quote)
                                i += 2
                            } else {
                                closed = true
                                i += 1
                                break
                            }
                        } else {
                            value.append(b[i])
                            i += 1
                        }
                    }
                    if !closed { events.append(event(.unclosedQuote, open)) }
                    if !isEnd(i) { events.append(event(.textAfterClosingQuote, i)) }
                    while !isEnd(i) { value.append(b[i]); i += 1 }
                } else {
                    var stray = false
                    while !isEnd(i) {
                        if b[i] == quote && !stray {
                            stray = true
                            events.append(event(.quoteInUnquotedField, i))
                        }
                        value.append(b[i])
                        i += 1
                    }
                }
                fields.append(value)
                rawSizes.append(i - places[places.count - 1].byteOffset)
                if i < n && b[i] == comma {
                    i += 1
                    continue
                }
                break
            }
            let endLine = line(i)
            var terminator: LineTerminator? = nil
            if i < n {
                if b[i] == lf {
                    terminator = .lf
                    i += 1
                } else if i + 1 < n && b[i + 1] == lf {
                    terminator = .crlf
                    i += 2
                } else {
                    terminator = .cr
                    i += 1
                }
            }
            var record = Record(
                line: line(start), endLine: endLine, byteOffset: start, fields: fields, fieldPlaces: places,
                terminator: terminator, events: events)
            record.rawSizes = rawSizes
            records.append(record)
        }
        return Result(hasBOM: bom, records: records)
    }
}
