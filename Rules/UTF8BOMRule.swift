import ENLintCore

/// EN102: a UTF-8 byte order mark makes EN's header match fail.
public final class UTF8BOMRule: FileRule {
    public static let description = RuleDescription(
        id: "EN102", slug: "utf8-bom", name: "UTF-8 byte order mark", defaultSeverity: .error,
        summary: "The file starts with a UTF-8 byte order mark (Excel's \"CSV UTF-8\").",
        whatItDoes: """
            Reports a file whose first three bytes are EF BB BF, the invisible "byte order \
            mark" that Excel's "CSV UTF-8 (Comma delimited)" and editors' "UTF-8 with BOM" \
            write before the header. A file that holds nothing but the mark is left to EN106 \
            (empty-file).
            """,
        whyItMatters: """
            EN checks that "the header row in the import is exactly the same as the import \
            format fields". With the mark in front, the first column name is not exactly \
            `First Name` but an invisible character followed by `First Name`, so EN answers \
            "The format you selected does not match the first line of your upload file". EN's \
            own guide names this cause and tells users to avoid "CSV UTF-8" and "UTF-8 with BOM".
            """,
        howToFix: """
            Save the file again without the mark. EN's guide recommends Excel's "Comma \
            Separated Values (.csv)" rather than "CSV UTF-8 (Comma delimited) (.csv)"; in \
            Notepad, Notepad++ or Sublime Text choose the encoding "UTF-8", not "UTF-8 with BOM".
            """,
        triggeringExamples: [
            RuleExample("\u{FEFF}↓First Name,Last Name,Email Address\nSam,One,sam@example.org\n"),
            RuleExample("\u{FEFF}↓Supporter Email,Campaign ID,Transaction Date\r\nsam@example.org,12345,2024-05-01\r\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Last Name,Email Address\nSam,One,sam@example.org\n"),
            // U+FEFF anywhere but at the very start is not a byte order mark.
            RuleExample("First Name,Email Address\nSam\u{FEFF},sam@example.org\n"),
            // Nothing but the mark: an empty file (EN106), not this rule.
            RuleExample("\u{FEFF}"),
        ]
    )

    public init(context: RuleContext) {}

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        guard facts.hasBOM, facts.hasNonWhitespace else { return }
        report.report(
            at: .fileStart,
            "the file starts with a UTF-8 byte order mark (bytes EF BB BF): EN reads it as part of the first column name, so the header does not match the saved format",
            hint: "save as \"Comma Separated Values (.csv)\" in Excel, or as \"UTF-8\" (not \"UTF-8 with BOM\") in a text editor")
    }
}
