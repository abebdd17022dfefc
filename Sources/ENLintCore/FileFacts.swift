import CSVTokenizer

/// What the bytes of a file are, decided from its first chunk before any CSV is read.
public enum ContentForm: Sendable, Equatable {
    /// Text in an ASCII-compatible encoding (UTF-8 or a legacy 8-bit one): tokenized as CSV.
    case text
    /// UTF-16 or UTF-32 (Excel's "Unicode Text"), with or without a BOM: not tokenized.
    case wideText(encoding: String, hasBOM: Bool)
    /// Binary data (NUL bytes in the first chunk), with the format when recognised: not tokenized.
    case binary(format: String?)

    public var isTokenized: Bool { self == .text }

    /// The recognised format of binary content ("a PNG image"), nil otherwise.
    public var binaryFormat: String? {
        if case .binary(let format) = self { return format }
        return nil
    }

    /// What the first bytes of a file (a chunk of it) say it is, as the lint decides.
    public static func sniff(_ firstBytes: UnsafeBufferPointer<UInt8>) -> ContentForm {
        ContentSniffer.sniff(firstBytes)
    }
}

/// Facts about the whole file gathered in the single pass, for rules that report at the end.
public struct FileFacts: Sendable {
    public var byteCount: Int64 = 0
    /// Reading stopped at `LintOptions.maxInputBytes` (a device or pipe that never ends).
    public var stoppedAtInputLimit = false
    public var content: ContentForm = .text
    public var hasBOM = false
    /// Records including the header; blank lines count as records.
    public var recordCount = 0
    public var dataRecordCount: Int { max(0, recordCount - 1) }
    /// Blank lines among the data records.
    public var blankRecordCount = 0
    /// Record terminators outside quotes.
    public var terminatorCounts: [LineTerminator: Int] = [:]
    /// The physical line each terminator kind first ended.
    public var firstTerminatorLine: [LineTerminator: Int] = [:]
    /// Whether any byte other than ASCII whitespace (after a BOM) was seen.
    public var hasNonWhitespace = false
    public var nulCount = 0
    public var firstNUL: SourcePosition?
    /// Bytes that are not valid UTF-8.
    public var invalidUTF8: InvalidUTF8Facts?
    /// The header's field names (empty when there is no header).
    public var header: [String] = []

    public init() {}
}

public struct InvalidUTF8Facts: Sendable {
    public var first: SourcePosition
    /// Invalid sequences seen.
    public var count: Int
    /// Physical lines holding at least one.
    public var lineCount: Int
    /// What ICU makes of the lines holding them.
    public var detected: DetectedEncoding?
}

enum ContentSniffer {
    /// Decides the content form from the first bytes of the file.
    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>) -> ContentForm {
        let b = Array(bytes.prefix(8192))
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .wideText(encoding: "UTF-32LE", hasBOM: true) }
        if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return .wideText(encoding: "UTF-32BE", hasBOM: true) }
        if b.starts(with: [0xFF, 0xFE]) { return .wideText(encoding: "UTF-16LE", hasBOM: true) }
        if b.starts(with: [0xFE, 0xFF]) { return .wideText(encoding: "UTF-16BE", hasBOM: true) }
        guard b.contains(0) else { return .text }
        if b.count >= 4 {
            // ASCII text in a wide encoding: zero bytes in fixed lanes of each unit.
            let units4 = b.count / 4
            var lanes4 = [0, 0, 0, 0]
            for i in 0..<(units4 * 4) where b[i] == 0 { lanes4[i % 4] += 1 }
            // The character lane must be mostly non-zero, or all-zero data would look like text.
            if lanes4[0] * 10 <= units4 && lanes4[1] * 10 >= units4 * 9 && lanes4[2] * 10 >= units4 * 9 && lanes4[3] * 10 >= units4 * 9 {
                return .wideText(encoding: "UTF-32LE", hasBOM: false)
            }
            if lanes4[3] * 10 <= units4 && lanes4[0] * 10 >= units4 * 9 && lanes4[1] * 10 >= units4 * 9 && lanes4[2] * 10 >= units4 * 9 {
                return .wideText(encoding: "UTF-32BE", hasBOM: false)
            }
        }
        let units = b.count / 2
        var evenZeros = 0
        var oddZeros = 0
        for i in 0..<(units * 2) where b[i] == 0 {
            if i % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        if units > 0 && oddZeros * 10 >= units * 7 && evenZeros * 10 <= units {
            return .wideText(encoding: "UTF-16LE", hasBOM: false)
        }
        if units > 0 && evenZeros * 10 >= units * 7 && oddZeros * 10 <= units {
            return .wideText(encoding: "UTF-16BE", hasBOM: false)
        }
        let signatures: [([UInt8], String)] = [
            ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (an Excel .xlsx workbook?)"),
            ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0x25, 0x50, 0x44, 0x46], "a PDF document"),
            ([0xD0, 0xCF, 0x11, 0xE0], "an OLE2 file (an Excel .xls workbook?)"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            ([0x1F, 0x8B], "a gzip archive"),
        ]
        if let match = signatures.first(where: { b.starts(with: $0.0) }) { return .binary(format: match.1) }
        // A few NULs in otherwise textual data are reported one by one (EN105); many mean binary.
        let zeros = evenZeros + oddZeros
        return zeros * 100 >= b.count ? .binary(format: nil) : .text
    }

    /// Where the first NUL of a sample is, counting lines as the tokenizer does.
    static func firstNUL(in bytes: UnsafeBufferPointer<UInt8>) -> SourcePosition? {
        var line = 1
        var column = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0 { return SourcePosition(line: line, column: column, byteOffset: Int64(i)) }
            if b == 0x0A || (b == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 && b != 0x0D {
                column += 1
            }
            i += 1
        }
        return nil
    }
}
