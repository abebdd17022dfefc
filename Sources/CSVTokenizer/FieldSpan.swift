import CSIMDScan

/// How a field was written in the source, as far as decoding its value is concerned.
public struct FieldFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    // The flags are computed, not `static let`: a global constant read from another module goes
    // through a lazy-initialisation check (swift_once) on every access, in the hot path.

    /// The field opened with a quote.
    @inlinable public static var quoted: FieldFlags { FieldFlags(rawValue: 1 << 0) }
    /// The raw bytes are not the value as they stand: a doubled quote, text after the closing
    /// quote, or a truncated quoted field. Decoding needs a scratch copy.
    @inlinable public static var needsUnescape: FieldFlags { FieldFlags(rawValue: 1 << 1) }
    /// The quoted field never closed (end of input came first).
    @inlinable public static var unclosed: FieldFlags { FieldFlags(rawValue: 1 << 2) }
    /// Only a prefix of the field is kept: it was larger than the configured bound, or the
    /// record was.
    @inlinable public static var truncated: FieldFlags { FieldFlags(rawValue: 1 << 3) }
    /// The field contains a quote character outside the quoting rules (a stray quote in an
    /// unquoted field, or text after a closing quote). The value keeps it literally.
    @inlinable public static var strayQuote: FieldFlags { FieldFlags(rawValue: 1 << 4) }
}

/// Where one field's raw bytes are in the tokenizer's buffer: `start..<end`, quotes included.
///
/// Positions are buffer indices, valid only while the record they belong to is current.
/// Kept at 12 bytes so that records with many columns stay cheap.
public struct FieldSpan: Sendable, Equatable {
    /// Whether spans are laid out as C's `enlint_field_span` (the same member offsets, stride
    /// and flag values), so that C code can read the tokenizer's spans where they are: the
    /// tokenizer's plain-record loop writes them, and rules' vector screens read them. Constant
    /// for the compiler; the tokenizer will not start without it.
    public static var isLaidOutAsInC: Bool {
        typealias F = MemoryLayout<FieldSpan>
        typealias CF = MemoryLayout<enlint_field_span>
        return F.stride == CF.stride && F.offset(of: \.start) == CF.offset(of: \.start)
            && F.offset(of: \.end) == CF.offset(of: \.end) && F.offset(of: \.flags) == CF.offset(of: \.flags)
            && MemoryLayout<FieldFlags>.size == 1
            && FieldFlags.quoted.rawValue == ENLINT_FIELD_QUOTED
            && FieldFlags.needsUnescape.rawValue == ENLINT_FIELD_NEEDS_UNESCAPE
            && FieldFlags.unclosed.rawValue == ENLINT_FIELD_UNCLOSED
    }

    public var start: Int32
    public var end: Int32
    public var flags: FieldFlags

    @inlinable
    public init(start: Int32, end: Int32, flags: FieldFlags) {
        self.start = start
        self.end = end
        self.flags = flags
    }

    /// Buffer positions of the value's bytes when they need no decoding (no `needsUnescape`):
    /// the raw span of an unquoted field, the bytes between the quotes of a quoted one (up to
    /// the end when the quote never closed).
    @inlinable @inline(__always)
    var undecodedValueBounds: (start: Int, end: Int) {
        let start = Int(start)
        let end = Int(end)
        guard flags.contains(.quoted) else { return (start, end) }
        return (start &+ 1, max(start &+ 1, flags.contains(.unclosed) ? end : end &- 1))
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
