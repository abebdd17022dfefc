import CSVTokenizer
import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// Settings of `enlint split`.
public struct SplitOptions: Sendable {
    public var byCampaign = false
    /// Each part stays at or under this size, header included; just under EN's 20 MB by default.
    public var maxBytes: Int64 = SplitOptions.defaultMaxBytes
    public static let defaultMaxBytes: Int64 = 19_900_000
    public var quarantine = false
    /// Only the first N data rows, into one trial file.
    public var sample: Int?
    /// Parts with an open file descriptor at a time; the others are suspended and reopened.
    public var maxOpenFiles = 32

    public init() {}
}

/// A file a split wrote, or the one it read, as the manifest lists it: the input named so that
/// a user can check which file the parts came from (`sha256sum`, `wc -c`).
public struct SplitFile: Sendable, Equatable {
    /// A part's name in the output directory; the input's path as given.
    public var file: String
    /// Data records (the header not counted); for the input all of them, also with `--sample`.
    public var records: Int
    public var bytes: Int64
    public var sha256: String

    public init(file: String, records: Int, bytes: Int64, sha256: String) {
        self.file = file
        self.records = records
        self.bytes = bytes
        self.sha256 = sha256
    }
}

/// What a split wrote and what it read.
public struct SplitResult: Sendable {
    public var input: SplitFile
    public var parts: [SplitFile]
}

public enum SplitError: Error, CustomStringConvertible {
    case recordTooLarge(line: Int)
    case noCampaignColumn
    case notText(ContentForm)
    case write(String)
    case read(String)

    public var description: String {
        switch self {
        case .recordTooLarge(let line):
            RecordBounds.tooLarge(line: line) + ", so nothing was written"
        case .noCampaignColumn:
            "--by-campaign: the header has no campaign ID column (name it with --column campaign-id=NAME)"
        case .notText(.wideText(let encoding, _)):
            "the file is \(encoding) text, which split would cut between bytes: convert it to UTF-8 first (enlint fix), so nothing was written"
        case .notText(let form):
            "the file is \(form.binaryFormat ?? "binary data"), not CSV text: nothing to split"
        case .write(let message), .read(let message):
            message
        }
    }
}

/// Streams a file's records into parts by campaign, size, validity or a sample, copying each
/// record's bytes exactly (a part's records are the input's records) and giving every part the
/// header. Parts are written to temporary files and renamed into place only when the whole
/// input has been read, so a failure leaves no partial set behind.
public final class Splitter {
    let options: SplitOptions
    let linter: Linter
    let directory: String
    let baseName: String
    /// The header's bytes with a line break, written at the top of every part.
    var header: [UInt8] = []
    var campaignColumn: Int?
    var buckets: [[String]: Bucket] = [:]
    /// Bucket keys in the order they first appeared, so that parts are listed in input order.
    var bucketOrder: [[String]] = []
    var openParts = OpenPartLimit(limit: 32)
    var failure: SplitError?
    /// Data records taken into parts.
    var dataRecords = 0
    /// Data records read, taken or not (`--sample` reads on to count them).
    var inputRecords = 0
    var line: [UInt8] = []

    public init(options: SplitOptions, linter: Linter, directory: String, baseName: String) {
        self.options = options
        self.linter = linter
        self.directory = directory
        self.baseName = baseName
        openParts = OpenPartLimit(limit: options.maxOpenFiles)
    }

