import CSVTokenizer
import ENLintCore

/// EN107: rows ended by different line terminators (CRLF, LF, lone CR) in one file.
public final class MixedLineEndingsRule: HeaderRule, RecordRule, FileRule {
    public static let description = RuleDescription(
        id: "EN107", slug: "mixed-line-endings", name: "Mixed line endings", defaultSeverity: .warning,
        summary: "Rows end with different kinds of line break (CRLF, LF, CR).",
        whatItDoes: """
            Counts how rows end: CRLF (Windows), LF (Mac and Linux) or a lone CR (old Mac \
            Excel). Line breaks inside quoted values do not count. When more than one kind \
            occurs, reports the counts at the first row that ends with the least common kind.
            """,
        whyItMatters: """
            Mixed endings come from pasting rows from one file into another. A program that \
            splits on one kind of line break sees a stray CR at the end of the last value of \
            other rows (an email address that does not match, an amount that is not a number), \
            or sees two rows as one.
            """,
        howToFix: """
            Save the file again from a spreadsheet program or a text editor, which writes one \
            kind of line break throughout (in Notepad++: Edit > EOL Conversion).
            """,
        triggeringExamples: [
            RuleExample("First Name,Email Address\r\nSam,sam@example.org\r\nKim,kim@example.org↓\n"),
            RuleExample("a,b↓\r1,2\n3,4\n"),
            RuleExample("a,b\r\n1,2\r\n3,4\r\n5,6\n7,8\n9,10↓\r"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\r\nSam,sam@example.org\r\nKim,kim@example.org"),
            RuleExample("Name,Address\r\nSam,\"1 Main St\nApt 2\"\r\n"),
        ]
    )

    /// Where each kind of terminator first ended a row, indexed by `LineTerminator.rawValue`.
    @exclusivity(unchecked) var firstPlace: [SourcePosition?] = Array(repeating: nil, count: LineTerminator.allCases.count)
    /// Bit `rawValue` set for each terminator kind already placed: the per-record test is one
    /// load and a mask, not an optional `SourcePosition` read.
    @exclusivity(unchecked) var seenKinds: UInt8 = 0

    public init(context: RuleContext) {}

    public func checkHeader(_ header: CSVRecord, report: RuleReporter) { note(header) }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) { note(record) }

    /// Only a batch that brings a kind not yet placed has a record to note (at most three).
    public func mayReport(in batch: RecordBatch) -> Bool { batch.terminatorKindsSoFar & ~seenKinds != 0 }

    @inline(__always)
    func note(_ record: CSVRecord) {
        guard let kind = record.terminator, seenKinds & (1 << kind.rawValue) == 0 else { return }
        seenKinds |= 1 << kind.rawValue
        firstPlace[Int(kind.rawValue)] = record.location(of: record.startPosition + Int32(record.rawBytes.count))
    }

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        let counts = facts.terminatorCounts.filter { $0.value > 0 }
        guard counts.count > 1 else { return }
        let kinds = LineTerminator.allCases.filter { counts[$0] != nil }
        // The least common kind; on a tie, the one that appears later (the file began otherwise).
        let rare = kinds.min { a, b in
            counts[a]! != counts[b]! ? counts[a]! < counts[b]!
                : (firstPlace[Int(a.rawValue)]?.byteOffset ?? 0) > (firstPlace[Int(b.rawValue)]?.byteOffset ?? 0)
        }!
        guard let place = firstPlace[Int(rare.rawValue)] else { return }
        let summary = kinds.sorted { counts[$0]! > counts[$1]! }
            .map { "\(Wording.grouped(counts[$0]!)) \($0.name)" }.joined(separator: ", ")
        report.report(
            at: place,
            "rows end with different line breaks (\(summary)); this is the first row ended by \(rare.name)",
            hint: "save the file again so that every row ends the same way")
    }
}
