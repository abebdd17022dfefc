import CSVTokenizer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Settings for linting one file, the same for every file of a run unless a config section
/// changes them.
public struct LintOptions: Sendable {
    /// The import kind; nil decides from the header.
    public var kind: ImportKind?
    /// Where `kind` came from, for the JSON output's `kind_reason` (default: the command line).
    public var kindSource: String?
    /// The saved format's header fields (`--format-header`).
    public var formatHeader: [String]?
    /// `--column ROLE=NAME`.
    public var columnOverrides: [ColumnRole: String] = [:]
    /// Findings shown per rule and file before a summary finding takes over.
    public var maxPerRule = 20
    /// EN's upload limit: "Files should not exceed 20MB".
    public var maxFileBytes: Int64 = 20_000_000
    /// Reading stops here, so that a device or pipe that never ends (`/dev/zero`, a runaway
    /// export) cannot hang enlint: 1 GiB, over 50 times EN's limit, read in a second or two.
    public static let defaultMaxInputBytes: Int64 = 1 << 30
    public var maxInputBytes: Int64 = defaultMaxInputBytes
    public var tokenizerLimits = TokenizerLimits.default
    /// The tokenizer's vectorised scanning; off, it walks byte by byte (same results, slower).
    public var fastPath = true
    /// With the fast path, a regular file is tokenized in place through mapped windows
    /// (`FileInput`) rather than read(2) chunks. The records and findings are the same, but for
    /// where a record over `tokenizerLimits.maxRecordBytes` is cut (the bound applies when bytes
    /// are moved, and a window moves none; with the default bounds no window holds such a
    /// record): tests that cut records under tiny bounds read.
    public var mapsFiles = true

    public init() {}
}

/// One file's outcome.
public struct FileResult: Sendable {
    public var path: String
    public var diagnostics: [Diagnostic]
    public var facts: FileFacts
    /// The kind the file was linted as (nil when its content was not text).
    public var kind: KindDecision?
    /// Offending rows and campaign IDs, for reports that show the file's content.
    public var sample = ReportSample()

    public func count(_ severity: Severity) -> Int {
        diagnostics.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) }
    }
}

/// Errors of the tool itself about one input (never lint findings).
public enum LintInputError: Error, Equatable, CustomStringConvertible {
    case read(path: String, ReadError)
    case unknownColumn(path: String, role: ColumnRole, name: String, header: [String])

    public var description: String {
        switch self {
        case .read(let path, let error):
            "\(path): cannot read: \(error.message)"
        case .unknownColumn(let path, let role, let name, let header):
            "\(path): --column \(role.rawValue)=\(name): the header has no such column (it has: \(header.joined(separator: ", ")))"
        }
    }
}

/// Runs files through the tokenizer once and every enabled rule along the way.
public struct Linter: Sendable {
    public let ruleSet: RuleSet
    public let options: LintOptions

    public init(ruleSet: RuleSet, options: LintOptions = LintOptions()) {
        self.ruleSet = ruleSet
        self.options = options
    }

    /// Lints what can be read from `fd` (a file or a pipe) until end of input.
    public func lint(fileDescriptor fd: Int32, path: String) throws(LintInputError) -> FileResult {
        try Self.typed(path: path) { try LintRun(ruleSet: ruleSet, options: options, path: path).lint(fileDescriptor: fd) }
    }

    /// Runs `body`, turning the errors a run can throw into `LintInputError` (a read failure
    /// names the path); anything else would be a bug.
    static func typed(path: String, _ body: () throws -> FileResult) throws(LintInputError) -> FileResult {
        do {
            return try body()
        } catch let error as LintInputError {
            throw error
        } catch let error as ReadError {
            throw .read(path: path, error)
        } catch {
            fatalError("unexpected error \(error)")
        }
    }

    /// Lints `fd` and hands every record, as it passes, to `observe` with the error findings rules
    /// made on it (`"EN402 message"`, findings past the per-rule cap included): how
    /// `enlint split --quarantine` sorts rows in one streaming pass.
    public func lint(
        fileDescriptor fd: Int32, path: String, eachRecord observe: (CSVRecord, [String]) -> Void
    ) throws(LintInputError) -> FileResult {
        try withoutActuallyEscaping(observe) { (observe) throws(LintInputError) -> FileResult in
            let run = LintRun(ruleSet: ruleSet, options: options, path: path)
            run.recordObserver = observe
            run.collector.rowErrors = []
            return try Self.typed(path: path) { try run.lint(fileDescriptor: fd) }
        }
    }