    /// Splits what `fd` holds; `path` is how the manifest names it. `progress` hears the input
    /// offset now and then. A regular file is also fingerprinted for the manifest (a second
    /// read, bounded by `--max-bytes`); a pipe, read once, is not.
    public func split(fileDescriptor fd: Int32, path: String, progress: ((Int64) -> Void)? = nil) throws(SplitError) -> SplitResult {
        let maxBytes = linter.options.maxInputBytes
        var fingerprint: (bytes: Int64, sha256: String)?
        var status = stat()
        if fstat(fd, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && Int64(status.st_size) <= maxBytes {
            do {
                fingerprint = try FileFingerprint.of(fileDescriptor: fd)
            } catch {
                throw .read("cannot read: \(error.message)")
            }
        }
        do {
            if options.quarantine {
                // The lint reads as the feed does: it decides the content from the first chunk,
                // tokenizes only text, and stops at --max-bytes.
                let facts = try linter.lint(fileDescriptor: fd, path: baseName) { record, errors in
                    take(record, errors: errors, progress: progress)
                }.facts
                if !facts.content.isTokenized { throw NotCSVText(form: facts.content) }
                if facts.stoppedAtInputLimit { throw InputLimitReached(bytes: maxBytes) }
            } else {
                var feed = RecordFeed(fd: fd)
                feed.maxBytes = maxBytes
                feed.requireText = true
                try feed.forEachRecord { record in
                    take(record, errors: [], progress: progress)
                    return failure == nil
                }
            }
        } catch let error as SplitError {
            throw error
        } catch let error as NotCSVText {
            throw .notText(error.form)
        } catch let limit as InputLimitReached {
            throw .read(limit.description + ", so nothing was written")
        } catch let error as LintInputError {
            throw .read(error.description)
        } catch let error as ReadError {
            throw .read("cannot read: \(error.message)")
        } catch {
            throw .read("\(error)")
        }
        if let failure { throw failure }
        // Not fingerprinted: an empty digest, which the manifest writes as null.
        let input = SplitFile(file: path, records: inputRecords, bytes: fingerprint?.bytes ?? -1, sha256: fingerprint?.sha256 ?? "")
        return SplitResult(input: input, parts: try commitAll())
    }

    func take(_ record: CSVRecord, errors: [String], progress: ((Int64) -> Void)?) {
        guard failure == nil else { return }
        if record.number > 1 {
            inputRecords += 1
            if inputRecords & 0x3FFF == 0 { progress?(record.byteOffset) }
            // Past the sample, records are only counted: one too large to copy does not matter.
            if let sample = options.sample, dataRecords >= sample { return }
        }
        if record.isTruncated {
            failure = .recordTooLarge(line: record.line)
            return
        }
        if record.number == 1 {
            setUp(header: record)
            return
        }
        dataRecords += 1
        let key = bucketKey(for: record, invalid: !errors.isEmpty)
        line.removeAll(keepingCapacity: true)
        line.append(contentsOf: record.rawBytes)
        if options.quarantine && !errors.isEmpty {
            line.append(UInt8(ascii: ","))
            CSVField.append(errors.joined(separator: "; "), to: &line)
        }
        if let terminator = record.terminator { line.append(contentsOf: CSVField.terminatorBytes(terminator)) }
        do {
            try bucket(key).write(line, limit: options.maxBytes, openParts: &openParts)
        } catch {
            // The path is the part's temporary name ("DIR/part"): name the directory instead.
            failure = .write("\(directory): cannot write a part: \(error.reason)")
        }
    }

    func setUp(header record: CSVRecord) {
        header = Array(record.rawBytes) + CSVField.terminatorBytes(record.terminator ?? .crlf)
        let names = record.strings
        campaignColumn = ColumnMap(header: names, overrides: linter.options.columnOverrides)[.campaignID]
        if options.byCampaign && campaignColumn == nil { failure = .noCampaignColumn }
    }

    func bucketKey(for record: CSVRecord, invalid: Bool) -> [String] {
        if options.sample != nil { return ["sample"] }
        var key: [String] = []
        if options.byCampaign, let column = campaignColumn {
            let id = column < record.storedFieldCount ? record.string(column) : ""
            key.append("campaign-" + Self.safeFileName(id))
        }
        if options.quarantine { key.append(invalid ? "invalid" : "valid") }
        return key
    }

    func bucket(_ key: [String]) -> Bucket {
        if let existing = buckets[key] { return existing }
        var head = header
        if key.last == "invalid" {
            // The reasons column, after the header's own terminator.
            let terminatorLength = header.count - header.lastIndex(where: { $0 != 0x0A && $0 != 0x0D }).map { $0 + 1 }!
            head.insert(contentsOf: Array(",enlint_errors".utf8), at: header.count - terminatorLength)
        }
        let bucket = Bucket(key: key, header: head, directory: directory)
        buckets[key] = bucket
        bucketOrder.append(key)
        return bucket
    }

    /// Names every part and renames it into place: all are finished (flushed and synced, where
    /// a full disk shows) before any is renamed, so that a failure leaves no partial set. A key
    /// with one part gets no part number.
    func commitAll() throws(SplitError) -> [SplitFile] {
        var parts: [SplitFile] = []
        var files: [PartFile] = []
        for key in bucketOrder {
            let bucket = buckets[key]!
            for (index, part) in bucket.parts.enumerated() {
                var name = ([baseName] + key).joined(separator: ".")
                if bucket.parts.count > 1 || key.isEmpty {
                    name += ".part-" + String(repeating: "0", count: max(0, 3 - String(index + 1).count)) + String(index + 1)
                }
                name += ".csv"
                part.stream.path = directory + "/" + name
                parts.append(SplitFile(file: name, records: part.records, bytes: part.stream.byteCount, sha256: part.hasher.hexDigest()))
                files.append(part)
            }
        }
        do throws(AtomicFile.WriteError) {
            for file in files { try file.stream.finish() }
            for (i, file) in files.enumerated() {
                do {
                    try file.stream.commit()
                } catch {
                    for renamed in files[..<i] { unlink(renamed.stream.path) }
                    throw error
                }
            }
        } catch {
            throw .write(error.description)
        }
        return parts
    }

    /// Campaign IDs are numbers; anything else is made safe for a file name.
    static func safeFileName(_ text: String) -> String {
        let trimmed = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        if trimmed.isEmpty { return "none" }
        return String(trimmed.unicodeScalars.map { s -> Character in
            s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_" ? Character(s) : "_"
        }.prefix(80))
    }
}

/// The parts of one key (a campaign, valid or invalid rows, or everything).
final class Bucket {
    let key: [String]
    let header: [UInt8]
    let directory: String
    var parts: [PartFile] = []

