/// How a field was written in the source, as far as decoding its value is concerned.
public struct FieldFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The field opened with a quote.
    public static let quoted = FieldFlags(rawValue: 1 << 0)
    /// The raw bytes are not the value as they stand: a doubled quote, text after the closing
    /// quote, or a truncated quoted field. Decoding needs a scratch copy.
    public static let needsUnescape = FieldFlags(rawValue: 1 << 1)
    /// The quoted field never closed (end of input came first).
    public static let unclosed = FieldFlags(rawValue: 1 << 2)
    /// Only a prefix of the field is kept: it was larger than the configured bound, or the
    /// record was.
    public static let truncated = FieldFlags(rawValue: 1 << 3)
    /// The field contains a quote character outside the quoting rules (a stray quote in an
    /// unquoted field, or text after a closing quote). The value keeps it literally.
    public static let strayQuote = FieldFlags(rawValue: 1 << 4)
}

/// Where one field's raw bytes are in the tokenizer's buffer: `start..<end`, quotes included.
///
/// Positions are buffer indices, valid only while the record they belong to is current.
/// Kept at 12 bytes so that records with many columns stay cheap.
public struct FieldSpan: Sendable, Equatable {
    public var start: Int32
    public var end: Int32
    public var flags: FieldFlags

    @inlinable
    public init(start: Int32, end: Int32, flags: FieldFlags) {
        self.start = start
        self.end = end
        self.flags = flags
    }
}

/// The kind of line terminator that ended a record (outside quotes).
public enum LineTerminator: UInt8, Sendable, CaseIterable {
    case lf, crlf, cr

    public var name: String {
        switch self {
        case .lf: "LF"
        case .crlf: "CRLF"
        case .cr: "CR"
        }
    }
}
