import ENLintCore

/// EN105: NUL bytes: a binary file named .csv, or text corrupted by zero bytes.
public final class NULByteRule: FileRule {
    public static let description = RuleDescription(
        id: "EN105", slug: "nul-byte", name: "NUL bytes", defaultSeverity: .error, needsText: false,
        summary: "The file holds NUL (zero) bytes: it is binary, or corrupted text.",
        whatItDoes: """
            Reports a file whose first bytes show it is binary (an Excel workbook renamed to \
            .csv, a zip archive, a PDF or an image), naming the format when it is recognised. \
            In a text file, reports the first NUL byte and how many there are. UTF-16 text, \
            which is full of zero bytes, is left to EN104 (utf16).
            """,
        whyItMatters: """
            EN imports comma-separated text. A workbook (.xlsx, .xls) is not CSV even when its \
            name ends in .csv, and EN rejects it or imports garbage. NUL bytes inside text come \
            from damaged exports or copies; they are invisible in most editors but break the \
            values they sit in.
            """,
        howToFix: """
            For a workbook: open it in Excel and use "Save As" with the type "Comma Separated \
            Values (.csv)" (renaming the file is not enough). For NULs in text: export the file \
            again from its source, or remove the NUL characters with a text editor that shows \
            them.
            """,
        triggeringExamples: [
            RuleExample(
                bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]
                    + Array("[Content_Types].xml".utf8) + [0x00, 0x00, 0x00, 0x00],
                expected: [ExampleLocation(line: 1, column: 1)],
                note: "an Excel .xlsx workbook (a zip archive) renamed to .csv"),
            RuleExample(
                bytes: Array("First Name,Email Address\nSam,sam@exa".utf8) + [0x00]
                    + Array("mple.org\nKim,kim@example.org\nLee,lee@example.org\nAli,ali@example.org\n".utf8),
                expected: [ExampleLocation(line: 2, column: 12)],
                note: "a NUL byte inside an email address"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n"),
            RuleExample(
                bytes: [0xFF, 0xFE] + UTF16Rule.utf16LE("First Name,Email Address\n"), expected: [],
                note: "UTF-16 text: its zero bytes are EN104's business"),
        ]
    )

    public init(context: RuleContext) {}

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        switch facts.content {
        case .binary(let format):
            let what = format.map { "\($0), not CSV text" } ?? "binary data, not CSV text"
            report.report(
                at: .fileStart, "the file is \(what)",
                hint: format?.contains("Excel") == true
                    ? "open it in Excel and use Save As > \"Comma Separated Values (.csv)\"; renaming is not enough"
                    : "upload the CSV export itself, not this file")
        case .text:
            guard facts.nulCount > 0, let first = facts.firstNUL else { return }
            report.report(
                at: first,
                "NUL byte (a zero byte) in the text; the file holds \(Wording.count(facts.nulCount, "NUL byte"))",
                hint: "export the file again from its source, or delete the NUL characters in an editor that shows them")
        case .wideText:
            return
        }
    }
}