    /// The kind a file with this header is linted as, and why.
    public func decideKind(header: [String]) -> KindDecision {
        LintRun.decideKind(
            options: options, columns: ColumnMap(header: header, overrides: options.columnOverrides), header: header)
    }

    /// Lints an in-memory file (tests, fuzzing, embedding).
    public func lint(bytes: [UInt8], path: String = "<memory>") throws(LintInputError) -> FileResult {
        try Self.typed(path: path) { try LintRun(ruleSet: ruleSet, options: options, path: path).lint(bytes: bytes) }
    }
}

// A rule instance and its reporter, as the engine calls them on every record. The references
// are unowned: `LintRun.instances` keeps the rules alive, and a strong reference would cost a
// retain and a release per rule per record. (A generic wrapper cannot hold an unowned
// existential, hence one small type per hook.)
struct HeaderHook { unowned(unsafe) let rule: any HeaderRule; let reporter: RuleReporter }
/// A record rule as the engine calls it on every record: its type and an unretained pointer to
/// the instance, so that a call costs no reference counting (see `RecordRule.checkRecord(of:)`).
struct RecordHook {
    let type: any RecordRule.Type
    let instance: UnsafeRawPointer
    let reporter: RuleReporter

    init(rule: any RecordRule, reporter: RuleReporter) {
        type = Swift.type(of: rule)
        instance = UnsafeRawPointer(Unmanaged.passUnretained(rule as AnyObject).toOpaque())
        self.reporter = reporter
    }

    @inline(__always)
    func check(_ record: CSVRecord) {
        type.checkRecord(of: instance, record, report: reporter)
    }

    @inline(__always)
    func check(_ batch: RecordBatch) {
        type.checkRecords(of: instance, batch, report: reporter)
    }
}
struct SyntaxHook { unowned(unsafe) let rule: any SyntaxRule; let reporter: RuleReporter }
struct FileHook { unowned(unsafe) let rule: any FileRule; let reporter: RuleReporter }

/// The state of linting one file.
final class LintRun {
    let ruleSet: RuleSet
    let options: LintOptions
    let path: String
    let tokenizer: CSVTokenizer
    let collector: DiagnosticCollector
    @exclusivity(unchecked) var facts = FileFacts()
    var kind: KindDecision?

    // Rule instances, created once the header is known, split by the hooks they implement.
    var headerRules: [HeaderHook] = []
    @exclusivity(unchecked) var recordRules: [RecordHook] = []
    var syntaxRules: [SyntaxHook] = []
    var fileRules: [FileHook] = []
    /// Owns the rule instances; the hook lists refer to them without counting references.
    var instances: [any Rule] = []
    var rulesReady = false
    /// Campaign IDs of a transaction file, for the report (nil for other files).
    var campaignIDs: ColumnValueTally?
    /// Sees every record after the rules did (see `Linter.lint(fileDescriptor:path:eachRecord:)`).
    var recordObserver: ((CSVRecord, [String]) -> Void)?

    /// The line each terminator kind (by raw value) first ended, 0 for not yet: an array, not a
    /// dictionary, because it is checked on every record.
    @exclusivity(unchecked) var firstTerminatorLine = [0, 0, 0]

    // Invalid UTF-8 bookkeeping.
    var invalidSample: [UInt8] = []
    static let invalidSampleLimit = 64 << 10
    var lastInvalidLine = 0

    init(ruleSet: RuleSet, options: LintOptions, path: String) {
        self.ruleSet = ruleSet
        self.options = options
        self.path = path
        tokenizer = CSVTokenizer(limits: options.tokenizerLimits, fastPath: options.fastPath)
        collector = DiagnosticCollector(rules: ruleSet.rules, maxPerRule: options.maxPerRule)
    }

