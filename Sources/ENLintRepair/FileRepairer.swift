import CICU
import CSVTokenizer
import ENLintCore
import ENLintRules

/// Settings of `enlint fix`.
public struct RepairOptions: Sendable {
    public var selection: RepairSelection
    /// The terminator every record gets (`--eol`); CRLF, as Excel and EN's own exports write.
    public var lineEnding: LineTerminator = .crlf
    public var dateOrder: ValueRepair.DateOrder?
    /// `--from-encoding`: the input's encoding when ICU's guess is not good enough.
    public var fromEncoding: String?
    public var maxPerKind = 20

    public init(selection: RepairSelection) {
        self.selection = selection
    }
}

/// What `enlint fix` refuses to do, and why (exit status 2).
public enum RepairError: Error, CustomStringConvertible {
    case notText(String)
    case uncertainEncoding(DetectedEncoding)
    /// ICU's guess is not ASCII-based (EBCDIC `IBM420_rtl`, say), or names no converter.
    case implausibleEncoding(DetectedEncoding)
    case unknownEncoding
    case recordTooLarge(line: Int)
    case tooManyValues(line: Int, count: Int, kept: Int)
    case transcoding(String)
    case read(ReadError)
    case stoppedAtInputLimit(Int64)

    public var description: String {
        switch self {
        case .notText(let what):
            "the file is \(what), not CSV text: nothing to repair"
        case .uncertainEncoding(let guess):
            "the file is not UTF-8, and ICU only guesses \(guess.name) (confidence \(guess.confidence)%): "
                + "name the encoding, e.g. --from-encoding \(guess.name) (Excel on Windows writes windows-1252)"
        case .implausibleEncoding(let guess):
            "the file is not UTF-8, and ICU guesses \(guess.name) (confidence \(guess.confidence)%), which cannot be right "
                + "for a file whose commas and line breaks read as ASCII: name the encoding, e.g. --from-encoding windows-1252"
        case .unknownEncoding:
            "the file is not UTF-8 and ICU cannot tell its encoding: name it with --from-encoding (e.g. windows-1252)"
        case .recordTooLarge(let line):
            RecordBounds.tooLarge(line: line)
        case .tooManyValues(let line, let count, let kept):
            "the record on line \(line) has \(count) values, more than enlint keeps (\(kept) a row): it cannot be copied whole"
        case .transcoding(let message):
            message
        case .read(let error):
            "cannot read: \(error.message)"
        case .stoppedAtInputLimit(let bytes):
            InputLimitReached(bytes: bytes).description
        }
    }
}

/// Why fix and split stop at a record the tokenizer could not keep whole.
enum RecordBounds {
    static func tooLarge(line: Int) -> String {
        "the record on line \(line) is larger than enlint's bounds (1 MiB a value, 8 MiB a row), almost always an unclosed quote: it cannot be copied whole"
    }
}

/// A record whose bytes the repairs changed, for `--diff`.
public struct RecordChange {
    public var oldLine: Int
    public var oldLineCount: Int
    public var old: [UInt8]
    public var newLine: Int
    /// Empty when the record was dropped (`newLineCount` 0).
    public var new: [UInt8]
    public var newLineCount: Int
}

/// How the input is decoded: straight as UTF-8, or through ICU from `converter`.
public struct RepairPlan: Sendable {
    /// ICU converter name, nil for UTF-8 input.
    public var converter: String?
    /// The encoding's name as the user knows it.
    public var shownEncoding: String?
    /// The input has a BOM that is to stay (`--skip bom`).
    public var keepBOM: Bool

    /// Decides from a lint of the input (its facts) how to read it.
    public init(facts: FileFacts, options: RepairOptions) throws(RepairError) {
        keepBOM = facts.hasBOM && !options.selection.contains(.bom)
        let transcode = options.selection.contains(.encoding)
        switch facts.content {
        case .binary(let format):
            throw .notText(format ?? "binary data")
        case .wideText(let encoding, _):
            guard transcode else { throw .notText("\(encoding) text (the encoding repair is off)") }
            // ICU reads a BOM as U+FEFF, which comes out as the UTF-8 BOM the tokenizer skips.
            converter = encoding
            shownEncoding = encoding
        case .text:
            guard transcode, let invalid = facts.invalidUTF8 else { return }
            if let given = options.fromEncoding {
                converter = Self.converterName(given)
                shownEncoding = given
            } else if let guess = invalid.detected {
                guard guess.confidence >= Self.confidenceNeeded else { throw .uncertainEncoding(guess) }
                let name = Self.converterName(guess.name)
                guard Self.readsASCIIAsASCII(name) else { throw .implausibleEncoding(guess) }
                converter = name
                shownEncoding = guess.name
            } else {
                throw .unknownEncoding
            }
        }
    }

