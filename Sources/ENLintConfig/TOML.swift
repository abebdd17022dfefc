/// A TOML 1.0 reader for enlint.toml, without Foundation. TOMLKit (toml++ underneath) did this
/// before, but its Swift layer imports Foundation, which cost every run about 7 MiB of memory at
/// start-up for a file of a dozen lines. The whole language is read, so that a file other TOML
/// tools accept is accepted here and one they refuse is refused, with the line of the problem.

/// A value. Dates and times are kept as written (after checking them): enlint reads none.
enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case dateTime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var int: Int? { if case .integer(let n) = self { n } else { nil } }
    var array: [TOMLValue]? { if case .array(let a) = self { a } else { nil } }
    var table: TOMLTable? { if case .table(let t) = self { t } else { nil } }
}

/// A table: its keys in the order the file gives them.
struct TOMLTable: Equatable, Sendable {
    private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    subscript(key: String) -> TOMLValue? { values[key] }

    mutating func append(_ key: String, _ value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }
}

struct TOMLParseError: Error, Equatable, CustomStringConvertible {
    /// 1-based.
    var line: Int
    var message: String
    var description: String { message }
}

extension TOMLTable {
    init(parsing text: String) throws(TOMLParseError) {
        var parser = TOMLParser(Array(text.utf8))
        self = try parser.document()
    }
}

/// The tables while the document is read: mutable, and knowing how each table came to be, which
/// decides what may still be added to it.
private final class TableNode {
    enum Origin {
        /// Made on the way to a `[header]` (`a` in `[a.b]`): a later `[a]` may still define it.
        case implicit
        /// Defined by its own `[header]` or `[[header]]` element.
        case header
        /// Made by a dotted key (`a.b = 1` makes `a`): only more dotted keys may add to it.
        case dotted
        /// An inline table: closed once written.
        case inline
    }

    enum Entry {
        case value(TOMLValue)
        case table(TableNode)
        /// Made by `[[header]]`, so that a later one may append to it.
        case tables([TableNode])
    }

    var origin: Origin
    var keys: [String] = []
    var entries: [String: Entry] = [:]

    init(_ origin: Origin) { self.origin = origin }

    func set(_ key: String, _ entry: Entry) {
        if entries.updateValue(entry, forKey: key) == nil { keys.append(key) }
    }

    var value: TOMLTable {
        var table = TOMLTable()
        for key in keys {
            switch entries[key]! {
            case .value(let v): table.append(key, v)
            case .table(let t): table.append(key, .table(t.value))
            case .tables(let ts): table.append(key, .array(ts.map { .table($0.value) }))
            }
        }
        return table
    }
}

