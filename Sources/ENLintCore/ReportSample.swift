#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSVTokenizer

/// What a report shows of the file's content beyond the findings: the first offending rows and
/// the campaign IDs seen. Bounded whatever the file's size, so linting stays streaming; filled
/// only when a finding is stored (rows) or from one column of transaction files (campaign IDs).
public struct ReportSample: Sendable {
    /// The first rows holding a shown finding, in file order (at most `SampledRow.rowLimit`).
    public var rows: [SampledRow] = []
    /// Distinct values of the campaign ID column (transaction files only).
    public var campaignIDs = DistinctValues(limit: campaignIDLimit)
    /// EN wants one campaign ID per file; a few more are worth listing, hundreds are not.
    public static let campaignIDLimit = 10

    public init() {}
}

/// One record's decoded fields, kept because a finding points into it.
public struct SampledRow: Sendable, Equatable {
    public static let rowLimit = 20
    /// Fields kept per row: a report cannot show more columns usefully.
    public static let fieldLimit = 200
    /// Unicode scalars kept per field; longer values end with `…`.
    public static let textLimit = 200

    /// 1-based record number (the header is 1).
    public var record: Int
    /// Physical line on which the record starts.
    public var line: Int
    /// Decoded values of the first `fieldLimit` fields.
    public var fields: [String]
    /// The record's real field count (may exceed `fields.count`).
    public var fieldCount: Int

    public init(record: Int, line: Int, fields: [String], fieldCount: Int) {
        self.record = record
        self.line = line
        self.fields = fields
        self.fieldCount = fieldCount
    }

    init(_ record: CSVRecord) {
        let kept = min(record.storedFieldCount, Self.fieldLimit)
        self.init(
            record: record.number, line: record.line,
            fields: (0..<kept).map { Self.clipped(record.string($0)) }, fieldCount: record.fieldCount)
    }

    static func clipped(_ text: String) -> String {
        guard text.unicodeScalars.count > textLimit else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(textLimit))) + "…"
    }
}

/// The first `limit` distinct values seen, and whether there were more.
public struct DistinctValues: Sendable, Equatable {
    public let limit: Int
    public private(set) var values: [String] = []
    /// A value beyond the first `limit` distinct ones was seen.
    public private(set) var hasMore = false

    public init(limit: Int) { self.limit = limit }

    /// Whether another value could still change what is kept.
    public var isOpen: Bool { !hasMore }

    public mutating func insert(_ value: String) {
        let kept = SampledRow.clipped(value)
        guard !hasMore, !values.contains(kept) else { return }
        if values.count < limit { values.append(kept) } else { hasMore = true }
    }
}

/// Collects the distinct values of one column as records stream by. Files usually repeat one
/// campaign ID on every row: a batch whose values all repeat the last one kept (or are empty)
/// costs a look at the column's run (`ColumnRuns`, one walk shared with the rules that screen
/// the column), and nothing is looked at once more than `limit` distinct values were seen.
final class ColumnValueTally {
    let runs: ColumnRuns
    var column: Int { runs.column }
    @exclusivity(unchecked) private(set) var values: DistinctValues
    /// The last value kept, if at most 16 bytes (`RepeatedValue` forgets longer ones)...
    @exclusivity(unchecked) private var last = RepeatedValue()
    /// ...and if longer, here: a column of long values still costs a comparison per row, not a
    /// `String` and a search of the kept values.
    @exclusivity(unchecked) private var lastLong: [UInt8] = []
    /// `values.isOpen`, kept apart: reading it through the set's struct cost a retain per row.
    @exclusivity(unchecked) private var isOpen = true

    init(runs: ColumnRuns, limit: Int) {
        self.runs = runs
        values = DistinctValues(limit: limit)
    }

    /// The records of a batch, in order.
    func observe(_ rows: RecordBatch) {
        guard isOpen else { return }
        if runs.run(in: rows).allRepeat(last, emptyPasses: true) { return }
        for i in 0..<rows.count { observe(rows[i]) }
    }

    // A blank line needs no test of its own: its only field is empty, and empty values are skipped.
    func observe(_ record: CSVRecord) {
        guard isOpen, column < record.storedFieldCount else { return }
        let value = record.value(column)
        if value.isEmpty || last.holds(value) { return }
        if value.count > 16 {
            if value.elementsEqual(lastLong) { return }
            lastLong = Array(value)
        }
        last.remember(value)
        values.insert(String(decoding: value, as: UTF8.self))
        isOpen = values.isOpen
    }
}

extension CSVRecord {
    /// The stored field whose raw bytes hold `position`, if any.
    func field(containing position: Int32) -> Int? {
        (0..<storedFieldCount).first { i in
            let s = span(i)
            return s.start <= position && position < s.end
        }
    }
}
