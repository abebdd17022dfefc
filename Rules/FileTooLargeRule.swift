import ENLintCore

/// EN101: EN's import API takes files up to 20 MB.
public final class FileTooLargeRule: FileRule {
    public static let description = RuleDescription(
        id: "EN101", slug: "file-too-large", name: "File too large", defaultSeverity: .error,
        needsText: false,
        summary: "The file is larger than EN's 20 MB upload limit.",
        whatItDoes: """
            Compares the file's size with EN's limit of 20 MB (20,000,000 bytes) and reports \
            both. A file over the limit is an error; a file at 90% of the limit or more is a \
            warning, because a few more rows will push it over. The check runs whatever the \
            file holds, even when it is not CSV text.
            """,
        whyItMatters: """
            EN's Bulk Import API documentation says: "Files should not exceed 20MB". A larger \
            upload is not imported, so none of its rows reach EN.
            """,
        howToFix: """
            Split the rows into several files, each under 20 MB and each starting with the same \
            header row, and upload them one after the other. Removing columns the saved format \
            does not import also makes the file smaller.
            """,
        triggeringExamples: [
            RuleExample("↓First Name,Email Address\nSam,sam@example.org\n", maxFileBytes: 40),
            // 45 bytes against a limit of 48: within 10% of the limit, a warning.
            RuleExample("↓First Name,Email Address\nSam,sam@example.org\n", maxFileBytes: 48),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\n"),
            RuleExample("First Name,Email Address\nSam,sam@example.org\n", maxFileBytes: 100),
        ]
    )

    let limit: Int64

    public init(context: RuleContext) {
        limit = context.maxFileBytes
    }

    public func finish(_ facts: FileFacts, report: RuleReporter) {
        let size = facts.byteCount
        // Warn from 90% of the limit on: in integers, size / limit >= 9 / 10.
        guard size > limit || size * 10 >= limit * 9 else { return }
        let isOver = size > limit
        let atLeast = facts.stoppedAtInputLimit ? "at least " : ""
        let sizeText = atLeast + Wording.bytes(size)
        let limitText = Wording.bytes(limit)
        if isOver {
            report.report(
                at: .fileStart, "the file is \(sizeText), over EN's upload limit of \(limitText)",
                hint: "split the rows into files under \(limitText), each with the header row")
        } else {
            report.report(
                at: .fileStart, severity: .warning,
                "the file is \(sizeText), \(size * 100 / limit)% of EN's upload limit of \(limitText)",
                hint: "a few more rows will take it over the limit: consider splitting it now")
        }
    }
}
