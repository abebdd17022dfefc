/// How the header rules compare column names: the way a person would read them, and the ways
/// two such names differ.
enum HeaderName {
    /// ASCII whitespace and the no-break space Excel users paste in from web pages.
    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\u{A0}" || c == "\r" || c == "\n"
    }

    /// Whether a name is empty or holds only whitespace.
    static func isBlank(_ name: String) -> Bool {
        name.allSatisfy(isSpace)
    }

    /// The name as a person reads it: without invisible characters, with straight quotes,
    /// trimmed, inner whitespace collapsed, lower-cased. `Email `, `email` and `“Email”`-style
    /// variants of one name give the same key.
    static func looseKey(_ name: String) -> String {
        plainLooseKey(name) ?? collapsed(straight(visible(name))).lowercased()
    }

    /// `looseKey` of the usual name, printable ASCII and spaces only, from its bytes (nil for
    /// any other name): it has nothing invisible or curly, its only whitespace is the space,
    /// and lower-casing it is ASCII's. The general key builds several strings a name, which
    /// every file pays for each column at start.
    static func plainLooseKey(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { bytes -> String? in
            var key: [UInt8] = []
            key.reserveCapacity(bytes.count)
            var spaceBefore = false
            for b in bytes {
                guard b >= 0x20 && b < 0x7F else { return nil }
                if b == 0x20 {
                    spaceBefore = !key.isEmpty
                    continue
                }
                if spaceBefore { key.append(0x20) }
                spaceBefore = false
                key.append(b &- 0x41 < 26 ? b | 0x20 : b)
            }
            return String(decoding: key, as: UTF8.self)
        }
    }

    /// Whether the header is one blank field: the file's first line is empty (or whitespace).
    static func isBlankLine(_ header: [String]) -> Bool {
        header.count == 1 && isBlank(header[0])
    }


    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF].contains(s.value)
    }

    static func straightened(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s.value {
        case 0x2018, 0x2019: "'"
        case 0x201C, 0x201D: "\""
        case 0xA0: " "
        default: s
        }
    }

    /// The separator a one-column header seems to use instead of commas (`"a semicolon"`), nil
    /// when the header has several columns or no such character.
    static func foreignDelimiter(_ header: [String]) -> String? {
        guard header.count == 1 else { return nil }
        let name = header[0]
        if name.contains(";") { return "semicolons" }
        if name.contains("\t") { return "tabs" }
        if name.contains("|") { return "pipes" }
        return nil
    }


    static func visible(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.filter { !isInvisible($0) }))
    }

    static func straight(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map(straightened)))
    }

    /// Trimmed, with inner runs of whitespace collapsed to one space.
    static func collapsed(_ name: String) -> String {
        name.split(whereSeparator: isSpace).joined(separator: " ")
    }

    /// How `file` is written differently from `format` (names with the same loose key), in words.
    static func differences(_ file: String, _ format: String) -> [String] {
        guard file != format else { return [] }
        var how: [String] = []
        func hidden(_ name: String) -> String? {
            name.unicodeScalars.lazy.compactMap { ByteParsing.invisibleCharacterName($0.value) }.first.map { "an invisible \($0)" }
        }
        var a = visible(file)
        var b = visible(format)
        if let h = hidden(file) { how.append("the file's name has \(h)") }
        if let h = hidden(format) { how.append("the saved format's name has \(h)") }
        func hasSmartQuote(_ s: String) -> Bool { s.unicodeScalars.contains { (0x2018...0x201D).contains($0.value) } }
        if hasSmartQuote(a) != hasSmartQuote(b) || (hasSmartQuote(a) && a != b && straight(a) == straight(b)) {
            how.append("typographic quotes instead of straight ones")
        }
        a = straight(a)
        b = straight(b)
        if a != b, a.trimmingASCIISpaces() != a || b.trimmingASCIISpaces() != b { how.append("spaces around the name") }
        a = a.trimmingASCIISpaces()
        b = b.trimmingASCIISpaces()
        if a != b, collapsed(a) != a || collapsed(b) != b { how.append("different spacing inside the name") }
        a = collapsed(a)
        b = collapsed(b)
        if a != b && a.lowercased() == b.lowercased() { how.append("different upper/lower case") }
        return how
    }
}
