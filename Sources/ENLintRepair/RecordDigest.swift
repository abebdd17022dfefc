import CSVTokenizer
import ENLintCore

/// A running SHA-256 over records as the tokenizer reads them: each field's value with its length
/// before it, and a mark at each record's end, so that `a,b` and `ab` or `a` + `b,` differ.
/// `enlint fix --in-place` compares the digest of what it meant to write with that of the file
/// it wrote, before the rename; the round-trip tests compare files the same way.
public struct RecordDigest: Sendable, Equatable {
    var hasher = SHA256()
    public private(set) var recordCount = 0

    public init() {}

    public mutating func addField(_ value: UnsafeBufferPointer<UInt8>) {
        var length = UInt64(value.count).bigEndian
        withUnsafeBytes(of: &length) { hasher.update($0.bindMemory(to: UInt8.self)) }
        hasher.update(value)
    }

    public mutating func endRecord() {
        hasher.update(CollectionOfOne(UInt8(0xFF)))
        recordCount += 1
    }

    public mutating func add(_ record: CSVRecord) {
        for i in 0..<record.storedFieldCount { addField(record.value(i)) }
        endRecord()
    }

    public var hex: String { hasher.hexDigest() }

    public static func == (a: RecordDigest, b: RecordDigest) -> Bool {
        a.recordCount == b.recordCount && a.hex == b.hex
    }

    /// The digest of every record of an open file.
    public static func of(fileDescriptor fd: Int32) throws -> RecordDigest {
        var digest = RecordDigest()
        try RecordFeed(fd: fd).forEachRecord { record in
            digest.add(record)
            return true
        }
        return digest
    }
}
