/// `--output-format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
/// Rules go in `tool.driver.rules` with their documentation; results point at the file with a
/// physical location. Columns are Unicode code points (`columnKind`), as enlint counts them.
public enum SARIFReporter {

    public static func render(_ results: [FileResult], context: ReportContext) -> String {
        let ruleIndex = Dictionary(uniqueKeysWithValues: context.rules.enumerated().map { ($1.id, $0) })
        var sarifResults: [JSONValue] = []
        for result in results {
            let fingerprints = Fingerprints.of(result)
            for (d, fingerprint) in zip(result.diagnostics, fingerprints) {
                var region: [(String, JSONValue)] = [("startLine", .int(d.line)), ("startColumn", .int(d.column))]
                if d.endLine > d.line { region.append(("endLine", .int(d.endLine))) }
                var members: [(String, JSONValue)] = [("ruleId", .string(d.ruleID))]
                if let index = ruleIndex[d.ruleID] { members.append(("ruleIndex", .int(index))) }
                members += [
                    ("level", .string(level(d.severity))),
                    ("message", .object([("text", .string(d.hint.map { "\(d.message). Fix: \($0)" } ?? d.message))])),
                    ("locations", .array([.object([
                        ("physicalLocation", .object([
                            ("artifactLocation", .object([("uri", .string(uri(result.path)))])),
                            ("region", .object(region)),
                        ])),
                    ])])),
                    ("partialFingerprints", .object([("enlint/v1", .string(fingerprint))])),
                ]
                sarifResults.append(.object(members))
            }
        }
        let driver: JSONValue = .object([
            ("name", .string(context.toolName)),
            ("version", .string(context.toolVersion)),
            ("semanticVersion", .string(context.toolVersion)),
            ("rules", .array(context.rules.map(rule))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(sarifResults)),
        ])
        let document: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ])
        return document.rendered() + "\n"
    }

    static func rule(_ d: RuleDescription) -> JSONValue {
        .object([
            ("id", .string(d.id)),
            ("name", .string(d.slug)),
            ("shortDescription", .object([("text", .string(d.summary))])),
            ("fullDescription", .object([("text", .string(d.whatItDoes))])),
            ("help", .object([("text", .string(d.howToFix)), ("markdown", .string(d.documentation))])),
            ("defaultConfiguration", .object([("level", .string(level(d.defaultSeverity)))])),
            ("properties", .object([("tags", .array(d.kinds.sorted { $0.rawValue < $1.rawValue }.map { .string($0.rawValue) }))])),
        ])
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// A relative URI reference for a path: unreserved characters and `/` kept, the rest
    /// percent-encoded (spaces, `<stdin>`, non-ASCII names).
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