    init(key: [String], header: [UInt8], directory: String) {
        self.key = key
        self.header = header
        self.directory = directory
    }

    /// Appends a record, starting a new part when it would take the current one over `limit`
    /// (a record is never cut: one larger than the limit gets a part of its own).
    func write(_ record: [UInt8], limit: Int64, openParts: inout OpenPartLimit) throws(AtomicFile.WriteError) {
        if parts.isEmpty || (parts.last!.records > 0 && parts.last!.stream.byteCount + Int64(record.count) > limit) {
            let part = PartFile(stream: try AtomicFile.Stream(path: directory + "/" + "part"))
            part.write(header)
            parts.append(part)
        }
        let part = parts.last!
        openParts.use(part)
        // A blank line ending in LF, put after a line ending in a lone CR (blank rows of other
        // campaigns, a header), would make one CRLF with it and vanish: it gets a CR instead, the
        // same blank record.
        part.write(part.lastByte == 0x0D && record == [0x0A] ? [0x0D] : record)
        part.records += 1
    }
}

/// A part being written, with its digest taken on the way.
final class PartFile {
    let stream: AtomicFile.Stream
    var hasher = SHA256()
    var records = 0
    var lastByte: UInt8?

    init(stream: AtomicFile.Stream) { self.stream = stream }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            stream.write(buffer)
            hasher.update(buffer)
        }
        lastByte = bytes.last ?? lastByte
    }
}

/// Keeps at most `limit` parts with an open descriptor: splitting by campaign may meet
/// thousands of campaigns, and each open file costs a descriptor and a write buffer.
struct OpenPartLimit {
    let limit: Int
    /// Most recently used last.
    var open: [PartFile] = []

    init(limit: Int) { self.limit = max(1, limit) }

    mutating func use(_ part: PartFile) {
        if let i = open.lastIndex(where: { $0 === part }) {
            if i != open.count - 1 {
                open.remove(at: i)
                open.append(part)
            }
            return
        }
        open.append(part)
        if open.count > limit { open.removeFirst().stream.suspend() }
    }
}

/// The JSON manifest of a split: the input and the parts, with their record counts, sizes and
/// SHA-256.
public enum SplitManifest {
    public static func render(input: SplitFile, parts: [SplitFile]) -> String {
        var out = "{\n  \"input\": \(object(input, nameKey: "path")),\n  \"parts\": ["
        for (i, part) in parts.enumerated() {
            out += (i == 0 ? "\n    " : ",\n    ") + object(part, nameKey: "file")
        }
        out += parts.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// A file's entry; an input read from a pipe was not fingerprinted (empty digest): its bytes
    /// and digest are null.
    static func object(_ file: SplitFile, nameKey: String) -> String {
        let known = !file.sha256.isEmpty
        return "{\"\(nameKey)\": \(JSONText.quoted(file.file)), \"records\": \(file.records), "
            + "\"bytes\": \(known ? String(file.bytes) : "null"), \"sha256\": \(known ? "\"\(file.sha256)\"" : "null")}"
    }
}
