/// Finds the line of a key in TOML text, for error messages: the parsed tables do not keep
/// source positions. Tracks which table each line belongs to (`[severity]`, the n-th
/// `[[files]]`) and looks for `key =` there. Not a parser: it only has to point a person at the
/// right line of a file the TOML parser already accepted.
struct KeyLocator {
    /// Per line: the section it is in (nil for the top level) and the key it assigns, if any.
    private var entries: [(section: String?, key: String?, header: String?)] = []

    init(text: String) {
        var section: String? = nil
        var arrayCounts: [String: Int] = [:]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[[") {
                let name = Self.name(line.dropFirst(2).prefix { $0 != "]" })
                let n = arrayCounts[name, default: 0]
                arrayCounts[name] = n + 1
                section = "\(name)#\(n)"
                entries.append((section, nil, section))
            } else if line.hasPrefix("[") {
                let name = Self.name(line.dropFirst().prefix { $0 != "]" })
                // `[files.columns]` continues the current `[[files]]` element.
                if let current = section, name.hasPrefix("files."), current.hasPrefix("files#") {
                    entries.append((current, nil, nil))
                } else {
                    section = name
                    entries.append((section, nil, section))
                }
            } else if let eq = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let key = Self.name(line[..<eq])
                entries.append((section, key, nil))
            } else {
                entries.append((section, nil, nil))
            }
        }
    }

    static func name(_ s: Substring) -> String {
        var t = s.trimmingCharacters(in: " \t")
        if t.count >= 2 && (t.hasPrefix("\"") && t.hasSuffix("\"") || t.hasPrefix("'") && t.hasSuffix("'")) {
            t = String(t.dropFirst().dropLast())
        }
        return t
    }

    /// 1-based line of `key` in `section`; failing that (a key inside an inline table), the
    /// line of the section's header.
    func line(of key: String, in section: String?) -> Int? {
        for (i, e) in entries.enumerated() where e.section == section && e.key == key { return i + 1 }
        return sectionLine(section)
    }

    func sectionLine(_ section: String?) -> Int? {
        guard let section else { return nil }
        return entries.firstIndex { $0.header == section }.map { $0 + 1 }
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
