import CSVTokenizer

/// Everything about a rule that does not depend on a file: identity, default severity, the
/// documentation `enlint explain` prints, and the examples the test suite runs.
///
/// Documentation follows ruff's shape: what it does, why EN cares, an example, how to fix.
public struct RuleDescription: Sendable {
    /// Stable, user-facing id such as `EN203`.
    public var id: String
    /// Stable, user-facing kebab-case name such as `ragged-row`.
    public var slug: String
    /// A short title (`Ragged row`).
    public var name: String
    public var defaultSeverity: Severity
    /// The import kinds the rule applies to.
    public var kinds: Set<ImportKind>
    /// Whether the rule needs the file's content as text. Rules that do not (size, UTF-16) still
    /// run when the content is not decodable as CSV.
    public var needsText: Bool
    /// One line for `enlint rules`.
    public var summary: String
    /// What the rule checks.
    public var whatItDoes: String
    /// Why EN cares: what goes wrong at upload.
    public var whyItMatters: String
    /// How to fix a finding.
    public var howToFix: String
    /// Files that must trigger the rule, with markers where.
    public var triggeringExamples: [RuleExample]
    /// Files that must not trigger the rule.
    public var nonTriggeringExamples: [RuleExample]

    public init(
        id: String, slug: String, name: String, defaultSeverity: Severity,
        kinds: Set<ImportKind> = Set(ImportKind.allCases), needsText: Bool = true,
        summary: String, whatItDoes: String, whyItMatters: String, howToFix: String,
        triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample]
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.defaultSeverity = defaultSeverity
        self.kinds = kinds
        self.needsText = needsText
        self.summary = summary
        self.whatItDoes = whatItDoes
        self.whyItMatters = whyItMatters
        self.howToFix = howToFix
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }

    /// The full documentation as Markdown (for `enlint explain`, SARIF and the README).
    public var documentation: String {
        var doc = "# \(id) \(slug)\n\n\(summary)\n\nDefault severity: \(defaultSeverity.rawValue). "
        doc += "Applies to: \(ImportKind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ", ")).\n\n"
        doc += "## What it does\n\(whatItDoes)\n\n## Why EN cares\n\(whyItMatters)\n\n"
        if let example = triggeringExamples.first(where: { $0.bytes == nil }) {
            doc += "## Example\n```csv\n\(example.displayText)\n```\n\n"
        }
        doc += "## How to fix\n\(howToFix)\n"
        return doc
    }
}

/// An example file for a rule. In `text`, `↓` marks each place where the rule must report
/// (immediately before the character it points at); the marker is removed before linting.
public struct RuleExample: Sendable {
    /// The example's CSV text, with `↓` markers.
    public var text: String
    /// Raw bytes to lint instead of `text` (for encodings a Swift string cannot hold); then
    /// `expected` says where the findings are.
    public var bytes: [UInt8]?
    /// Explicit (line, column) findings, for `bytes` examples.
    public var expected: [ExampleLocation]
    /// The saved format's header line, as `--format-header` would give it.
    public var formatHeader: String?
    /// The import kind to lint as; nil lets the engine decide as it does for users.
    public var kind: ImportKind?
    /// A file-size limit to use instead of EN's, so a size rule can be shown on a small file.
    public var maxFileBytes: Int64?
    /// Tokenizer bounds to use instead of the defaults, so a rule about a bound (a 1 MiB field)
    /// can be shown on a small file.
    public var tokenizerLimits: TokenizerLimits?
    /// Column-role overrides, as `--column ROLE=NAME` gives them.
    public var columns: [ColumnRole: String]

    public init(
        _ text: String, formatHeader: String? = nil, kind: ImportKind? = nil,
        maxFileBytes: Int64? = nil, columns: [ColumnRole: String] = [:],
        tokenizerLimits: TokenizerLimits? = nil
    ) {
        self.text = text
        self.bytes = nil
        self.expected = []
        self.formatHeader = formatHeader
        self.kind = kind
        self.maxFileBytes = maxFileBytes
        self.tokenizerLimits = tokenizerLimits
        self.columns = columns
    }

    public init(
        bytes: [UInt8], expected: [ExampleLocation], note: String, kind: ImportKind? = nil,
        formatHeader: String? = nil
    ) {
        self.text = note
        self.bytes = bytes
        self.expected = expected
        self.formatHeader = formatHeader
        self.kind = kind
        self.maxFileBytes = nil
        self.tokenizerLimits = nil
        self.columns = [:]
    }

    public static let marker: Character = "↓"

    /// The text without markers.
    public var displayText: String { text.replacingMarkers() }

    /// The bytes to lint and where the findings must be.
    public func fixture() -> (bytes: [UInt8], locations: [ExampleLocation]) {
        if let bytes { return (bytes, expected) }
        var clean: [UInt8] = []
        var locations: [ExampleLocation] = []
        var line = 1
        var column = 1
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if Character(scalar) == Self.marker {
                locations.append(ExampleLocation(line: line, column: column))
                continue
            }
            clean.append(contentsOf: String(scalar).utf8)
            if scalar == "\n" && previousWasCR {
                // second half of CRLF: same line break
            } else if scalar == "\n" || scalar == "\r" {
                line += 1
                column = 1
            } else if !(scalar == "\u{FEFF}" && clean.count == 3) {
                // A leading BOM is invisible: it takes no column.
                column += 1
            }
            previousWasCR = scalar == "\r"
        }
        return (clean, locations)
    }
}

extension String {
    fileprivate func replacingMarkers() -> String {
        String(self.filter { $0 != RuleExample.marker })
    }
}

public struct ExampleLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}
