import Foundation
import Testing

@testable import ENLintConfig

/// The TOML reader behind enlint.toml: exact values and error lines, and agreement with
/// Python's `tomllib` (a TOML 1.0 reader) on which documents are valid and what they hold.
@Suite struct TOMLTests {
    static func parse(_ text: String) throws(TOMLParseError) -> TOMLTable { try TOMLTable(parsing: text) }

    @Test func valuesOfEveryKind() throws {
        let table = try Self.parse(
            """
            s = "tab\\there \\u00e9\\U0001F600 \\"q\\" \\\\"
            lit = 'C:\\no\\escapes'
            i = [+99, -17, 0, 1_000, 0xDEAD_beef, 0o755, 0b1101]
            f = [1.5, -0.01, 5e+22, 6.626e-34, 224_617.445_991, inf, -inf]
            b = [true, false]
            d = [1979-05-27T07:32:00Z, 1979-05-27 00:32:00.999999-07:00, 1979-05-27T07:32:00, 1979-05-27, 07:32:00, 00:32:00.5]
            mixed = [ 1, "two", [3], { four = 4 }, ] # trailing comma and a comment
            """)
        #expect(table["s"] == .string("tab\there é😀 \"q\" \\"))
        #expect(table["lit"] == .string("C:\\no\\escapes"))
        #expect(table["i"] == .array([99, -17, 0, 1000, 0xDEAD_BEEF, 0o755, 0b1101].map { .integer($0) }))
        #expect(table["f"] == .array([1.5, -0.01, 5e22, 6.626e-34, 224617.445991, .infinity, -.infinity].map { .float($0) }))
        #expect(table["b"] == .array([.boolean(true), .boolean(false)]))
        #expect(table["d"]?.array?.count == 6)
        #expect(table["d"]?.array?[1] == .dateTime("1979-05-27 00:32:00.999999-07:00"))
        var four = TOMLTable()
        four.append("four", .integer(4))
        #expect(table["mixed"] == .array([.integer(1), .string("two"), .array([.integer(3)]), .table(four)]))
        #expect(table.keys == ["s", "lit", "i", "f", "b", "d", "mixed"])
    }

    @Test func multilineStrings() throws {
        let table = try Self.parse(
            "a = \"\"\"\nRoses\r\nViolets\"\"\"\nb = \"\"\"\\\n    The quick \\\n\n    fox.\"\"\"\nc = '''\nraw \\n ''two'' quotes'''''\nd = \"\"\"\"\"\"\"\n")
        #expect(table["a"] == .string("Roses\nViolets"))
        #expect(table["b"] == .string("The quick fox."))
        #expect(table["c"] == .string("raw \\n ''two'' quotes''"))
        #expect(table["d"] == .string("\""))
    }

    @Test func tablesDottedKeysAndArraysOfTables() throws {
        let table = try Self.parse(
            """
            "quoted key" = 1
            site."google.com" = true
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            [[files]]
            glob = "a"
            [files.columns]
            email = "E"
            [[files]]
            glob = "b"
            """)
        #expect(table["quoted key"] == .integer(1))
        #expect(table["site"]?.table?["google.com"] == .boolean(true))
        let apple = table["fruit"]?.table?["apple"]?.table
        #expect(apple?["color"] == .string("red"))
        #expect(apple?["taste"]?.table?["sweet"] == .boolean(true))
        #expect(apple?["texture"]?.table?["smooth"] == .boolean(true))
        let files = try #require(table["files"]?.array)
        #expect(files.map { $0.table?["glob"] } == [.string("a"), .string("b")])
        #expect(files[0].table?["columns"]?.table?["email"] == .string("E"))
    }

    @Test(arguments: [
        ("a = 1\na = 2\n", 2, "a is defined twice"),
        ("[t]\nx = 1\n[t]\n", 3, "[t] is defined twice"),
        ("a = 1\n[a.b]\n", 2, "a is a value, not a table"),
        ("[a.b]\nc = 1\n[a]\nb.d = 2\n", 4, "b.d: b is already defined and cannot be extended by a dotted key"),
        ("a = {x = 1}\n[a]\n", 2, "[a] is defined twice"),
        ("a = [1]\n[[a]]\n", 2, "[[a]]: a is already defined as something other than an array of tables"),
        ("a = \"open\n", 1, "a string is not closed on its line"),
        ("\n\nselect = [\"EN1\"\nignore = 3\n", 4, "expected , or ] in the array"),
        ("a = hello\n", 1, "'hello' is not a TOML value (strings need quotes)"),
        ("a = 1 2\n", 1, "expected the end of the line"),
        ("a = \"\\q\"\n", 1, "\\q is not a TOML escape"),
        ("a = \"\\uD800\"\n", 1, "\\u needs 4 hex digits naming a Unicode scalar value"),
        ("a = { b = 1, }\n", 1, "expected a key"),
        ("a = { b = 1,\n c = 2 }\n", 1, "expected a key"),
        ("= 1\n", 1, "expected a key"),
        ("a\n", 1, "expected = after the key a"),
        ("[a\n", 1, "expected ] after the table name"),
        ("a = 1 # bell \u{7}\n", 1, "a control character in a comment"),
    ] as [(String, Int, String)])
    func invalidDocumentsNameTheLine(text: String, line: Int, message: String) {
        #expect(throws: TOMLParseError(line: line, message: message)) { try Self.parse(text) }
    }