    func lint(fileDescriptor fd: Int32) throws -> FileResult {
        // Never past the bound, so that "stopped at N bytes" means N. The reference path reads
        // only with read(2): `--no-fast-path` checks the mapped windows too.
        let input = FileInput(fileDescriptor: fd, limit: options.maxInputBytes, chunkSize: options.tokenizerLimits.chunkSize,
                              mapping: options.fastPath && options.mapsFiles)
        // The tokenizer reads the mapped window until the last record is drained.
        return try withExtendedLifetime(input) { () throws -> FileResult in
            var first = true
            while true {
                if tokenizer.bytesRead >= options.maxInputBytes {
                    facts.stoppedAtInputLimit = true
                    break
                }
                let n = try input.feed(tokenizer)
                if first {
                    first = false
                    facts.content = ContentSniffer.sniff(tokenizer.unscannedBytes)
                    if !facts.content.isTokenized {
                        return try skipContent(fd: fd)
                    }
                }
                try drainRecords()
                if n == 0 { break }
            }
            tokenizer.finishInput()
            try drainRecords()
            return try finish()
        }
    }

    func lint(bytes: [UInt8]) throws -> FileResult {
        facts.content = bytes.withUnsafeBufferPointer { ContentSniffer.sniff($0) }
        if !facts.content.isTokenized {
            facts.byteCount = Int64(bytes.count)
            facts.firstNUL = bytes.withUnsafeBufferPointer { ContentSniffer.firstNUL(in: $0) }
            return try finish()
        }
        var rest = bytes[...]
        repeat {
            let piece = rest.prefix(options.tokenizerLimits.chunkSize)
            piece.withUnsafeBytes { tokenizer.append($0) }
            rest = rest.dropFirst(piece.count)
            try drainRecords()
        } while !rest.isEmpty
        tokenizer.finishInput()
        try drainRecords()
        return try finish()
    }

