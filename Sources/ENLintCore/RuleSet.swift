/// A rule type with the severity it runs at.
public struct ConfiguredRule: Sendable {
    public let type: any Rule.Type
    public let severity: Severity
    /// The user set this severity (`--severity` or config), overriding the rule's own choices.
    public let severityIsConfigured: Bool
}

/// Which rules run and how severe they are: built once from the registry and the user's
/// `select` / `ignore` / `severity` choices, shared by every file linted.
public struct RuleSet: Sendable {
    public let rules: [ConfiguredRule]

    /// - Parameters:
    ///   - available: every registered rule.
    ///   - select: ids, slugs or id prefixes (`EN4`) to run; empty means all.
    ///   - ignore: ids, slugs or prefixes not to run (wins over `select`).
    ///   - severities: per id or slug, a severity, or nil for off.
    public init(
        available: [any Rule.Type], select: [String] = [], ignore: [String] = [],
        severities: [String: Severity?] = [:]
    ) throws(RuleSelectionError) {
        for selector in select + ignore + Array(severities.keys) where !Self.matchesAny(selector, available) {
            throw RuleSelectionError.unknownSelector(selector)
        }
        var rules: [ConfiguredRule] = []
        for type in available {
            let d = type.description
            if !select.isEmpty && !select.contains(where: { Self.matches($0, d) }) { continue }
            if ignore.contains(where: { Self.matches($0, d) }) { continue }
            var severity = d.defaultSeverity
            var configured = false
            if let choice = severities.first(where: { Self.matches($0.key, d) }) {
                guard let chosen = choice.value else { continue }
                severity = chosen
                configured = true
            }
            rules.append(ConfiguredRule(type: type, severity: severity, severityIsConfigured: configured))
        }
        self.rules = rules
    }

    /// A selector matches a rule by exact slug, or by id prefix (case-insensitive): `EN203`,
    /// `EN2`, `en`, `ragged-row`.
    public static func matches(_ selector: String, _ d: RuleDescription) -> Bool {
        let s = selector.uppercased()
        return d.id.uppercased().hasPrefix(s) || d.slug == selector.lowercased()
    }

    static func matchesAny(_ selector: String, _ available: [any Rule.Type]) -> Bool {
        available.contains { matches(selector, $0.description) }
    }
}

public enum RuleSelectionError: Error, Equatable, CustomStringConvertible {
    case unknownSelector(String)

    public var description: String {
        switch self {
        case .unknownSelector(let s): "no rule matches '\(s)' (see `enlint rules`)"
        }
    }
}
