/// One finding: which rule, how severe, where, what and what to do about it.
public struct Diagnostic: Sendable, Equatable, Hashable {
    public var ruleID: String
    public var slug: String
    public var severity: Severity
    /// 1-based physical line and column (Unicode scalars) of the offending byte.
    public var line: Int
    public var column: Int
    /// Last physical line of the record, when it spans several; otherwise equal to `line`.
    public var endLine: Int
    /// 1-based record number (the header is record 1); nil for findings about the whole file.
    public var record: Int?
    /// 0-based byte offset of the offending byte in the file.
    public var byteOffset: Int64
    public var message: String
    public var hint: String?
    /// The physical source line, for showing context (capped; nil for file-level findings).
    public var sourceLine: String?
    /// Further lines the finding is about (the first rows of a summary finding).
    public var relatedLines: [Int]
    /// 0-based index of the field the finding is about, when it is about one field (the HTML
    /// report highlights that cell); nil for findings about a whole record or file.
    public var field: Int?
    /// On a summary finding (a rule past `--max-per-rule`): how many findings it stands for, so
    /// that counts per rule stay true however many findings are shown.
    public var omittedCount: Int?
    /// FNV-1a hash of the record's raw bytes (0 for file-level findings): identifies the finding
    /// by content rather than line, for fingerprints and baselines.
    public var contentHash: UInt64

    public init(
        ruleID: String, slug: String, severity: Severity, line: Int, column: Int,
        endLine: Int? = nil, record: Int? = nil, byteOffset: Int64 = 0, message: String,
        hint: String? = nil, sourceLine: String? = nil, relatedLines: [Int] = [], field: Int? = nil,
        omittedCount: Int? = nil, contentHash: UInt64 = 0
    ) {
        self.ruleID = ruleID
        self.slug = slug
        self.severity = severity
        self.line = line
        self.column = column
        self.endLine = endLine ?? line
        self.record = record
        self.byteOffset = byteOffset
        self.message = message
        self.hint = hint
        self.sourceLine = sourceLine
        self.relatedLines = relatedLines
        self.field = field
        self.omittedCount = omittedCount
        self.contentHash = contentHash
    }

    /// How many findings this one counts for: 1, or what a summary finding stands for.
    public var findingCount: Int { omittedCount ?? 1 }

    /// Line order, then column, then rule id: the order every reporter prints in.
    public static func sortsBefore(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.line != b.line { return a.line < b.line }
        if a.column != b.column { return a.column < b.column }
        return a.ruleID < b.ruleID
    }
}

/// 64-bit FNV-1a: small, stable across runs and platforms (unlike `Hasher`), good enough to tell
/// records apart in fingerprints.
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        for b in bytes {
            value ^= UInt64(b)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    public mutating func combine(_ text: String) {
        combine(text.utf8)
        combine(CollectionOfOne(0xFF))  // separator: ("ab","c") and ("a","bc") differ
    }

    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = FNV1a()
        h.combine(bytes)
        return h.value
    }
}
