/// `--output-format json`: one document for the whole run. The schema is documented in the
/// README ("JSON output").
public enum JSONReporter {
    public static let schemaVersion = 1

    public static func render(_ results: [FileResult], context: ReportContext) -> String {
        document(results, context: context).rendered() + "\n"
    }

    /// The document's members in order, for commands that append their own (see `render`).
    public static func document(_ results: [FileResult], context: ReportContext, appending extra: [(String, JSONValue)] = []) -> JSONValue {
        let summary = RunSummary(results)
        return .object([
            ("tool", .object([("name", .string(context.toolName)), ("version", .string(context.toolVersion))])),
            ("schema_version", .int(schemaVersion)),
            ("files", .array(results.map(file))),
            ("summary", .object([
                ("files", .int(summary.files)), ("errors", .int(summary.errors)),
                ("warnings", .int(summary.warnings)), ("info", .int(summary.infos)),
                ("records", .int(summary.records)), ("bytes", .int(summary.bytes)),
            ])),
        ] + extra)
    }

    static func file(_ r: FileResult) -> JSONValue {
        .object([
            ("path", .string(r.path)),
            ("kind", .optional(r.kind?.kind.rawValue)),
            ("kind_reason", .optional(r.kind?.reason)),
            ("encoding", .string(encodingName(r.facts))),
            ("records", .int(r.facts.recordCount)),
            ("bytes", .int(r.facts.byteCount)),
            ("columns", .int(r.facts.header.count)),
            ("diagnostics", .array(r.diagnostics.map(diagnostic))),
            ("summary", .object([
                ("errors", .int(r.count(.error))), ("warnings", .int(r.count(.warning))),
                ("info", .int(r.count(.info))),
            ])),
        ])
    }

    /// One diagnostic; also the line format of `json-lines`.
    static func diagnostic(_ d: Diagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("rule", .string(d.ruleID)), ("slug", .string(d.slug)), ("severity", .string(d.severity.rawValue)),
            ("line", .int(d.line)), ("column", .int(d.column)), ("end_line", .int(d.endLine)),
            ("record", d.record.map { .int($0) } ?? .null), ("byte_offset", .int(d.byteOffset)),
            ("message", .string(d.message)), ("hint", .optional(d.hint)),
        ]
        if !d.relatedLines.isEmpty { members.append(("lines", .array(d.relatedLines.map { .int($0) }))) }
        return .object(members)
    }

    /// The encoding as the file's facts tell it.
    public static func encodingName(_ facts: FileFacts) -> String {
        switch facts.content {
        case .wideText(let encoding, _): return encoding
        case .binary: return "binary"
        case .text:
            if let detected = facts.invalidUTF8?.detected { return detected.name }
            if facts.invalidUTF8 != nil { return "unknown (not UTF-8)" }
            return facts.hasBOM ? "UTF-8 with BOM" : "UTF-8"
        }
    }
}
