import ENLintCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the command line said explicitly. Command-line values win over the configuration:
/// `select` and `ignore` replace the config's when given, severities are merged over it.
public struct Overrides: Sendable {
    public var kind: ImportKind?
    public var formatHeader: [String]?
    public var columns: [ColumnRole: String] = [:]
    public var select: [String] = []
    public var ignore: [String] = []
    public var severities: [String: Severity?] = [:]
    public var maxPerRule: Int?
    /// `--max-bytes`: where reading stops.
    public var maxInputBytes: Int64?
    /// `--no-fast-path` turns the tokenizer's vectorised scanning off.
    public var fastPath = true

    public init() {}
}

/// Finds each file's configuration (walking up from its directory, like ruff), merges it with
/// the command line and builds the `Linter` for it. Linters are shared by files that resolve to
/// the same configuration section.
public final class SettingsResolver {
    public enum Source: Sendable {
        /// Look for `enlint.toml` / `.enlint.toml` from each file's directory upwards.
        case discover
        /// Use this file for every input (`--config`).
        case file(String)
        /// Use no configuration file (`--isolated`).
        case none
    }

    let overrides: Overrides
    let source: Source
    let available: [any Rule.Type]
    let readText: (String) throws -> String
    var configsByDirectory: [String: Configuration?] = [:]
    var explicit: Configuration?
    var linters: [String: Linter] = [:]

    public init(
        overrides: Overrides, source: Source, available: [any Rule.Type], readText: @escaping (String) throws -> String
    ) {
        self.overrides = overrides
        self.source = source
        self.available = available
        self.readText = readText
    }

    /// The linter for `filePath` (for standard input, the name it is reported under).
    public func linter(for filePath: String) throws(ConfigurationError) -> Linter {
        let absolute = Self.absolute(filePath)
        let config = try configuration(forDirectory: Self.directory(of: absolute))
        let match = config?.section(for: absolute)
        let key = (config?.path ?? "") + "#" + (match.map { String($0.index) } ?? "-")
        if let cached = linters[key] { return cached }
        let linter = try makeLinter(config: config, section: match?.section)
        linters[key] = linter
        return linter
    }

    func makeLinter(config: Configuration?, section: Configuration.Section?) throws(ConfigurationError) -> Linter {
        let origin = config?.path ?? ""
        var options = LintOptions()
        options.maxPerRule = overrides.maxPerRule ?? config?.maxPerRule ?? options.maxPerRule
        options.maxInputBytes = overrides.maxInputBytes ?? options.maxInputBytes
        options.fastPath = overrides.fastPath
        options.kind = overrides.kind ?? section?.kind
        if overrides.kind == nil, let section, let config, section.kind != nil {
            options.kindSource = "set for \(section.glob) in \(config.path)"
        }
        options.columnOverrides = (section?.columns ?? [:]).merging(overrides.columns) { _, cli in cli }
        if let header = overrides.formatHeader {
            options.formatHeader = header
        } else if let path = section?.formatHeader {
            let text: String
            do {
                text = try readText(path)
            } catch {
                throw ConfigurationError(path: origin, line: nil, message: "format-header \(path): \(error)")
            }
            let header = SavedFormat.parseHeader(text)
            guard !header.isEmpty else {
                throw ConfigurationError(path: origin, line: nil, message: "format-header \(path): no header line in the file")
            }
            options.formatHeader = header
        }
        let select = overrides.select.isEmpty ? (config?.select ?? []) : overrides.select
        let ignore = (overrides.ignore.isEmpty ? (config?.ignore ?? []) : overrides.ignore) + (section?.ignore ?? [])
        let severities = (config?.severities ?? [:]).merging(overrides.severities) { _, cli in cli }
        do {
            let rules = try RuleSet(available: available, select: select, ignore: ignore, severities: severities)
            return Linter(ruleSet: rules, options: options)
        } catch {
            throw ConfigurationError(path: origin, line: nil, message: error.description)
        }
    }

    func configuration(forDirectory directory: String) throws(ConfigurationError) -> Configuration? {
        switch source {
        case .none:
            return nil
        case .file(let path):
            if let explicit { return explicit }
            explicit = try Configuration.load(path: path, read: readText)
            return explicit
        case .discover:
            if let cached = configsByDirectory[directory] { return cached }
            var found: Configuration? = nil
            for name in Configuration.fileNames {
                let candidate = directory == "/" ? "/" + name : directory + "/" + name
                if access(candidate, R_OK) == 0 {
                    found = try Configuration.load(path: candidate, read: readText)
                    break
                }
            }
            if found == nil && directory != "/" {
                found = try configuration(forDirectory: Self.directory(of: directory))
            }
            configsByDirectory[directory] = found
            return found
        }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return normalize(path) }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return normalize(cwd + "/" + path)
    }

    /// Removes `.` and resolves `..` components without touching the file system.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }
}