private struct TOMLParser {
    let bytes: [UInt8]
    var i = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A byte order mark, as Windows editors may write, is not part of the document.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
    }

    // MARK: Structure

    mutating func document() throws(TOMLParseError) -> TOMLTable {
        let root = TableNode(.header)
        var current = root
        while true {
            skipBlank()
            guard let c = peek() else { break }
            if c == UInt8(ascii: "[") {
                let isArray = peek(1) == UInt8(ascii: "[")
                i += isArray ? 2 : 1
                skipBlank()
                let start = i
                let path = try key()
                skipBlank()
                guard take("]") && (!isArray || take("]")) else { throw error("expected \(isArray ? "]]" : "]") after the table name") }
                current = try isArray ? appendTable(path, in: root, at: start) : defineTable(path, in: root, at: start)
            } else if c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "#") {
                // handled by endOfLine below
            } else {
                try keyValue(into: current)
            }
            try endOfLine()
        }
        return root.value
    }

    /// `[a.b.c]`: defines `c`, making `a` and `b` on the way when missing.
    mutating func defineTable(_ path: [String], in root: TableNode, at start: Int) throws(TOMLParseError) -> TableNode {
        let parent = try walk(path.dropLast(), from: root, at: start)
        let name = path.last!
        switch parent.entries[name] {
        case nil:
            let table = TableNode(.header)
            parent.set(name, .table(table))
            return table
        case .table(let table) where table.origin == .implicit:
            table.origin = .header
            return table
        default:
            throw error("[\(Self.display(path))] is defined twice", at: start)
        }
    }

    /// `[[a.b]]`: a new table at the end of the array `b`.
    mutating func appendTable(_ path: [String], in root: TableNode, at start: Int) throws(TOMLParseError) -> TableNode {
        let parent = try walk(path.dropLast(), from: root, at: start)
        let name = path.last!
        let table = TableNode(.header)
        switch parent.entries[name] {
        case nil: parent.set(name, .tables([table]))
        case .tables(let tables): parent.set(name, .tables(tables + [table]))
        default: throw error("[[\(Self.display(path))]]: \(Self.display(path)) is already defined as something other than an array of tables", at: start)
        }
        return table
    }

    /// The table a header's leading keys lead to; the last element of an array of tables.
    func walk(_ path: ArraySlice<String>, from root: TableNode, at start: Int) throws(TOMLParseError) -> TableNode {
        var table = root
        for name in path {
            switch table.entries[name] {
            case nil:
                let made = TableNode(.implicit)
                table.set(name, .table(made))
                table = made
            case .table(let next) where next.origin != .inline:
                table = next
            case .tables(let list):
                table = list.last!
            default:
                throw error("\(name) is a value, not a table", at: start)
            }
        }
        return table
    }

    /// `a.b = value` into `table`.
    mutating func keyValue(into table: TableNode) throws(TOMLParseError) {
        let start = i
        let path = try key()
        skipBlank()
        guard take("=") else { throw error("expected = after the key \(Self.display(path))") }
        skipBlank()
        let v = try value()
        var target = table
        for name in path.dropLast() {
            switch target.entries[name] {
            case nil:
                let made = TableNode(.dotted)
                target.set(name, .table(made))
                target = made
            case .table(let next) where next.origin == .dotted:
                target = next
            default:
                throw error("\(Self.display(path)): \(name) is already defined and cannot be extended by a dotted key", at: start)
            }
        }
        guard target.entries[path.last!] == nil else { throw error("\(Self.display(path)) is defined twice", at: start) }
        switch v {
        case .table(let t): target.set(path.last!, .table(Self.node(t)))
        default: target.set(path.last!, .value(v))
        }
    }

    /// An inline table's value as a closed node.
    static func node(_ table: TOMLTable) -> TableNode {
        let node = TableNode(.inline)
        for key in table.keys { node.set(key, .value(table[key]!)) }
        return node
    }

    /// After a header or a key/value pair: spaces, a comment, then a line break or the end.
    mutating func endOfLine() throws(TOMLParseError) {
        skipBlank()
        try skipComment()
        guard peek() == nil || takeNewline() else { throw error("expected the end of the line") }
    }

    // MARK: Keys

    /// A dotted key: bare, "basic" or 'literal' parts.
    mutating func key() throws(TOMLParseError) -> [String] {
        var parts: [String] = []
        while true {
            skipBlank()
            if peek() == UInt8(ascii: "\"") {
                i += 1
                parts.append(try string(quote: UInt8(ascii: "\""), multiline: false))
            } else if peek() == UInt8(ascii: "'") {
                i += 1
                parts.append(try string(quote: UInt8(ascii: "'"), multiline: false))
            } else {
                let start = i
                while let c = peek(), Self.isBareKey(c) { i += 1 }
                guard i > start else { throw error("expected a key") }
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
            }
            skipBlank()
            guard take(".") else { return parts }
        }
    }

    static func isBareKey(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    static func display(_ path: [String]) -> String { path.joined(separator: ".") }

    // MARK: Values

    mutating func value() throws(TOMLParseError) -> TOMLValue {
        guard let c = peek() else { throw error("expected a value") }
        switch c {
        case UInt8(ascii: "\""):
            let multiline = peek(1) == c && peek(2) == c
            i += multiline ? 3 : 1
            return .string(try string(quote: UInt8(ascii: "\""), multiline: multiline))
        case UInt8(ascii: "'"):
            let multiline = peek(1) == c && peek(2) == c
            i += multiline ? 3 : 1
            return .string(try string(quote: UInt8(ascii: "'"), multiline: multiline))
        case UInt8(ascii: "["):
            i += 1
            return try array()
        case UInt8(ascii: "{"):
            i += 1
            return try inlineTable()
        default:
            return try scalar()
        }
    }

    mutating func array() throws(TOMLParseError) -> TOMLValue {
        var items: [TOMLValue] = []
        while true {
            try skipBlankLinesAndComments()
            if take("]") { return .array(items) }
            items.append(try value())
            try skipBlankLinesAndComments()
            if take("]") { return .array(items) }
            guard take(",") else { throw error("expected , or ] in the array") }
        }
    }

    mutating func inlineTable() throws(TOMLParseError) -> TOMLValue {
        let table = TableNode(.header)
        skipBlank()
        if take("}") { return .table(table.value) }
        while true {
            try keyValue(into: table)
            skipBlank()
            if take("}") { return .table(table.value) }
            guard take(",") else { throw error("expected , or } in the inline table (which must stay on one line)") }
            skipBlank()
        }
    }

    /// Booleans, numbers, dates and times: one run of the characters they are made of (a date
    /// and a time may be separated by one space).
    mutating func scalar() throws(TOMLParseError) -> TOMLValue {
        let start = i
        func isPart(_ c: UInt8) -> Bool {
            Self.isBareKey(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
        }
        while let c = peek(), isPart(c) { i += 1 }
        if i - start == 10, peek() == UInt8(ascii: " "), let h = peek(1), Self.isDigit(h), peek(3) == UInt8(ascii: ":") {
            i += 1
            while let c = peek(), isPart(c) { i += 1 }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        if let n = Self.integer(text) { return .integer(n) }
        if let x = Self.float(text) { return .float(x) }
        if TOMLDateTime.isValid(text) { return .dateTime(text) }
        if text.isEmpty { throw error("expected a value", at: start) }
        throw error("'\(text)' is not a TOML value (strings need quotes)", at: start)
    }

    static func isDigit(_ c: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) }

    /// Digits with single underscores between them (not first, not last, not doubled).
    static func digits(_ s: Substring, radix: Int) -> String? {
        guard let first = s.first, let last = s.last, first != "_", last != "_", !s.contains("__") else { return nil }
        let plain = s.filter { $0 != "_" }
        guard plain.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }) else { return nil }
        return plain
    }

    static func integer(_ text: String) -> Int? {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            return digits(text.dropFirst(2), radix: radix).flatMap { Int($0, radix: radix) }
        }
        var body = Substring(text)
        let negative = body.first == "-"
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard let plain = digits(body, radix: 10), plain == "0" || plain.first != "0" else { return nil }
        return Int((negative ? "-" : "") + plain)
    }

    /// `[+-]int(.digits)?([eE][+-]?digits)?` with a fraction or an exponent, or both.
    static func float(_ text: String) -> Double? {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let exponentAt = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = exponentAt.map { body[..<$0] } ?? body
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, exponentAt != nil || parts.count == 2 else { return nil }
        guard let whole = digits(parts[0], radix: 10), whole == "0" || whole.first != "0" else { return nil }
        if parts.count == 2 { guard digits(parts[1], radix: 10) != nil else { return nil } }
        if let e = exponentAt {
            var exponent = body[body.index(after: e)...]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard digits(exponent, radix: 10) != nil else { return nil }
        }
        return Double(text.filter { $0 != "_" })
    }

    // MARK: Strings

    /// After the opening quote(s), up to and past the closing ones. A basic string (`"`) takes
    /// backslash escapes; a literal one (`'`) keeps every byte as written.
    mutating func string(quote: UInt8, multiline: Bool) throws(TOMLParseError) -> String {
        let takesEscapes = quote == UInt8(ascii: "\"")
        var out: [UInt8] = []
        if multiline { _ = takeNewline() }
        while true {
            guard let c = peek() else { throw error("a string is not closed") }
            if c == quote {
                if !multiline {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if let end = try closingTriple(c) {
                    out += repeatElement(c, count: end - i - 3)
                    i = end
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(c)
                i += 1
            } else if takesEscapes && c == UInt8(ascii: "\\") {
                i += 1
                if multiline, let afterBackslash = lineEndingBackslash() {
                    i = afterBackslash
                    continue
                }
                try escape(into: &out)
            } else if multiline && (c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r")) {
                guard takeNewline() else { throw error("a carriage return must be followed by a line feed") }
                out.append(UInt8(ascii: "\n"))
            } else {
                try checkStringByte(c, multiline: multiline)
                out.append(c)
                i += 1
            }
        }
    }

    /// At a quote in a multi-line string: when three to five quotes close it here, the position
    /// after them (up to two quotes just before the closing three belong to the string).
    func closingTriple(_ quote: UInt8) throws(TOMLParseError) -> Int? {
        var n = 0
        while peek(n) == quote { n += 1 }
        guard n >= 3 else { return nil }
        guard n <= 5 else { throw error("more than five quotes in a row in a multi-line string") }
        return i + n
    }

    /// A backslash that ends a line (spaces after it allowed): where the text resumes, past
    /// every space and line break that follows.
    func lineEndingBackslash() -> Int? {
        var j = i
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
        guard j < bytes.count, bytes[j] == 0x0A || (bytes[j] == 0x0D && j + 1 < bytes.count && bytes[j + 1] == 0x0A) else { return nil }
        while j < bytes.count, [0x20, 0x09, 0x0A].contains(bytes[j]) || (bytes[j] == 0x0D && j + 1 < bytes.count && bytes[j + 1] == 0x0A) {
            j += 1
        }
        return j
    }

    mutating func escape(into out: inout [UInt8]) throws(TOMLParseError) {
        guard let c = peek() else { throw error("a string is not closed") }
        i += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "b"): 0x08, UInt8(ascii: "t"): 0x09, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "r"): 0x0D, UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C,
        ]
        if let byte = simple[c] {
            out.append(byte)
            return
        }
        guard c == UInt8(ascii: "u") || c == UInt8(ascii: "U") else { throw error("\\\(Unicode.Scalar(c)) is not a TOML escape", at: i - 2) }
        let length = c == UInt8(ascii: "u") ? 4 : 8
        guard i + length <= bytes.count, let code = UInt32(String(decoding: bytes[i..<(i + length)], as: UTF8.self), radix: 16),
            bytes[i..<(i + length)].allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }), let scalar = Unicode.Scalar(code)
        else { throw error("\\\(Unicode.Scalar(c)) needs \(length) hex digits naming a Unicode scalar value", at: i - 2) }
        i += length
        out += Array(String(Character(scalar)).utf8)
    }

    /// Control characters other than tab must be escaped.
    func checkStringByte(_ c: UInt8, multiline: Bool) throws(TOMLParseError) {
        if !multiline && (c == 0x0A || c == 0x0D) { throw error("a string is not closed on its line") }
        if (c < 0x20 && c != 0x09) || c == 0x7F { throw error("a control character in a string must be escaped") }
    }

    // MARK: Whitespace, comments, line breaks

    mutating func skipBlank() {
        while let c = peek(), c == 0x20 || c == 0x09 { i += 1 }
    }

    mutating func skipComment() throws(TOMLParseError) {
        guard peek() == UInt8(ascii: "#") else { return }
        while let c = peek(), c != 0x0A {
            if c == 0x0D && peek(1) == 0x0A { return }
            if (c < 0x20 && c != 0x09) || c == 0x7F { throw error("a control character in a comment") }
            i += 1
        }
    }

    /// Inside arrays: spaces, comments and line breaks.
    mutating func skipBlankLinesAndComments() throws(TOMLParseError) {
        while true {
            skipBlank()
            try skipComment()
            guard takeNewline() else { return }
        }
    }

    mutating func takeNewline() -> Bool {
        if peek() == 0x0A {
            i += 1
            return true
        }
        if peek() == 0x0D && peek(1) == 0x0A {
            i += 2
            return true
        }
        return false
    }

    func peek(_ offset: Int = 0) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

    mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard peek() == UInt8(c.value) else { return false }
        i += 1
        return true
    }

    func error(_ message: String, at position: Int? = nil) -> TOMLParseError {
        let upTo = min(position ?? i, bytes.count)
        return TOMLParseError(line: 1 + bytes[..<upTo].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }, message: message)
    }
}

