import CSVTokenizer

/// A rule: a type with a static description and a per-file instance that keeps whatever small
/// state it needs (the first campaign ID, a set of hashes). Mark state a record hook touches
/// `@exclusivity(unchecked)`: an instance belongs to one file's single-threaded run, and the
/// dynamic exclusivity check on a class property costs more than most checks themselves. The engine creates one instance per
/// linted file, after the header is read, and calls the hooks the rule conforms to:
/// `HeaderRule`, `RecordRule`, `SyntaxRule`, `FileRule`. A rule conforms only to what it needs,
/// so the engine never calls a rule for work it does not do.
public protocol Rule: AnyObject, SendableMetatype {
    static var description: RuleDescription { get }
    init(context: RuleContext)

    // The hooks this rule implements, resolved when the conformance is compiled (defaults
    // below). The engine asks these instead of `as? HeaderRule`: a dynamic cast to a protocol
    // scans the runtime's conformance tables, which cost milliseconds per file at start-up.
    var asHeaderRule: (any HeaderRule)? { get }
    var asRecordRule: (any RecordRule)? { get }
    var asSyntaxRule: (any SyntaxRule)? { get }
    var asFileRule: (any FileRule)? { get }
}

extension Rule {
    public var asHeaderRule: (any HeaderRule)? { nil }
    public var asRecordRule: (any RecordRule)? { nil }
    public var asSyntaxRule: (any SyntaxRule)? { nil }
    public var asFileRule: (any FileRule)? { nil }
}

extension HeaderRule {
    public var asHeaderRule: (any HeaderRule)? { self }
}

extension RecordRule {
    public var asRecordRule: (any RecordRule)? { self }
}

extension SyntaxRule {
    public var asSyntaxRule: (any SyntaxRule)? { self }
}

extension FileRule {
    public var asFileRule: (any FileRule)? { self }
}

/// Checks the header record (record 1).
public protocol HeaderRule: Rule {
    func checkHeader(_ header: CSVRecord, report: RuleReporter)
}

/// Checks every data record (record 2 on), blank lines included.
public protocol RecordRule: Rule {
    func checkRecord(_ record: CSVRecord, report: RuleReporter)

    /// Engine plumbing, with a default: calls `checkRecord` on the instance at `instance`
    /// (an unretained reference). The engine calls record rules through their metatype and
    /// this, because calling through an existential costs a retain and a release per call,
    /// that is per rule per record. Do not implement it.
    static func checkRecord(of instance: UnsafeRawPointer, _ record: CSVRecord, report: RuleReporter)

    /// Engine plumbing, with a default: calls `checkRecord` on every record of `batch`, in order.
    /// The default is inlinable, so each rule gets its own copy of the loop in which
    /// `checkRecord` is a direct (often inlined) call. Do not implement it.
    static func checkRecords(of instance: UnsafeRawPointer, _ batch: RecordBatch, report: RuleReporter)

    /// Whether any record of `batch` may make this rule report; false skips the batch. A rule
    /// that looks for rare bytes clears a few thousand rows with one vectorised search instead of
    /// one per row. The default says true.
    func mayReport(in batch: RecordBatch) -> Bool

    /// The rule's work on a batch. The default asks `mayReport(in:)` and, unless it says false,
    /// calls `checkRecord` on every record in order. A rule whose per-row work is better done a
    /// batch at a time (counting, say) implements this instead; records handed one at a time
    /// (`enlint split --quarantine`) still go through `checkRecord`, so both must agree.
    func checkBatch(_ batch: RecordBatch, report: RuleReporter)
}

extension RecordRule {
    @inline(__always)
    public static func checkRecord(of instance: UnsafeRawPointer, _ record: CSVRecord, report: RuleReporter) {
        Unmanaged<Self>.fromOpaque(instance)._withUnsafeGuaranteedRef { $0.checkRecord(record, report: report) }
    }

    @inlinable
    public static func checkRecords(of instance: UnsafeRawPointer, _ batch: RecordBatch, report: RuleReporter) {
        Unmanaged<Self>.fromOpaque(instance)._withUnsafeGuaranteedRef { rule in rule.checkBatch(batch, report: report) }
    }

    @inlinable
    public func mayReport(in batch: RecordBatch) -> Bool { true }

    @inlinable
    public func checkBatch(_ batch: RecordBatch, report: RuleReporter) {
        guard mayReport(in: batch) else { return }
        for i in 0..<batch.count { checkRecord(batch[i], report: report) }
    }
}

/// Sees every syntax event the tokenizer reports, with the record it happened in.
public protocol SyntaxRule: Rule {
    func checkSyntax(_ event: SyntaxEvent, in record: CSVRecord, report: RuleReporter)
}

