/// The rule list as a Markdown table: `enlint rules --format markdown`, pasted into the README
/// between `<!-- rules:start -->` and `<!-- rules:end -->` (a test keeps the two equal).
public enum RuleTable {
    public static func markdown(_ rules: [RuleDescription]) -> String {
        var out = "| id | slug | default | applies to | what it checks |\n|---|---|---|---|---|\n"
        for d in rules {
            let kinds = ImportKind.allCases.filter(d.kinds.contains).map(\.rawValue).joined(separator: ", ")
            let summary = d.summary.replacingAll("|", with: "\\|")
            out += "| \(d.id) | `\(d.slug)` | \(d.defaultSeverity.rawValue) | \(kinds) | \(summary) |\n"
        }
        return out
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