    /// The content is not CSV text: only count its size.
    func skipContent(fd: Int32) throws -> FileResult {
        facts.firstNUL = ContentSniffer.firstNUL(in: tokenizer.unscannedBytes)
        var total = tokenizer.bytesRead
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        while total < options.maxInputBytes {
            let wanted = Int(clamping: min(Int64(scratch.count), options.maxInputBytes - total))
            let n = scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, wanted) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(errno: errno)
            }
            if n == 0 { break }
            total += Int64(n)
        }
        facts.stoppedAtInputLimit = total >= options.maxInputBytes
        facts.byteCount = total
        return try finish()
    }

    /// Reads every complete record the tokenizer holds. Records come a batch at a time and each
    /// record rule sees the whole batch in one call, so that a rule costs one dynamic call per
    /// few thousand records, not one per record. Split's quarantine needs each record's findings
    /// before the next record, so with an observer the records go one at a time instead.
    func drainRecords() throws {
        if recordObserver != nil { return try drainRecordsOneByOne() }
        while let batch = tokenizer.nextBatch() {
            var rows = batch
            if batch[0].number == 1 {
                try readHeader(batch[0])
                rows = batch.dropFirst(1)
            }
            guard !rows.isEmpty else { continue }
            observe(rows)
            for hook in recordRules { hook.check(rows) }
            if rows.hasEvents {
                for i in 0..<rows.count {
                    let record = rows[i]
                    if record.hasEvents { checkSyntax(of: record) }
                }
            }
        }
    }

    func drainRecordsOneByOne() throws {
        while tokenizer.nextRecord() {
            let record = tokenizer.record
            if record.number == 1 {
                try readHeader(record)
            } else {
                observe(record)
                for hook in recordRules { hook.check(record) }
                if record.hasEvents { checkSyntax(of: record) }
            }
            if let recordObserver {
                recordObserver(record, collector.rowErrors!)
                collector.rowErrors!.removeAll(keepingCapacity: true)
            }
        }
    }

    /// The header: the engine's own checks, then the rules are set up and see it.
    func readHeader(_ record: CSVRecord) throws {
        checkBytes(of: record)
        noteTerminator(of: record)
        try setUpRules(header: record)
        for hook in headerRules { hook.rule.checkHeader(record, report: hook.reporter) }
        if record.hasEvents { checkSyntax(of: record) }
    }

    /// The engine's own bookkeeping for data records, a batch at a time: bytes, terminators,
    /// blank lines, campaign IDs. A record the tokenizer saw to be plain ASCII text (the usual
    /// case) needs no test of its bytes: the tokenizer's scan already looked at each of them.
    func observe(_ rows: RecordBatch) {
        if !facts.hasNonWhitespace { noteNonWhitespace(rows.bytes) }
        // Only a terminator kind first counted in this batch has a first line to find.
        let counts = tokenizer.terminatorCounts
        let newKind = (counts.lf > 0 && firstTerminatorLine[0] == 0) || (counts.crlf > 0 && firstTerminatorLine[1] == 0)
            || (counts.cr > 0 && firstTerminatorLine[2] == 0)
        // The usual batch: no blank line (a blank line is one field) and no new terminator
        // kind, so only the records not known to be plain ASCII need a look (a name with an
        // accent), and a batch that is all plain ASCII none.
        if rows.fewestFields > 1 && !newKind {
            if !rows.isKnownPlainASCII {
                rows.forEachRecordNotKnownPlainASCII { checkUnmarkedBytes(of: $0) }
            }
            campaignIDs?.observe(rows)
            return
        }
        // A local, so that the loop does not write the facts per row.
        var blanks = 0
        for i in 0..<rows.count {
            let record = rows[i]
            if !record.isKnownPlainASCII { checkBytes(of: record) }
            if newKind { noteTerminator(of: record) }
            if record.isBlankLine { blanks += 1 }
        }
        facts.blankRecordCount += blanks
        campaignIDs?.observe(rows)
    }

    func observe(_ record: CSVRecord) {
        checkBytes(of: record)
        noteTerminator(of: record)
        if record.isBlankLine { facts.blankRecordCount += 1 }
        campaignIDs?.observe(record)
    }

    @inline(__always)
    func noteTerminator(of record: CSVRecord) {
        if let terminator = record.terminator, firstTerminatorLine[Int(terminator.rawValue)] == 0 {
            firstTerminatorLine[Int(terminator.rawValue)] = record.endLine
        }
    }

    func checkSyntax(of record: CSVRecord) {
        for event in record.events {
            for hook in syntaxRules { hook.rule.checkSyntax(event, in: record, report: hook.reporter) }
        }
    }

    /// `checkBytes` out of line: the loop that looks for the few records needing it then keeps
    /// its few values in registers.
    @inline(never)
    func checkUnmarkedBytes(of record: CSVRecord) {
        checkBytes(of: record)
    }

    /// UTF-8 validity and NUL bytes: the fast path is one ASCII test per record.
    @inline(__always)
    func checkBytes(of record: CSVRecord) {
        let bytes = record.rawBytes
        if !facts.hasNonWhitespace { noteNonWhitespace(bytes) }
        if ByteSearch.isPlainASCII(bytes) { return }
        if record.spans.contains(where: { $0.flags.contains(.truncated) }) {
            // A field over the bounds: only its kept part is checked. How much more of it is
            // still in the buffer depends on where reads ended (a mapped window keeps it all),
            // and the findings must not. The bytes between fields are delimiters: no problems.
            for i in 0..<record.storedFieldCount {
                checkBytes(record.rawBytes(i), at: record.span(i).start, of: record)
            }
        } else {
            checkBytes(bytes, at: record.startPosition, of: record)
        }
    }

    /// Counts and locates the NUL and invalid UTF-8 bytes of `bytes`, which lie from buffer
    /// position `start` in `record`.
    func checkBytes(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int32, of record: CSVRecord) {
        ByteScan.findProblems(bytes) { index, problem in
            switch problem {
            case .nul:
                facts.nulCount += 1
                if facts.firstNUL == nil { facts.firstNUL = record.location(of: start + Int32(index)) }
            case .invalidUTF8:
                let position = record.location(of: start + Int32(index))
                if facts.invalidUTF8 == nil {
                    facts.invalidUTF8 = InvalidUTF8Facts(first: position, count: 0, lineCount: 0, detected: nil)
                }
                facts.invalidUTF8!.count += 1
                if position.line != lastInvalidLine {
                    lastInvalidLine = position.line
                    facts.invalidUTF8!.lineCount += 1
                    if invalidSample.count < Self.invalidSampleLimit {
                        let line = record.physicalLine(containing: start + Int32(index))
                        invalidSample.append(contentsOf: line.prefix(Self.invalidSampleLimit - invalidSample.count))
                        invalidSample.append(0x0A)
                    }
                }
            }
        }
    }

    func noteNonWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes where !(b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D) {
            facts.hasNonWhitespace = true
            return
        }
    }

    /// Decides the kind and column roles from the header, then creates the rule instances.
    func setUpRules(header record: CSVRecord?) throws {
        let header = record?.strings ?? []
        facts.header = header
        let columns = ColumnMap(header: header, overrides: options.columnOverrides)
        if let (role, name) = columns.unresolvedOverrides.first, !header.isEmpty {
            throw LintInputError.unknownColumn(path: path, role: role, name: name, header: header)
        }
        let decision = Self.decideKind(options: options, columns: columns, header: header)
        kind = decision
        let context = RuleContext(
            kind: decision, header: header, columns: columns, formatHeader: options.formatHeader,
            maxFileBytes: options.maxFileBytes, tokenizerLimits: options.tokenizerLimits)
        // Shared with the rules: EN404 and EN401 screen the campaign-ID column as the tally does.
        if decision.kind == .transactions, let column = columns[.campaignID] {
            campaignIDs = ColumnValueTally(
                runs: context.columnRuns.runs(ofColumn: column), limit: ReportSample.campaignIDLimit)
        }
        for (index, configured) in ruleSet.rules.enumerated() {
            let d = configured.type.description
            guard d.kinds.contains(decision.kind) else { continue }
            guard facts.content.isTokenized || !d.needsText else { continue }
            let rule = configured.type.init(context: context)
            let reporter = RuleReporter(collector: collector, ruleIndex: index)
            instances.append(rule)
            if let r = rule.asHeaderRule { headerRules.append(HeaderHook(rule: r, reporter: reporter)) }
            if let r = rule.asRecordRule { recordRules.append(RecordHook(rule: r, reporter: reporter)) }
            if let r = rule.asSyntaxRule { syntaxRules.append(SyntaxHook(rule: r, reporter: reporter)) }
            if let r = rule.asFileRule { fileRules.append(FileHook(rule: r, reporter: reporter)) }
        }
        rulesReady = true
    }

    static func decideKind(options: LintOptions, columns: ColumnMap, header: [String]) -> KindDecision {
        if let kind = options.kind {
            return KindDecision(kind: kind, reason: options.kindSource ?? "given with --kind \(kind.rawValue)")
        }
        if let campaign = columns[.campaignID], let when = columns[.date] ?? columns[.time] {
            return KindDecision(
                kind: .transactions,
                reason: "the header has a campaign ID column (\(header[campaign])) and a date or time column (\(header[when]))")
        }
        return KindDecision(kind: .supporters, reason: "the header has no campaign ID column with a date or time column")
    }

    func finish() throws -> FileResult {
        if facts.content.isTokenized {
            facts.byteCount = tokenizer.bytesRead
            facts.hasBOM = tokenizer.hasBOM
            facts.recordCount = tokenizer.recordCount
            let counts = tokenizer.terminatorCounts
            facts.terminatorCounts = [.lf: counts.lf, .crlf: counts.crlf, .cr: counts.cr].filter { $0.value > 0 }
            for kind in LineTerminator.allCases where firstTerminatorLine[Int(kind.rawValue)] > 0 {
                facts.firstTerminatorLine[kind] = firstTerminatorLine[Int(kind.rawValue)]
            }
            if !invalidSample.isEmpty { facts.invalidUTF8?.detected = EncodingDetector.detect(invalidSample) }
        }
        if !rulesReady { try setUpRules(header: nil) }
        for hook in fileRules { hook.rule.finish(facts, report: hook.reporter) }
        var sample = ReportSample()
        sample.rows = collector.sampledRows
        if let campaignIDs { sample.campaignIDs = campaignIDs.values }
        return FileResult(
            path: path, diagnostics: collector.finish(), facts: facts,
            kind: facts.content.isTokenized ? kind : nil, sample: sample)
    }
}
