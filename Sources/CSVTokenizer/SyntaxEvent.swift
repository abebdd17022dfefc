/// A syntax problem the tokenizer met and recovered from. Positions are buffer indices inside
/// the current record: resolve them to line and column through `CSVRecord.location(of:)`.
public struct SyntaxEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A quoted field ran to the end of input. `position` is the opening quote.
        case unclosedQuote
        /// A quote inside an unquoted field (`ab"c`). It is kept as a literal character.
        case quoteInUnquotedField
        /// Characters after a closing quote (`"ab"c`). They are appended to the value.
        case textAfterClosingQuote
        /// A field larger than `TokenizerLimits.maxFieldBytes`; only a prefix is kept.
        /// `byteCount` is the field's full size in the source.
        case fieldTooLarge(byteCount: Int64)
        /// A record larger than `TokenizerLimits.maxRecordBytes`; later fields keep no bytes.
        case recordTooLarge
        /// A record with more fields than `TokenizerLimits.maxFieldsPerRecord`; the extra
        /// fields are counted but not kept.
        case tooManyFields
    }

    public var kind: Kind
    /// Buffer index of the byte the event is about; the field index it belongs to.
    public var position: Int32
    public var fieldIndex: Int

    public init(kind: Kind, position: Int32, fieldIndex: Int) {
        self.kind = kind
        self.position = position
        self.fieldIndex = fieldIndex
    }
}

/// Bounds that keep memory constant whatever the input. The defaults leave room for every
/// legitimate EN file (EN refuses files over 20 MB anyway) while a hostile one cannot make
/// the tokenizer buffer without limit.
public struct TokenizerLimits: Sendable, Equatable {
    /// Bytes read from the source at a time.
    public var chunkSize: Int
    /// A field longer than this keeps only this many bytes (and is reported).
    public var maxFieldBytes: Int
    /// A record longer than this keeps no bytes for its later fields (and is reported).
    public var maxRecordBytes: Int
    /// Fields kept per record; more are counted only.
    public var maxFieldsPerRecord: Int

    public init(
        chunkSize: Int = 1 << 20,
        maxFieldBytes: Int = 1 << 20,
        maxRecordBytes: Int = 8 << 20,
        maxFieldsPerRecord: Int = 1 << 18
    ) {
        precondition(chunkSize >= 1 && maxFieldBytes >= 1 && maxRecordBytes >= maxFieldBytes)
        precondition(maxFieldsPerRecord >= 1)
        precondition(chunkSize + maxRecordBytes + maxFieldBytes < Int(Int32.max) / 2)
        self.chunkSize = chunkSize
        self.maxFieldBytes = maxFieldBytes
        self.maxRecordBytes = maxRecordBytes
        self.maxFieldsPerRecord = maxFieldsPerRecord
    }

    public static let `default` = TokenizerLimits()
}
