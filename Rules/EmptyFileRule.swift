import ENLintCore

/// EN106: nothing to import: no bytes, or only a byte order mark and whitespace.
public final class EmptyFileRule: FileRule {
    public static let description = RuleDescription(
        id: "EN106", slug: "empty-file", name: "Empty file", defaultSeverity: .error, needsText: false,
        summary: "The file is empty, or holds only a byte order mark or whitespace.",
        whatItDoes: """
            Reports a file with no bytes at all, or with nothing but a UTF-8 byte order mark, \
            spaces, tabs and line breaks. Binary and UTF-16 files are left to EN105 and EN104.
            """,
        whyItMatters: """
            EN needs a header row that matches the saved format, and at least one row to \
            import. An empty upload usually means the export or the copy went wrong, and EN \
            answers with a format error that does not say the file was empty.
            """,
        howToFix: """
            Export the data again and check the file's size before uploading; make sure the \
            right file is selected.
            """,
        triggeringExamples: [
            RuleExample("↓"),
            RuleExample("\u{FEFF}↓"),
            RuleExample("↓  \r\n\r\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Email Address\n"),
            RuleExample("Email Address\nsam@example.org\n"),
            RuleExample(
                bytes: [0xFF, 0xFE, 0x20, 0x00], expected: [],
                note: "a space in UTF-16: not empty but wide text (EN104)"),
        ]
    )

    public init(context: RuleContext) {}

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard facts.content == .text, !facts.hasNonWhitespace else { return }
        let what: String
        if facts.byteCount == 0 {
            what = "the file is empty (0 bytes)"
        } else if facts.hasBOM && facts.byteCount == 3 {
            what = "the file holds only a UTF-8 byte order mark"
        } else {
            what = "the file holds only whitespace (\(Wording.count(Int(facts.byteCount), "byte")) of spaces, tabs or line breaks)"
        }
        report.report(at: .fileStart, "\(what): there is no header and nothing to import",
                      hint: "export the data again and check that the right file is selected")
    }
}