    /// ICU's confidence below which a guess is not acted on. Higher than lint's 50 for saying
    /// "looks like": a wrong conversion garbles every accented name, and ICU gives 50 to a
    /// one-line windows-1252 file it calls ISO-8859-2.
    static let confidenceNeeded = 60

    /// Whether converter `name` exists and turns ASCII text into itself. A file with text
    /// content was read as CSV through its ASCII commas, quotes and line breaks, so only such an
    /// encoding can be its own; ICU's detector also names EBCDIC ones (`IBM420_rtl`, which is not
    /// even a converter name). A name the user gives is taken as it is.
    static func readsASCIIAsASCII(_ name: String) -> Bool {
        let ascii: [UInt8] = [0x09, 0x0A, 0x0D] + Array(0x20...0x7E)
        var out = [UInt8](repeating: 0, count: 4 * ascii.count)
        let written = out.withUnsafeMutableBufferPointer { target in
            ascii.withUnsafeBufferPointer {
                enlint_convert_to_utf8(name, $0.baseAddress, Int32($0.count), target.baseAddress, Int32(target.count))
            }
        }
        return written == ascii.count && out.prefix(ascii.count).elementsEqual(ascii)
    }

    /// ICU's name for an encoding as people write it. ISO-8859-1 is read as windows-1252, as
    /// browsers do: the two differ only in 0x80-0x9F, where a Latin-1 file holds control codes
    /// nobody types and an Excel file holds € and typographic quotes. ICU wants "cp1252":
    /// "windows-1252" is an ambiguous alias to it.
    static func converterName(_ name: String) -> String {
        let aliases = ["windows-1252", "cp1252", "iso-8859-1", "iso8859-1", "latin1", "latin-1"]
        return aliases.contains(name.lowercased()) ? "cp1252" : name
    }
}

/// Streams one file through the repairs, record by record: the input is never held whole, and
/// the output goes to `write` as it is made.
public final class FileRepairer {
    let options: RepairOptions
    let linter: Linter
    let plan: RepairPlan
    public private(set) var log: RepairLog
    /// The records as written, for verifying the output before it replaces anything.
    public private(set) var digest = RecordDigest()

    // Per file, from the header.
    var dateColumn: Int?
    var timeColumn: Int?
    var out: [UInt8] = []
    var nextNewLine = 1
    let terminator: [UInt8]

    public init(options: RepairOptions, linter: Linter, plan: RepairPlan) {
        self.options = options
        self.linter = linter
        self.plan = plan
        log = RepairLog(maxPerKind: options.maxPerKind)
        terminator = CSVField.terminatorBytes(options.lineEnding)
    }

    func enabled(_ kind: RepairKind) -> Bool { options.selection.contains(kind) }

    public func repair(
        fileDescriptor fd: Int32, write: (UnsafeBufferPointer<UInt8>) -> Void,
        changed: ((RecordChange) -> Void)? = nil
    ) throws(RepairError) {
        var feed = RecordFeed(fd: fd)
        feed.maxBytes = linter.options.maxInputBytes
        if let converter = plan.converter {
            do {
                feed.transcoder = try Transcoder(encoding: converter, fd: fd)
            } catch {
                throw .transcoding(error.description)
            }
            log.note(.encoding, line: 1, plan.shownEncoding ?? converter, "UTF-8")
        }
        if plan.keepBOM { [0xEF, 0xBB, 0xBF].withUnsafeBufferPointer(write) }
        let tokenizer: CSVTokenizer
        do {
            tokenizer = try feed.forEachRecord { record throws(RepairError) in
                try repairRecord(record, write: write, changed: changed)
                return true
            }
        } catch let error as RepairError {
            throw error
        } catch let error as ReadError {
            throw .read(error)
        } catch let limit as InputLimitReached {
            throw .stoppedAtInputLimit(limit.bytes)
        } catch {
            throw .transcoding("\(error)")
        }
        if tokenizer.hasBOM && !plan.keepBOM { log.note(.bom, line: 1, "byte order mark", "none") }
    }

