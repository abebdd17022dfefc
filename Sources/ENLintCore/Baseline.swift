/// Accepted findings, by fingerprint (rule, file, record content; not line numbers, so inserting
/// rows does not invalidate it). A CSV cannot carry `noqa` comments; a team adopting enlint
/// records today's findings with `--write-baseline` and from then on sees only new ones.
public struct Baseline: Sendable, Equatable {
    public static let formatVersion = 1
    public private(set) var fingerprints: Set<String>

    public init(fingerprints: Set<String>) {
        self.fingerprints = fingerprints
    }

    /// The baseline of these results.
    public init(results: [FileResult]) {
        fingerprints = Set(results.flatMap(Fingerprints.of))
    }

    /// The JSON file: sorted, one entry per finding, with rule and path for people reading it.
    public static func render(_ results: [FileResult]) -> String {
        var entries: [(String, JSONValue)] = []
        for result in results {
            for (d, fingerprint) in zip(result.diagnostics, Fingerprints.of(result)) {
                entries.append((fingerprint, .object([
                    ("fingerprint", .string(fingerprint)), ("rule", .string(d.ruleID)),
                    ("path", .string(result.path)), ("line", .int(d.line)),
                ])))
            }
        }
        entries.sort { $0.0 < $1.0 }
        let document: JSONValue = .object([
            ("enlint_baseline", .int(formatVersion)),
            ("findings", .array(entries.map(\.1))),
        ])
        return document.rendered() + "\n"
    }

    /// Reads a baseline file's fingerprints. Only the `fingerprint` values matter; the format is
    /// simple enough to read without a JSON library: every `"fingerprint": "..."` pair.
    public init(parsing text: String) throws(BaselineError) {
        guard text.contains("\"enlint_baseline\"") else { throw BaselineError.notABaseline }
        var found = Set<String>()
        var rest = Substring(text)
        let key = "\"fingerprint\": \""
        while let range = rest.range(of: key) {
            rest = rest[range.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { throw BaselineError.notABaseline }
            found.insert(String(rest[..<end]))
            rest = rest[end...]
        }
        fingerprints = found
    }

    /// Removes findings in the baseline; returns how many were removed.
    public func filter(_ result: inout FileResult) -> Int {
        let prints = Fingerprints.of(result)
        let before = result.diagnostics.count
        result.diagnostics = zip(result.diagnostics, prints).filter { !fingerprints.contains($0.1) }.map(\.0)
        return before - result.diagnostics.count
    }
}

public enum BaselineError: Error, Equatable {
    case notABaseline
}

extension Substring {
    /// The first occurrence of `needle`, without Foundation.
    func range(of needle: String) -> Range<Index>? {
        let n = Array(needle.utf8)
        guard let first = n.first else { return nil }
        var i = startIndex
        while i < endIndex {
            if utf8[i] == first, self[i...].utf8.starts(with: n) {
                return i..<utf8.index(i, offsetBy: n.count)
            }
            i = utf8.index(after: i)
        }
        return nil
    }
}
