import ENLintCore

/// An `enlint.toml` (or `.enlint.toml`): defaults for every file below its directory, and
/// per-path sections that tell each file its import kind and saved format, which is how a
/// pre-commit hook, given only file names, lints each file right.
///
/// ```toml
/// select = ["EN"]
/// ignore = ["EN601"]
/// max-per-rule = 50
///
/// [severity]
/// EN502 = "error"
///
/// [[files]]
/// glob = "supporters/*.csv"
/// kind = "supporters"
/// format-header = "formats/supporters.txt"   # relative to this file
/// ignore = ["EN503"]
/// columns = { email = "E-mail" }
/// ```
public struct Configuration: Sendable, Equatable {
    /// The configuration file.
    public var path: String
    /// Its directory: globs and header paths are relative to it.
    public var directory: String
    public var select: [String]?
    public var ignore: [String]?
    public var severities: [String: Severity?] = [:]
    public var maxPerRule: Int?
    public var sections: [Section] = []

    /// A `[[files]]` section.
    public struct Section: Sendable, Equatable {
        /// Matched against the file's path relative to the configuration's directory, and
        /// against its name; `*` also matches `/`.
        public var glob: String
        public var kind: ImportKind?
        /// Absolute or relative to the current directory (resolved from the config's directory).
        public var formatHeader: String?
        public var columns: [ColumnRole: String] = [:]
        /// Rules not to run on these files, in addition to the global `ignore`.
        public var ignore: [String] = []
    }

    public static let fileNames = ["enlint.toml", ".enlint.toml"]

    /// The first section whose glob matches `filePath`.
    public func section(for filePath: String) -> (index: Int, section: Section)? {
        let relative = Self.relativePath(filePath, to: directory)
        let name = filePath.split(separator: "/").last.map(String.init) ?? filePath
        for (i, section) in sections.enumerated() where Glob.matches(section.glob, relative) || Glob.matches(section.glob, name) {
            return (i, section)
        }
        return nil
    }

    static func relativePath(_ path: String, to directory: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        if directory == "." || directory.isEmpty { return String(p) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : String(p)
    }
}

/// A configuration file that could not be used: names the file, the line and the key.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    /// `path:line: message`; just the message when it came from the command line (no path).
    public var description: String {
        if path.isEmpty { return message }
        return line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}

extension Configuration {
    /// Parses configuration text. `path` names the file in errors and anchors relative paths.
    public init(text: String, path: String) throws(ConfigurationError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        directory = slash.map { String(path[..<$0]) } ?? "."
        if directory.isEmpty { directory = "/" }
        let locator = KeyLocator(text: text)
        let table: TOMLTable
        do {
            table = try TOMLTable(parsing: text)
        } catch {
            throw ConfigurationError(path: path, line: error.line, message: "invalid TOML: \(error.message)")
        }
        let reader = TableReader(table: table, path: path, locator: locator, section: nil)
        select = try reader.stringList("select")
        ignore = try reader.stringList("ignore")
        maxPerRule = try reader.positiveInt("max-per-rule")
        if let severityTable = try reader.table("severity") {
            let sub = TableReader(table: severityTable, path: path, locator: locator, section: "severity")
            for key in severityTable.keys {
                guard let value = severityTable[key]?.string else {
                    throw sub.error(key, "expected \"error\", \"warning\", \"info\" or \"off\"")
                }
                if value == "off" {
                    severities[key] = .some(nil)
                } else if let level = Severity(rawValue: value) {
                    severities[key] = level
                } else {
                    throw sub.error(key, "'\(value)' is not a severity: expected error, warning, info or off")
                }
            }
        }
        if let files = try reader.tableArray("files") {
            for (i, sectionTable) in files.enumerated() {
                let sub = TableReader(table: sectionTable, path: path, locator: locator, section: "files#\(i)")
                sections.append(try Self.section(sub, directory: directory))
                try sub.rejectUnknownKeys(allowed: ["glob", "kind", "format-header", "columns", "ignore"])
            }
        }
        try reader.rejectUnknownKeys(allowed: ["select", "ignore", "max-per-rule", "severity", "files"])
    }

    static func section(_ reader: TableReader, directory: String) throws(ConfigurationError) -> Section {
        guard let glob = try reader.string("glob") else {
            throw ConfigurationError(path: reader.path, line: reader.locator.sectionLine(reader.section), message: "[[files]] needs a glob")
        }
        var section = Section(glob: glob)
        if let kind = try reader.string("kind") {
            guard let parsed = ImportKind(argument: kind) else {
                throw reader.error("kind", "'\(kind)' is not an import kind: expected supporters or transactions")
            }
            section.kind = parsed
        }
        if let header = try reader.string("format-header") {
            section.formatHeader = header.hasPrefix("/") || directory == "." ? header : directory + "/" + header
        }
        section.ignore = try reader.stringList("ignore") ?? []
        if let columns = try reader.table("columns") {
            let sub = TableReader(table: columns, path: reader.path, locator: reader.locator, section: reader.section)
            for key in columns.keys {
                guard let role = ColumnRole(rawValue: key) else {
                    throw sub.error(key, "unknown column role '\(key)': expected one of \(ColumnRole.nameList)")
                }
                guard let name = columns[key]?.string, !name.isEmpty else { throw sub.error(key, "expected a column name") }
                section.columns[role] = name
            }
        }
        return section
    }

    /// Reads and parses a configuration file.
    public static func load(path: String, read: (String) throws -> String) throws(ConfigurationError) -> Configuration {
        let text: String
        do {
            text = try read(path)
        } catch {
            throw ConfigurationError(path: path, line: nil, message: "cannot read: \(error)")
        }
        return try Configuration(text: text, path: path)
    }
}

/// Typed access to one TOML table, with errors that name the file, line and key.
struct TableReader {
    let table: TOMLTable
    let path: String
    let locator: KeyLocator
    let section: String?

    func error(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(path: path, line: locator.line(of: key, in: section), message: "\(key): \(message)")
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = table[key] else { return nil }
        guard let s = value.string else { throw error(key, "expected a string") }
        return s
    }

    func positiveInt(_ key: String) throws(ConfigurationError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let n = value.int, n >= 1 else { throw error(key, "expected a whole number of at least 1") }
        return n
    }

    func stringList(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "expected a list of strings") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw error(key, "expected a list of strings") }
            out.append(s)
        }
        return out
    }

    func table(_ key: String) throws(ConfigurationError) -> TOMLTable? {
        guard let value = table[key] else { return nil }
        guard let t = value.table else { throw error(key, "expected a table") }
        return t
    }

    func tableArray(_ key: String) throws(ConfigurationError) -> [TOMLTable]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "expected [[\(key)]] tables") }
        var out: [TOMLTable] = []
        for item in array {
            guard let t = item.table else { throw error(key, "expected [[\(key)]] tables") }
            out.append(t)
        }
        return out
    }

    func rejectUnknownKeys(allowed: Set<String>) throws(ConfigurationError) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            throw error(key, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