    /// A byte order mark at the start, as Windows editors write, is skipped (as TOMLKit did;
    /// tomllib refuses it). Anywhere else it is not whitespace.
    @Test func aLeadingByteOrderMarkIsSkipped() throws {
        #expect(try Self.parse("\u{FEFF}a = 1")["a"] == .integer(1))
        #expect(throws: TOMLParseError.self) { try Self.parse("a = 1\n\u{FEFF}b = 2") }
    }

    /// Documents on the edges of the grammar: each is accepted or refused as tomllib does, and
    /// an accepted one holds the same values.
    static let corpus: [String] = [
        "", "# only a comment", "a = 1\r\nb = 2\r\n", "a = 1\rb = 2", "a=1", "  a  =  1  ", "a.b.c = 1\na.b.d = 2",
        "a.b = 1\na.b.c = 2", "a = 01", "a = -0", "a = +0x10", "a = 0x", "a = 1__0", "a = _1", "a = 1_", "a = 0b102", "a = 0o8",
        "a = 9223372036854775807", "a = -9223372036854775808", "a = 1.", "a = .5", "a = 1e", "a = 1e_5", "a = 1.5e+3_0",
        "a = 01.5", "a = -0.0", "a = nan", "a = +inf", "a = True", "a = 1979-13-01", "a = 1979-02-29", "a = 2000-02-29",
        "a = 1979-05-27T25:00:00", "a = 1979-05-27T07:32", "a = 07:32:00Z", "a = 1979-05-27T07:32:00+1:00", "a = 1979-05-27 ",
        "a = 1979-05-27T07:32:00.Z", "a = '''\nx''''''", "a = \"\"\"x\"\"\"\"\"\"\"", "a = 'tab\there'", "a = 'bell\u{7}'",
        "a = \"\\u00E9\\U0010FFFF\"", "a = \"\\U00110000\"", "a = \"\\x41\"", "a = [\n1,\n# c\n2,\n]", "a = [,]", "a = [1,,2]",
        "a = {}", "a = { x.y = 1, x.z = 2 }", "a = { x = 1, x = 2 }", "a = { x = 1 }\na.y = 2", "[a]\n[a.b]\n[a]",
        "[[a]]\n[a.b]\nc = 1\n[[a]]\n[a.b]\nc = 2", "[[a.b]]\n[a]\nc = 1", "[ a . b ]\nc = 1", "[[a] ]", "[a]]", "[]", "[a.]",
        "a.\"b.c\".'d' = 1", "\"\" = 1", "a = 1 # comment", "a = \"x\" b = 1", "[a] x = 1", "a = [1] [2]", "a = 1\n\n\n# end",
        "x = \"\"\"\na\\  \n  b\"\"\"", "x = \"\"\"\\ \"\"\"", "k = \"\"\"a\n\rb\"\"\"", "[a.b.c]\n[a]\nb.c.d = 1", "a = 1e300",
        "a = 0.1", "a = 3.14159265358979", "a = 6e-300", "a = 123_456.789_012e-1_0",
    ]

    @Test func agreesWithPythonsTomllib() throws {
        let script = """
            import sys, tomllib, struct, json, datetime, math
            def canon(v):
                if isinstance(v, bool): return "b1" if v else "b0"
                if isinstance(v, str): return "s" + v.encode().hex()
                if isinstance(v, int): return "i" + str(v)
                if isinstance(v, float): return "fnan" if math.isnan(v) else "f" + struct.pack(">d", v).hex()
                if isinstance(v, (datetime.date, datetime.time)): return "d"
                if isinstance(v, list): return "[" + ",".join(canon(x) for x in v) + "]"
                return "{" + ",".join(k.encode().hex() + ":" + canon(v[k]) for k in sorted(v)) + "}"
            for doc in json.load(sys.stdin):
                try: print(canon(tomllib.loads(doc)))
                except tomllib.TOMLDecodeError: print("invalid")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(Self.corpus))
        try input.fileHandleForWriting.close()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        process.waitUntilExit()
        try #require(process.terminationStatus == 0 && expected.count == Self.corpus.count)
        for (document, python) in zip(Self.corpus, expected) {
            let ours = (try? Self.parse(document)).map { Self.canon(.table($0)) } ?? "invalid"
            #expect(ours == String(python), "\(document.debugDescription)")
        }
    }

    static func canon(_ value: TOMLValue) -> String {
        func hex<S: Sequence<UInt8>>(_ bytes: S) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        switch value {
        case .boolean(let b): return b ? "b1" : "b0"
        case .string(let s): return "s" + hex(s.utf8)
        case .integer(let n): return "i\(n)"
        case .float(let x): return x.isNaN ? "fnan" : "f" + String(format: "%016llx", x.bitPattern)
        case .dateTime: return "d"
        case .array(let items): return "[" + items.map(canon).joined(separator: ",") + "]"
        case .table(let t):
            return "{" + t.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                .map { hex($0.utf8) + ":" + canon(t[$0]!) }.joined(separator: ",") + "}"
        }
    }
}
