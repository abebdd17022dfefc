import CSVTokenizer
import ENLintCore

/// EN301: a supporter file's header must be exactly the saved format's.
public final class HeaderMismatchRule: HeaderRule {
    public static let description = RuleDescription(
        id: "EN301", slug: "header-mismatch", name: "Header mismatch", defaultSeverity: .error,
        kinds: [.supporters],
        summary: "The header differs from the saved format's header (--format-header).",
        whatItDoes: """
            Compares the header with the saved format's header given with `--format-header` \
            (silent without it) and reports each column that differs, saying how: missing from \
            the file (reported at the end of the header line), extra, in a different place, \
            renamed, or the same name written differently: upper/lower case, spaces around or \
            inside the name, typographic quotes, or invisible characters (no-break space, \
            zero-width characters). A column that is only shifted by a missing or extra column \
            before it is not reported again.
            """,
        whyItMatters: """
            EN imports a supporter file only when "the header row in the import is exactly the \
            same as the import format fields"; otherwise the upload fails with "The format you \
            selected does not match the first line of your upload file". Differences in case or \
            an invisible space are enough, and impossible to see in Excel.
            """,
        howToFix: """
            Make the header line identical to the saved format's: same names, same spelling and \
            case, same order, no extra columns. Copying the header line from a file that \
            imported successfully is the surest way.
            """,
        triggeringExamples: [
            RuleExample(
                "First Name,↓email address,Postcode\nSam,sam@example.org,123ABC\n",
                formatHeader: "First Name,Email Address,Postcode"),
            RuleExample(
                "First Name,Email Address↓\nSam,sam@example.org\n",
                formatHeader: "First Name,Email Address,Postcode"),
            RuleExample(
                "First Name,Email Address,↓Notes\nSam,sam@example.org,hi\n",
                formatHeader: "First Name,Email Address"),
            RuleExample(
                "↓Last Name,First Name,Email Address,↓ Postcode,↓OPT-IN\u{A0}#1\nOne,Sam,sam@example.org,1,Y\n",
                formatHeader: "First Name,Last Name,Email Address,Postcode,OPT-IN #1"),
            RuleExample(
                "↓First Name;Email Address\nSam;sam@example.org\n", formatHeader: "First Name,Email Address"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n", formatHeader: "First Name,Email Address"),
            RuleExample("First Name,email\nSam,sam@example.org\n"),
            RuleExample("\"First Name\",Email Address\nSam,sam@example.org\n", formatHeader: "First Name,\"Email Address\""),
        ]
    )

    let formatHeader: [String]?

    public init(context: RuleContext) {
        formatHeader = context.formatHeader
    }

    public func checkHeader(_ record: CSVRecord, report: RuleReporter) {
        guard let format = formatHeader else { return }
        let file = record.strings
        guard file != format else { return }
        if let delimiter = HeaderName.foreignDelimiter(file), format.count > 1 {
            // One finding, not one per format column: the columns are there, split differently.
            report.report(
                record: record,
                "the header reads as one column because its names are separated by \(delimiter), not commas; the saved format has \(format.count) columns",
                hint: "save the file with commas between the values (in Excel: \"Comma Separated Values (.csv)\")")
            return
        }
        let endOfLine = record.startPosition + Int32(record.rawBytes.count)
        for difference in Self.compare(file: file, format: format) {
            switch difference {
            case .missing(let j):
                report.report(
                    position: endOfLine, in: record,
                    "the saved format's column \(j + 1) \(ByteParsing.quoted(format[j])) is missing from the file's header",
                    hint: "add the column \(ByteParsing.quoted(format[j])) as column \(j + 1), or use a saved format without it")
            case .extra(let i):
                report.report(
                    field: i, of: record,
                    "column \(i + 1) \(ByteParsing.quoted(file[i])) is not in the saved format (which has \(format.count) columns)",
                    hint: "remove the column, or use a saved format that includes it")
            case .renamed(let i):
                report.report(
                    field: i, of: record,
                    "column \(i + 1) \(ByteParsing.quoted(file[i])) does not match the saved format's column \(i + 1) \(ByteParsing.quoted(format[i])), and is nowhere else in it",
                    hint: "rename the column to \(ByteParsing.quoted(format[i])) if it holds that data; otherwise remove it and add the saved format's column")
            case .moved(let i, let j, let how):
                let formatName = how.isEmpty ? "" : " \(ByteParsing.quoted(format[j])) (written differently: \(how.joined(separator: ", ")))"
                report.report(
                    field: i, of: record,
                    "column \(i + 1) \(ByteParsing.quoted(file[i])) is column \(j + 1)\(formatName) in the saved format: the columns are in a different order",
                    hint: "move the column to position \(j + 1), as in the saved format")
            case .spelled(let i, let j, let how):
                report.report(
                    field: i, of: record,
                    "column \(i + 1) \(ByteParsing.quoted(file[i])) differs from the saved format's column \(j + 1) \(ByteParsing.quoted(format[j])): \(how.joined(separator: ", "))",
                    hint: "write the name exactly as \(ByteParsing.quoted(format[j]))")
            }
        }
    }

    /// How one column differs. Indices are 0-based: `i` in the file, `j` in the saved format.
    enum Difference: Equatable {
        case missing(j: Int)
        case extra(i: Int)
        /// Unmatched in both, at the same place: a renamed column.
        case renamed(i: Int)
        case moved(i: Int, j: Int, how: [String])
        /// The same column, its name written differently.
        case spelled(i: Int, j: Int, how: [String])
    }

    static func compare(file: [String], format: [String]) -> [Difference] {
        // Pair columns by loose name, in order, each used once.
        let formatKeys = format.map(HeaderName.looseKey)
        var formatUsed = [Bool](repeating: false, count: format.count)
        var pairs: [(i: Int, j: Int)] = []
        var fileUnmatched: [Int] = []
        for (i, name) in file.enumerated() {
            let key = HeaderName.looseKey(name)
            if let j = formatKeys.indices.first(where: { !formatUsed[$0] && formatKeys[$0] == key }) {
                formatUsed[j] = true
                pairs.append((i, j))
            } else {
                fileUnmatched.append(i)
            }
        }
        var formatUnmatched = format.indices.filter { !formatUsed[$0] }
        // The longest run of pairs in the same order stays; the others moved.
        let inOrder = Set(longestIncreasing(pairs.map(\.j)).map { pairs[$0].i })
        var out: [Difference] = []
        for (i, j) in pairs {
            let how = HeaderName.differences(file[i], format[j])
            if !inOrder.contains(i) {
                out.append(.moved(i: i, j: j, how: how))
            } else if !how.isEmpty {
                out.append(.spelled(i: i, j: j, how: how))
            }
        }
        for i in fileUnmatched {
            if let k = formatUnmatched.firstIndex(of: i) {
                formatUnmatched.remove(at: k)
                out.append(.renamed(i: i))
            } else {
                out.append(.extra(i: i))
            }
        }
        out += formatUnmatched.map { .missing(j: $0) }
        return out
    }

    /// Indices of one longest strictly increasing subsequence of `values` (patience sorting).
    static func longestIncreasing(_ values: [Int]) -> [Int] {
        var tails: [Int] = []  // index into values of the smallest tail of each length
        var previous = [Int](repeating: -1, count: values.count)
        for (k, v) in values.enumerated() {
            var low = 0
            var high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if values[tails[mid]] < v { low = mid + 1 } else { high = mid }
            }
            if low > 0 { previous[k] = tails[low - 1] }
            if low == tails.count { tails.append(k) } else { tails[low] = k }
        }
        var result: [Int] = []
        var k = tails.last ?? -1
        while k >= 0 {
            result.append(k)
            k = previous[k]
        }
        return result.reversed()
    }
}
