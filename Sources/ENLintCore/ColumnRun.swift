import CSIMDScan
import CSVTokenizer

/// What a batch holds in one column, as far as a repeated-value screen asks: whether every row
/// has one and the same value there (or nothing). Several consumers ask this of the same column
/// and batch (the campaign ID: EN404, EN401 and the engine's tally of campaign IDs); one walk,
/// shared through `ColumnRuns`, answers them all, and each then compares its own remembered
/// value with the batch's one value.
public struct ColumnRun: Sendable {
    enum Kind: Sendable {
        /// Every present value is empty (or the row is a blank line).
        case allEmpty
        /// Every present value is `value` or empty.
        case one
        /// Two different values, a value longer than 16 bytes (never remembered), or a value that
        /// needs decoding (the screens leave it to the record-by-record path).
        case other
    }

    var kind: Kind
    /// The one value, when `kind` is `.one`.
    var value: RepeatedValue
    /// Some row that is not a blank line has an empty value.
    var hasEmptyValue: Bool

    /// Whether every value of the batch is `remembered` or empty (`emptyPasses`), or every
    /// value is `remembered` and only blank lines have none (not `emptyPasses`): exactly what a
    /// `RecordBatch.allValues` screen with `remembered.holds` answers (a value that needs
    /// decoding says false there too). Rows without the column pass either way.
    public func allRepeat(_ remembered: RepeatedValue, emptyPasses: Bool) -> Bool {
        switch kind {
        case .other: false
        case .allEmpty: emptyPasses || !hasEmptyValue || remembered.count == 0
        case .one: (emptyPasses || !hasEmptyValue) && remembered.holds(value)
        }
    }

    /// The run of `column` in `batch`: one tight walk when the first row's value is plain and
    /// every row repeats it (the usual batch), the record-by-record reference otherwise. The
    /// walk is the C one for a batch of one width (`screened`), `allValues` for the others.
    static func of(column: Int, in batch: RecordBatch) -> ColumnRun {
        if let run = screened(column: column, in: batch) { return run }
        if let first = firstPlainValue(column: column, in: batch) {
            var value = RepeatedValue()
            value.remember(first)
            let allEqual = value.withHoldsTest { holds in batch.allValues(inColumn: column, blankLinesPass: true, holds) }
            if allEqual { return ColumnRun(kind: .one, value: value, hasEmptyValue: false) }
        }
        return reference(column: column, in: batch)
    }

    /// The run found by the C walk (`enlint_first_unrepeated`, eight rows per test), which tells
    /// whether every row repeats the first row's value, empty or of up to 16 bytes (the
    /// reference walks a batch where one does not); nil when the walk cannot be used (no AVX2, a
    /// batch of mixed widths or of width 1, which may hold blank lines). A batch of one width
    /// above 1 has no blank line: an empty first value is a row's empty value (`hasEmptyValue`).
    static func screened(column: Int, in batch: RecordBatch) -> ColumnRun? {
        guard let (firstSpan, width) = batch.spans(inColumn: column), width > 1, FieldSpan.isLaidOutAsInC,
            enlint_value_screens_available() != 0
        else { return nil }
        let record = batch[0]
        guard !firstSpan.pointee.flags.contains(.needsUnescape), record.value(column).count <= 16 else {
            return reference(column: column, in: batch)
        }
        let first = record.value(column)
        // The C walk reads 16 bytes of the value: a zero-padded copy.
        var padded: (UInt64, UInt64) = (0, 0)
        let allRepeat = withUnsafeMutableBytes(of: &padded) { bytes in
            bytes.copyMemory(from: UnsafeRawBufferPointer(first))
            let spans = UnsafeRawPointer(firstSpan).assumingMemoryBound(to: enlint_field_span.self)
            return enlint_first_unrepeated(
                record.bufferBase, spans, width, batch.count, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self),
                first.count) == batch.count
        }
        guard allRepeat else { return reference(column: column, in: batch) }
        if first.isEmpty { return ColumnRun(kind: .allEmpty, value: RepeatedValue(), hasEmptyValue: true) }
        var value = RepeatedValue()
        value.remember(first)
        return ColumnRun(kind: .one, value: value, hasEmptyValue: false)
    }

    /// The first row's value in `column` when it is non-empty, at most 16 bytes and needs no
    /// decoding: the value the fast walk compares every row with.
    static func firstPlainValue(column: Int, in batch: RecordBatch) -> UnsafeBufferPointer<UInt8>? {
        guard !batch.isEmpty else { return nil }
        let record = batch[0]
        guard column < record.storedFieldCount else { return nil }
        let span = record.span(column)
        guard !span.flags.contains(.needsUnescape) else { return nil }
        let value = record.value(column)
        return value.isEmpty || value.count > 16 ? nil : value
    }

    /// Record by record, the plain definition: rows without the column and blank lines are
    /// skipped; an empty value is noted; the first other value is the one, and any value that
    /// differs from it, is longer than 16 bytes or needs decoding makes the run `.other`.
    static func reference(column: Int, in batch: RecordBatch) -> ColumnRun {
        var run = ColumnRun(.allEmpty)
        for i in 0..<batch.count {
            let record = batch[i]
            guard column < record.storedFieldCount, !record.isBlankLine else { continue }
            if record.span(column).flags.contains(.needsUnescape) { return ColumnRun(.other) }
            let value = record.value(column)
            if value.isEmpty {
                run.hasEmptyValue = true
            } else if run.kind == .allEmpty && value.count <= 16 {
                run.kind = .one
                run.value.remember(value)
            } else if !(run.kind == .one && run.value.holds(value)) {
                return ColumnRun(.other)
            }
        }
        return run
    }
}

extension ColumnRun {
    // In an extension, so that the memberwise initialiser stays.
    /// A run with no value remembered and no empty value seen: `.allEmpty` before any row
    /// (or for an empty batch), `.other` once a row rules the fast screens out.
    init(_ kind: Kind) {
        self.init(kind: kind, value: RepeatedValue(), hasEmptyValue: false)
    }
}

/// One column's run for the batch last asked about: the consumers of a column ask in turn about
/// the same batch, and only the first walks it (a batch is known by `RecordBatch.identity`).
/// Belongs to one file's run.
public final class ColumnRuns: @unchecked Sendable {
    // @unchecked: an instance is used by one file's run, which is single-threaded.
    public let column: Int
    @exclusivity(unchecked) private var described: BatchIdentity?
    @exclusivity(unchecked) private var last = ColumnRun(.other)

    init(column: Int) { self.column = column }

    /// The run of the column in `batch`.
    public func run(in batch: RecordBatch) -> ColumnRun {
        guard !batch.isEmpty else { return ColumnRun(.allEmpty) }
        let identity = batch.identity
        if identity != described {
            last = ColumnRun.of(column: column, in: batch)
            described = identity
        }
        return last
    }
}

/// The `ColumnRuns` of one file's run, one per column asked for, shared by the rules (through
/// `RuleContext.columnRuns`) and the engine.
public final class ColumnRunStore: @unchecked Sendable {
    // @unchecked: a store belongs to one file's run, which is single-threaded.
    private var byColumn: [Int: ColumnRuns] = [:]

    public init() {}

    /// The shared runs of `column`: ask once (when a rule is set up), not per batch.
    public func runs(ofColumn column: Int) -> ColumnRuns {
        if let runs = byColumn[column] { return runs }
        let runs = ColumnRuns(column: column)
        byColumn[column] = runs
        return runs
    }
}