/// Called once at the end of the file with the facts gathered on the way; rules that need the
/// whole file report here.
public protocol FileRule: Rule {
    func finish(_ facts: FileFacts, report: RuleReporter)
}

/// What a rule instance knows about the file it checks.
public struct RuleContext: Sendable {
    public var kind: KindDecision
    /// The header's field names, decoded (empty when the file has no header).
    public var header: [String]
    public var columns: ColumnMap
    /// The saved format's header (`--format-header`), when given.
    public var formatHeader: [String]?
    /// EN's file-size limit, or a smaller one for examples.
    public var maxFileBytes: Int64
    /// The tokenizer's bounds, so that a rule reporting a bound that was hit can name it.
    public var tokenizerLimits: TokenizerLimits
    /// Helpers the file's rule instances share (every copy of this context holds the same).
    public let shared: SharedRuleHelpers

    /// Per-batch answers about a column that several rules (and the engine) ask for, found once
    /// per batch: one of the shared helpers.
    public var columnRuns: ColumnRunStore { shared.helper { ColumnRunStore() } }

    public init(
        kind: KindDecision, header: [String], columns: ColumnMap, formatHeader: [String]?,
        maxFileBytes: Int64, tokenizerLimits: TokenizerLimits = .default, shared: SharedRuleHelpers = SharedRuleHelpers()
    ) {
        self.kind = kind
        self.header = header
        self.columns = columns
        self.formatHeader = formatHeader
        self.maxFileBytes = maxFileBytes
        self.tokenizerLimits = tokenizerLimits
        self.shared = shared
    }
}

/// One instance of each helper type for the rules of one file: a rule asks for its helper in
/// `init(context:)` and the first to ask creates it. Several rules that ask the same question
/// of every batch (what each row's email looks like, say) then have it answered once, by a
/// helper that keeps the answer for the batch it last saw. A file's rules run on one thread.
public final class SharedRuleHelpers: @unchecked Sendable {
    private var helpers: [ObjectIdentifier: AnyObject] = [:]

    public init() {}

    /// The file's helper of type `H`, made by `make` on first use.
    public func helper<H: AnyObject>(_ make: () -> H) -> H {
        if let found = helpers[ObjectIdentifier(H.self)] { return unsafeDowncast(found, to: H.self) }
        let made = make()
        helpers[ObjectIdentifier(H.self)] = made
        return made
    }
}

/// How a rule reports. Messages are autoclosures: past the per-rule cap they are never built, so
/// a rule that fires on every row of a large file costs a counter increment per row.
public struct RuleReporter {
    // Unowned: the engine's LintRun keeps the collector alive for as long as any rule runs, and
    // a strong reference would cost a retain and a release on every hook call.
    unowned(unsafe) let collector: DiagnosticCollector
    let ruleIndex: Int

    /// Whether another finding from this rule would still be shown (rules with costly checks
    /// may skip work once it would not be).
    public var isUnderCap: Bool { collector.isUnderCap(ruleIndex) }

    /// Reports at the start of stored field `field` of `record`.
    public func report(
        field: Int, of record: CSVRecord, severity: Severity? = nil,
        _ message: @autoclosure () -> String, hint: @autoclosure () -> String? = nil
    ) {
        let position = field < record.storedFieldCount ? record.position(ofField: field) : Int32(record.rawBytes.count)
        collector.add(ruleIndex, at: position, in: record, field: { field }, severity: severity, message: message, hint: hint)
    }

    /// Reports at a buffer position inside `record` (from a syntax event or a field span).
    public func report(
        position: Int32, in record: CSVRecord, severity: Severity? = nil,
        _ message: @autoclosure () -> String, hint: @autoclosure () -> String? = nil
    ) {
        collector.add(
            ruleIndex, at: position, in: record, field: { record.field(containing: position) }, severity: severity,
            message: message, hint: hint)
    }

    /// Reports at the start of `record`.
    public func report(
        record: CSVRecord, severity: Severity? = nil,
        _ message: @autoclosure () -> String, hint: @autoclosure () -> String? = nil
    ) {
        let start = record.storedFieldCount > 0 ? record.position(ofField: 0) : 0
        collector.add(ruleIndex, at: start, in: record, field: { nil }, severity: severity, message: message, hint: hint)
    }

    /// Reports at a known place, for findings about the whole file or remembered from earlier.
    public func report(
        at position: SourcePosition, record: Int? = nil, severity: Severity? = nil,
        relatedLines: [Int] = [], _ message: @autoclosure () -> String,
        hint: @autoclosure () -> String? = nil
    ) {
        collector.add(
            ruleIndex, at: position, record: record, severity: severity, relatedLines: relatedLines,
            message: message, hint: hint)
    }
}

extension SourcePosition {
    /// The start of the file.
    public static let fileStart = SourcePosition(line: 1, column: 1, byteOffset: 0)
}
