import CSVTokenizer
import ENLintCore

/// EN208: a file separated by semicolons, tabs or pipes instead of commas.
public final class WrongDelimiterRule: HeaderRule, RecordRule, FileRule {
    public static let description = RuleDescription(
        id: "EN208", slug: "wrong-delimiter", name: "Wrong delimiter", defaultSeverity: .error,
        summary: "The columns are separated by semicolons, tabs or pipes, not commas.",
        whatItDoes: """
            Looks at the header when, split at commas, it gives a single column, or at most \
            half as many columns as the saved format (`--format-header`) has fields. If \
            splitting it at semicolons, tabs or pipes gives more columns, and most of the first \
            data rows (at least 4 in 5 of up to \(sampleSize), empty lines skipped, so that one \
            faulty row does not hide the problem) split into as many, reports which separator \
            the file uses and how many columns it gives. Values in quotes are respected. Only \
            the start of the file is examined.
            """,
        whyItMatters: """
            EN reads comma-separated files only. Excel in many European languages saves "CSV" \
            with semicolons (its list separator), and "Text (Tab delimited)" uses tabs. EN then \
            sees the whole header as one column name, and the upload fails with "The format \
            you selected does not match the first line of your upload file".
            """,
        howToFix: """
            Save the file again with commas between the columns. In Excel, the separator comes \
            from the system's list-separator setting (Windows: Region > Additional settings > \
            List separator); set it to a comma before saving as "Comma Separated Values \
            (.csv)", or use a text editor or converter that writes commas and quotes values \
            that contain commas.
            """,
        triggeringExamples: [
            RuleExample("First Name↓;Last Name;Email Address\nSam;One;sam@example.org\nKim;Two;kim@example.org\n"),
            RuleExample("Email Address↓\tAmount\nsam@example.org\t12,50\n"),
            RuleExample(
                "First Name,Last Name↓|Email Address|Phone Number\nSam,One|sam@example.org|555-0100\n",
                formatHeader: "First Name,Last Name,Email Address,Phone Number"),
            RuleExample("\"Name; full\"↓;Email Address\n\"One; Sam\";sam@example.org\n"),
            RuleExample("a↓;b;c\n1;2;3\n4;5;6\n7;8\n10;11;12\n13;14;15\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Comments\nSam,a;b;c\nKim,d;e\n"),
            RuleExample("Email Address\nsam@example.org\n"),
            RuleExample("a;b;c\n1;2\n3\n"),
            RuleExample("a;b;c\n1;2;3\n4;5\n7;8\n10;11;12\n13;14;15\n"),
            RuleExample("First Name,Last Name|Email Address\nSam,One|sam@example.org\n"),
        ]
    )

    /// Data rows examined at most: enough to trust a count, cheap whatever the file's size.
    static let sampleSize = 20

    static let separators: [(byte: UInt8, name: String)] = [
        (UInt8(ascii: ";"), "semicolons"), (UInt8(ascii: "\t"), "tabs"), (UInt8(ascii: "|"), "pipes"),
    ]

    /// A separator that splits the header into more columns than the comma does.
    struct Candidate {
        let byte: UInt8
        let name: String
        let columns: Int
        /// The separator's first occurrence in the header, where the finding points.
        let firstAt: SourcePosition
        /// Sampled data rows that split into `columns` at this separator.
        var agreeingRows = 0
    }

    let formatColumns: Int?
    @exclusivity(unchecked) var commaColumns = 0
    @exclusivity(unchecked) var candidates: [Candidate] = []
    @exclusivity(unchecked) var rowsSampled = 0
    @exclusivity(unchecked) var decided = false

    public init(context: RuleContext) {
        formatColumns = context.formatHeader?.count
    }

    public func checkHeader(_ header: CSVRecord, report: RuleReporter) {
        commaColumns = header.fieldCount
        let tooFew = commaColumns == 1 || formatColumns.map { commaColumns * 2 <= $0 } == true
        guard tooFew, !header.isBlankLine else { return }
        let bytes = header.rawBytes
        for separator in Self.separators {
            let split = Self.split(bytes, at: separator.byte)
            guard split.columns > commaColumns, let first = split.firstSeparator else { continue }
            candidates.append(Candidate(
                byte: separator.byte, name: separator.name, columns: split.columns,
                firstAt: header.location(of: header.startPosition + Int32(first))))
        }
    }

    /// Decided after the first rows: from then on the engine skips the rule batch by batch
    /// instead of calling it on every record to return at once.
    public func mayReport(in batch: RecordBatch) -> Bool { !decided && !candidates.isEmpty }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard !decided, !candidates.isEmpty, !record.isBlankLine else { return }
        let bytes = record.rawBytes
        for i in candidates.indices where Self.split(bytes, at: candidates[i].byte).columns == candidates[i].columns {
            candidates[i].agreeingRows += 1
        }
        rowsSampled += 1
        if rowsSampled == Self.sampleSize { decide(report) }
    }

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        if !decided { decide(report) }
    }

    func decide(_ report: RuleReporter) {
        decided = true
        // Most sampled rows must agree with the header: 4 in 5, all of them when there are few.
        let agreeing = candidates.filter { $0.agreeingRows * 5 >= rowsSampled * 4 }
        guard let best = agreeing.max(by: { $0.columns < $1.columns }) else { return }
        let commas = commaColumns == 1 ? "1 column" : "only \(commaColumns) columns"
        var message = "the header splits into \(commas) at commas but into \(best.columns) at \(best.name)"
        if rowsSampled == 1 {
            message += ", as does the first data row"
        } else if best.agreeingRows == rowsSampled && rowsSampled > 1 {
            message += ", as do the first \(rowsSampled) data rows"
        } else if rowsSampled > 1 {
            message += ", as do \(best.agreeingRows) of the first \(rowsSampled) data rows"
        }
        if let formatColumns { message += " (the saved format has \(Wording.count(formatColumns, "field")))" }
        message += ": the file is separated by \(best.name), but EN reads commas only"
        report.report(
            at: best.firstAt, record: 1, message,
            hint: "save the file again with commas between the columns (Excel: set the system's list separator to a comma)")
    }

    /// Columns of a raw record split at `separator` outside double quotes, and the index of the
    /// first such separator.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, at separator: UInt8) -> (columns: Int, firstSeparator: Int?) {
        var columns = 1
        var first: Int?
        var inQuotes = false
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "\"") {
                // A doubled quote inside quotes toggles twice: still inside.
                inQuotes.toggle()
            } else if b == separator && !inQuotes {
                columns += 1
                if first == nil { first = i }
            }
        }
        return (columns, first)
    }
}