    func repairRecord(
        _ record: CSVRecord, write: (UnsafeBufferPointer<UInt8>) -> Void, changed: ((RecordChange) -> Void)?
    ) throws(RepairError) {
        if record.isTruncated { throw .recordTooLarge(line: record.line) }
        // Values past the bound keep no span: the record is written value by value, so they
        // would be lost (and the verification, which reads the same bound, would not see it).
        if record.fieldCount > record.storedFieldCount {
            throw .tooManyValues(line: record.line, count: record.fieldCount, kept: record.storedFieldCount)
        }
        if record.number == 1 { setUpColumns(header: record) }
        if record.number > 1 && record.isBlankLine && enabled(.blankRows) {
            log.note(.blankRows, line: record.line, "blank row", "removed")
            changed?(RecordChange(
                oldLine: record.line, oldLineCount: 1, old: [], newLine: nextNewLine, new: [], newLineCount: 0))
            return
        }
        out.removeAll(keepingCapacity: true)
        var unclosed = false
        for i in 0..<record.storedFieldCount {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let span = record.span(i)
            // A quote that never closes runs to the end of the file: no repair may touch that
            // value (a header or date repair would write it closed, hiding the missing quote).
            let open = span.flags.contains(.unclosed)
            if !open, let replacement = replacement(for: i, of: record) {
                CSVField.append(replacement, to: &out)
                var copy = replacement
                copy.withUTF8 { digest.addField($0) }
            } else if span.flags.contains(.strayQuote) && !open && enabled(.quoting) {
                // Written as the tokenizer read it: stray quotes become literal, doubled ones.
                let start = out.count
                let value = record.value(i)
                CSVField.append(value, to: &out)
                digest.addField(value)
                let raw = String(decoding: record.rawBytes(i), as: UTF8.self)
                log.note(.quoting, line: record.line, raw, String(decoding: out[start...], as: UTF8.self))
            } else {
                out.append(contentsOf: record.rawBytes(i))
                digest.addField(record.value(i))
                // Left as it is, for the lint to report; a terminator after it would join the value.
                if open { unclosed = true }
            }
        }
        digest.endRecord()
        let ending: [UInt8]
        if unclosed {
            ending = []
        } else if enabled(.lineEndings) {
            ending = terminator
            if record.terminator != options.lineEnding {
                log.note(.lineEndings, line: record.endLine, record.terminator?.name ?? "no line break", options.lineEnding.name)
            }
        } else {
            ending = record.terminator.map(CSVField.terminatorBytes) ?? []
        }
        let newLineCount = Self.lineCount(out)
        if let changed, !out.elementsEqual(record.rawBytes) {
            changed(RecordChange(
                oldLine: record.line, oldLineCount: record.endLine - record.line + 1, old: Array(record.rawBytes),
                newLine: nextNewLine, new: out, newLineCount: newLineCount))
        }
        nextNewLine += newLineCount
        out.append(contentsOf: ending)
        out.withUnsafeBufferPointer(write)
    }

    /// The repaired value of field `i`, nil to keep it as it is (and for repairs that are off).
    func replacement(for i: Int, of record: CSVRecord) -> String? {
        if record.number == 1 { return headerReplacement(for: i, of: record) }
        let kind: RepairKind
        let outcome: ValueRepair.Outcome
        if i == dateColumn && enabled(.date) {
            kind = .date
            outcome = ValueRepair.date(record.value(i), order: options.dateOrder)
        } else if i == timeColumn && enabled(.time) {
            kind = .time
            outcome = ValueRepair.time(record.value(i))
        } else {
            return nil
        }
        guard case .repaired(let text) = outcome else { return nil }
        log.note(kind, line: record.line, "\"\(record.string(i))\"", "\"\(text)\"")
        return text
    }

    func headerReplacement(for i: Int, of record: CSVRecord) -> String? {
        // A name that is not UTF-8 (let through by --skip encoding) is left alone: as a String
        // its bytes would become U+FFFD, and no saved format's name can match it anyway.
        guard let name = String(validating: record.value(i), as: UTF8.self) else { return nil }
        var repaired = name
        if enabled(.headerNames) {
            repaired = ValueRepair.headerName(name)
            if repaired != name { log.note(.headerNames, line: record.line, "\"\(name)\"", "\"\(repaired)\"") }
        }
        if enabled(.formatHeader), let format = linter.options.formatHeader, format.count == record.storedFieldCount,
            i < format.count, repaired != format[i], ValueRepair.sameHeaderName(repaired, format[i])
        {
            log.note(.formatHeader, line: record.line, "\"\(repaired)\"", "\"\(format[i])\" (the saved format's name)")
            repaired = format[i]
        }
        return repaired == name ? nil : repaired
    }

    /// Finds the date and time columns of a transaction file, as the rules will (same header
    /// repairs, same `--column` overrides, same kind decision).
    func setUpColumns(header record: CSVRecord) {
        let header = (0..<record.storedFieldCount).map { ValueRepair.headerName(record.string($0)) }
        guard linter.decideKind(header: header).kind == .transactions else { return }
        let columns = ColumnMap(header: header, overrides: linter.options.columnOverrides)
        dateColumn = columns[.date]
        timeColumn = columns[.time]
    }

    /// Physical lines in a record's bytes (its line breaks inside quotes, plus one).
    static func lineCount(_ bytes: [UInt8]) -> Int {
        var lines = 1
        for (i, b) in bytes.enumerated() where b == 0x0A || (b == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A)) {
            lines += 1
        }
        return lines
    }
}
