/// How the header rules compare column names.
enum HeaderName {
    /// ASCII whitespace and the no-break space Excel users paste in from web pages.
    static func isSpace(_ c: Character) -> Bool {
        c == " " || c == "\t" || c == "\u{A0}" || c == "\r" || c == "\n"
    }

    /// Whether a name is empty or holds only whitespace.
    static func isBlank(_ name: String) -> Bool {
        name.allSatisfy(isSpace)
    }

    /// The name with case and whitespace differences removed: lower-cased, trimmed, inner runs
    /// of whitespace collapsed to one space. `Email ` and `email` give the same key.
    static func looseKey(_ name: String) -> String {
        name.lowercased().split(whereSeparator: isSpace).joined(separator: " ")
    }

    /// Whether the header is one blank field: the file's first line is empty (or whitespace).
    static func isBlankLine(_ header: [String]) -> Bool {
        header.count == 1 && isBlank(header[0])
    }
}
