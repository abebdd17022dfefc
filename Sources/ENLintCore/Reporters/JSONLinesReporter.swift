/// `--output-format json-lines`: one finding per line, each a complete JSON object with the
/// file's path, written as each file finishes.
public enum JSONLinesReporter {
    public static func render(_ result: FileResult) -> String {
        var out = ""
        for d in result.diagnostics {
            guard case .object(let members) = JSONReporter.diagnostic(d) else { continue }
            out += JSONValue.object([("path", .string(result.path))] + members).compact() + "\n"
        }
        return out
    }
}
