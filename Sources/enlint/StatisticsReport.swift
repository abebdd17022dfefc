import ENLintCore

/// `--statistics`: how many findings each rule produced, most frequent first.
enum StatisticsReport {
    static func render(_ results: [FileResult]) -> String {
        var counts: [String: (slug: String, severity: Severity, count: Int)] = [:]
        for d in results.flatMap(\.diagnostics) {
            counts[d.ruleID, default: (d.slug, d.severity, 0)].count += 1
        }
        let rows = counts.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        let width = String(rows.first?.value.count ?? 0).count
        var out = ""
        for (id, row) in rows {
            let number = String(row.count)
            out += String(repeating: " ", count: width - number.count) + number + "  \(id)  \(row.slug)  [\(row.severity.rawValue)]\n"
        }
        return out + RunSummary(results).line + "\n"
    }
}
