import ENLintCore

/// EN103: bytes that are not valid UTF-8, usually a file saved as Windows-1252 ("ANSI").
public final class NotUTF8Rule: FileRule {
    public static let description = RuleDescription(
        id: "EN103", slug: "not-utf8", name: "Not UTF-8", defaultSeverity: .warning,
        summary: "The file holds bytes that are not valid UTF-8 (often a Windows-1252 file).",
        whatItDoes: """
            Checks that every byte sequence is valid UTF-8 and reports the first one that is \
            not, with the number of lines that hold such bytes and the encoding the file most \
            likely uses, as ICU's charset detector names it with its confidence (below 50 out \
            of 100 the name is only a guess). Reported once per file. Plain ASCII files are \
            valid UTF-8 and never reported.
            """,
        whyItMatters: """
            EN's guide asks for files saved as UTF-8. Accented letters, `€` and curly quotes \
            saved in another encoding (Excel's "ANSI" / Windows-1252 on Windows, Mac Roman on \
            old Macs) are different bytes: EN shows them as garbled characters such as `Ã©` or \
            `�` in names and addresses, and later syncs carry the damage on.
            """,
        howToFix: """
            Open the file with the encoding reported here and save it again as UTF-8 without a \
            byte order mark (in Notepad++ or Sublime Text: Encoding > UTF-8). In Excel, "CSV \
            UTF-8" writes UTF-8 but adds a byte order mark (see EN102), which must then be \
            removed.
            """,
        triggeringExamples: [
            RuleExample(
                bytes: Array("First Name,Email Address\nRen".utf8) + [0xE9] + Array(",rene@example.org\n".utf8),
                expected: [ExampleLocation(line: 2, column: 4)],
                note: "First Name,Email Address\nRené,rene@example.org   (é saved as Windows-1252 byte E9)"),
            RuleExample(
                bytes: Array("Email Address,Comments\nsam@example.org,ok\nkim@example.org,".utf8)
                    + [0x93] + Array("Thanks".utf8) + [0x94] + Array(" 5 ".utf8) + [0x80, 0x0A],
                expected: [ExampleLocation(line: 3, column: 17)],
                note: "curly quotes and the euro sign as Windows-1252 bytes 93, 94 and 80"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nRené,rene@example.org\n"),
            RuleExample("First Name,Comments\nSam,“Thanks” 5 €\n"),
        ]
    )

    public init(context: RuleContext) {}

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard let invalid = facts.invalidUTF8 else { return }
        report.report(at: invalid.first, Self.message(invalid), hint: Self.hint(invalid))
    }

    static func message(_ invalid: InvalidUTF8Facts) -> String {
        var text = "this byte is not valid UTF-8"
        text += " (invalid bytes on \(Wording.count(invalid.lineCount, "line")) in all)"
        if let detected = invalid.detected {
            text += detected.isConfident
                ? "; the file looks like \(detected.name) (ICU's confidence: \(detected.confidence) of 100)"
                : "; ICU's guess for the encoding is \(detected.name), with low confidence (\(detected.confidence) of 100)"
        }
        return text
    }

    static func hint(_ invalid: InvalidUTF8Facts) -> String {
        let from = invalid.detected.map { " from \($0.name)" } ?? ""
        return "convert the file\(from) to UTF-8 (without a byte order mark) before uploading"
    }
}
