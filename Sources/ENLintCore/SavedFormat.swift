import CSVTokenizer

/// The saved format a supporter file must match, read from a one-line CSV file
/// (`--format-header`).
public enum SavedFormat {
    /// The fields of the first record of `bytes` (a leading BOM is ignored).
    public static func parseHeader(_ bytes: [UInt8]) -> [String] {
        let tokenizer = CSVTokenizer()
        tokenizer.append(bytes)
        tokenizer.finishInput()
        guard tokenizer.nextRecord() else { return [] }
        let record = tokenizer.record
        return record.isBlankLine ? [] : record.strings
    }

    public static func parseHeader(_ text: String) -> [String] {
        parseHeader(Array(text.utf8))
    }
}