/// RFC 3339 as TOML takes it: an offset or local date-time, a local date, a local time.
enum TOMLDateTime {
    static func isValid(_ text: String) -> Bool {
        let s = Array(text.utf8)
        if s.count >= 10, s[4] == UInt8(ascii: "-") {
            guard date(s[0..<10]) else { return false }
            if s.count == 10 { return true }
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(s[10]) else { return false }
            return timeWithOffset(s[11...])
        }
        return time(s[...]) == s.count
    }

    static func number(_ s: ArraySlice<UInt8>) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return s.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    static func date(_ s: ArraySlice<UInt8>) -> Bool {
        let b = s.startIndex
        guard s[b + 4] == UInt8(ascii: "-"), s[b + 7] == UInt8(ascii: "-"), let year = number(s[b..<(b + 4)]),
            let month = number(s[(b + 5)..<(b + 7)]), let day = number(s[(b + 8)..<(b + 10)]), (1...12).contains(month)
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    /// `hh:mm:ss(.fraction)?`: how many bytes it takes, or nil.
    static func time(_ s: ArraySlice<UInt8>) -> Int? {
        let b = s.startIndex
        guard s.count >= 8, s[b + 2] == UInt8(ascii: ":"), s[b + 5] == UInt8(ascii: ":"), let h = number(s[b..<(b + 2)]),
            let m = number(s[(b + 3)..<(b + 5)]), let sec = number(s[(b + 6)..<(b + 8)]), h < 24, m < 60, sec <= 60
        else { return nil }
        var n = 8
        if s.count > 8, s[b + 8] == UInt8(ascii: ".") {
            n = 9
            while b + n < s.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s[b + n]) { n += 1 }
            guard n > 9 else { return nil }
        }
        return n
    }

    static func timeWithOffset(_ s: ArraySlice<UInt8>) -> Bool {
        guard let n = time(s) else { return false }
        let offset = s.dropFirst(n)
        if offset.isEmpty || offset.elementsEqual([UInt8(ascii: "Z")]) || offset.elementsEqual([UInt8(ascii: "z")]) { return true }
        let o = offset.startIndex
        guard offset.count == 6, offset.first == UInt8(ascii: "+") || offset.first == UInt8(ascii: "-"),
            offset[o + 3] == UInt8(ascii: ":"), let h = number(offset[(o + 1)..<(o + 3)]), let m = number(offset[(o + 4)..<(o + 6)])
        else { return false }
        return h < 24 && m < 60
    }
}
