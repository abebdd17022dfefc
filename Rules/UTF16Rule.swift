import ENLintCore

/// EN104: UTF-16 or UTF-32 text, typically Excel's "Unicode Text" export.
public final class UTF16Rule: FileRule {
    public static let description = RuleDescription(
        id: "EN104", slug: "utf16", name: "UTF-16 text", defaultSeverity: .error, needsText: false,
        summary: "The file is UTF-16 or UTF-32 text (Excel's \"Unicode Text\"), not UTF-8.",
        whatItDoes: """
            Recognises text stored two or four bytes per character (UTF-16 or UTF-32, little- \
            or big-endian), with or without a byte order mark, from the first bytes of the \
            file. Such a file is not checked any further: none of its rows can be read as CSV.
            """,
        whyItMatters: """
            EN's import reads a comma-separated file in UTF-8, as its guide asks. In UTF-16 \
            every other byte is zero, so EN cannot find the header, and the upload fails with \
            "The format you selected does not match the first line of your upload file". \
            Excel's "Unicode Text (*.txt)" writes exactly this, with tabs between the columns.
            """,
        howToFix: """
            Open the file in Excel and save it as "Comma Separated Values (.csv)", or in a text \
            editor change the encoding to "UTF-8" (without BOM) and make sure commas, not tabs, \
            separate the columns.
            """,
        triggeringExamples: [
            RuleExample(
                bytes: [0xFF, 0xFE] + utf16LE("First Name\tEmail Address\r\nSam\tsam@example.org\r\n"),
                expected: [ExampleLocation(line: 1, column: 1)],
                note: "Excel \"Unicode Text\": UTF-16LE with a byte order mark, tab-separated"),
            RuleExample(
                bytes: utf16LE("First Name,Email Address\nSam,sam@example.org\n"),
                expected: [ExampleLocation(line: 1, column: 1)],
                note: "UTF-16LE without a byte order mark"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n"),
            RuleExample("\u{FEFF}First Name,Email Address\nZoë,zoe@example.org\n"),
        ]
    )

    /// Little-endian UTF-16 code units of `text`, as bytes (for the examples).
    static func utf16LE(_ text: String) -> [UInt8] {
        text.utf16.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
    }

    public init(context: RuleContext) {}

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard case .wideText(let encoding, let hasBOM) = facts.content else { return }
        let bom = hasBOM ? "with" : "without"
        report.report(
            at: .fileStart,
            "the file is \(encoding) text (\(bom) a byte order mark), not UTF-8: EN cannot read its header or rows",
            hint: "save it as \"Comma Separated Values (.csv)\" in Excel, or as UTF-8 with commas between columns in a text editor")
    }
}
