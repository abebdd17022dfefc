// libFuzzer target for `enlint fix`: the input goes through the code the command runs (a lint
// for the file's facts, RepairPlan, FileRepairer reading a file descriptor), and the output is
// tokenized again and compared with the input's records. Build and run with
// scripts/fuzz.sh fix SECONDS.
//
// The invariant. Let IN be the records of the input (after ICU's whole-buffer conversion to
// UTF-8 when the plan transcodes: a second, independent path through ICU) and OUT those of the
// output. Then OUT is IN with exactly the documented repairs that are switched on, and nothing else:
//   - blank-rows: data records that are a blank line are gone (the header stays, blank or not);
//   - header-names / format-header: header value i is ValueRepair.headerName of the input's, then
//     the saved format's name i where the two differ only in case and spacing; a name that is
//     not UTF-8 stays byte for byte;
//   - date / time: in the date and time columns of a transactions file (as the rules find them),
//     a value ValueRepair repairs becomes the repaired text, which has EN's shape; every other
//     value is byte for byte the input's value (stray quotes included: the quoting repair only
//     writes the value the tokenizer read, escaped), and so is a value whose quote never closes,
//     which no repair touches;
//   - line-endings: every record ends with the chosen terminator, except a last record left open
//     by an unclosed quote, which gets none; switched off, each record keeps its own terminator;
//   - bom: the output starts with a UTF-8 BOM exactly when the input had one and the repair is off;
//   - the repair log counts one repair per dropped row and per changed date and time value;
//   - the output's RecordDigest equals the repairer's digest (what `fix -o` and `--in-place`
//     verify before the rename), and the repair of an input this small never fails.
// An input fix refuses (binary, or an encoding it will not guess) is a documented refusal.
import CICU
import CSVTokenizer
import ENLintCore
import ENLintRepair
import ENLintRules

#if canImport(Glibc)
import Glibc
#endif

let allRules = try! RuleSet(available: RuleRegistry.all)

/// The input file, in a scratch directory on tmpfs when there is one: created once, unlinked at
/// once (the descriptor keeps it), rewritten for each input.
let inputFile: Int32 = {
    var template = Array(((access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/enlint-fix-fuzz-XXXXXX").utf8CString)
    let fd = mkstemp(&template)
    require(fd >= 0, "cannot create the input file")
    unlink(template)
    return fd
}()

/// The default bounds with 8 KiB reads instead of 1 MiB ones: the same records from inputs of at
/// most 4 KiB, without allocating (and, under AddressSanitizer, poisoning) a megabyte each time.
let smallChunks = TokenizerLimits(chunkSize: 8192)

/// Saved formats the header repair may be given (`--format-header`).
let formatHeaders: [[String]?] = [
    nil,
    ["Email Address", "First Name", "Last Name", "Address 1", "City", "Postcode", "Country", "Phone Number", "Opt-In Newsletter"],
    ["Campaign ID", "Supporter Email", "Transaction Date", "Transaction Time", "Donation Amount"],
]

/// Encodings a user may name with `--from-encoding`.
let namedEncodings: [String?] = [nil, "windows-1252", "ISO-8859-2", "UTF-16BE"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fixFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    var config = ConfigBytes(input)
    var lintOptions = LintOptions()
    lintOptions.tokenizerLimits = smallChunks
    lintOptions.kind = [nil, ImportKind.supporters, .transactions][config.next(in: 0...2)]
    lintOptions.formatHeader = formatHeaders[config.next(in: 0...2)]
    let linter = Linter(ruleSet: allRules, options: lintOptions)
    var options = RepairOptions(selection: selection(&config))
    options.lineEnding = config.next(in: 0...1) == 0 ? .crlf : .lf
    options.dateOrder = [nil, ValueRepair.DateOrder.mdy, .dmy][config.next(in: 0...2)]
    options.fromEncoding = namedEncodings[config.next(in: 0...3)]
    options.maxPerKind = 2

    // ftruncate keeps the offset where the last read left it: rewind first, or a hole of NULs
    // would lead every input.
    lseek(inputFile, 0, SEEK_SET)
    require(ftruncate(inputFile, 0) == 0 && AtomicFile.writeAll(UnsafeRawBufferPointer(input), to: inputFile) == 0,
            "cannot write the input file")
    lseek(inputFile, 0, SEEK_SET)
    let facts: FileFacts
    do {
        facts = try linter.lint(fileDescriptor: inputFile, path: "fuzz.csv").facts
    } catch {
        require(false, "the lint failed: \(error)")
        return 0
    }
    let plan: RepairPlan
    do {
        plan = try RepairPlan(facts: facts, options: options)
    } catch {
        // FIX_FUZZ_TRACE=1: say why, to see how much of a corpus gets past the plan.
        if getenv("FIX_FUZZ_TRACE") != nil { fputs("refused: \(error)\n", stderr) }
        return 0  // binary data, or an encoding fix will not guess: refused, as documented
    }
    lseek(inputFile, 0, SEEK_SET)
    let repairer = FileRepairer(options: options, linter: linter, plan: plan)
    var output: [UInt8] = []
    do {
        try repairer.repair(fileDescriptor: inputFile, write: { output.append(contentsOf: $0) })
    } catch {
        require(false, "the repair failed: \(error)")
    }

    let source = plan.converter.map { convertWhole(input, from: $0) } ?? Array(input)
    let before = ReadBack(source)
    let after = ReadBack(output)
    require(after.digest == repairer.digest, "the output reads back as other records than the repairer wrote")
    RepairCheck(options: options, linter: linter, plan: plan, log: repairer.log).check(before: before, after: after, output: output)
    return 0
}

/// All repairs three times in four; otherwise the subset the next two bytes choose.
func selection(_ config: inout ConfigBytes) -> RepairSelection {
    var selection = try! RepairSelection()
    guard config.next(in: 0...3) == 0 else { return selection }
    let mask = config.next(in: 0...255) | config.next(in: 0...1) << 8
    for (bit, kind) in RepairKind.allCases.enumerated() where mask & (1 << bit) == 0 {
        selection.enabled.remove(kind)
    }
    return selection
}

/// The input as UTF-8 through ICU's one-shot `ucnv_convert`, not the streaming converter fix uses.
func convertWhole(_ input: UnsafeBufferPointer<UInt8>, from encoding: String) -> [UInt8] {
    let capacity = 4 * input.count + 16
    var out = [UInt8](repeating: 0, count: capacity)
    let written = out.withUnsafeMutableBufferPointer {
        enlint_convert_to_utf8(encoding, input.baseAddress, Int32(input.count), $0.baseAddress, Int32(capacity))
    }
    require(written >= 0, "ICU cannot convert from \(encoding) whole (\(written)) but fix converted it")
    return Array(out.prefix(Int(written)))
}

/// A file's records as the tokenizer reads them: values, blank-line marks, terminators.
struct ReadBack {
    var values: [[[UInt8]]] = []
    var blank: [Bool] = []
    var terminators: [LineTerminator?] = []
    var lastUnclosed = false
    var hasBOM = false
    var digest = RecordDigest()

    init(_ bytes: [UInt8]) {
        let tokenizer = CSVTokenizer(limits: smallChunks)
        bytes.withUnsafeBytes { tokenizer.append($0) }
        tokenizer.finishInput()
        while tokenizer.nextRecord() {
            let record = tokenizer.record
            require(!record.isTruncated && record.storedFieldCount == record.fieldCount, "a small input's record was truncated")
            values.append((0..<record.storedFieldCount).map { Array(record.value($0)) })
            blank.append(record.isBlankLine)
            terminators.append(record.terminator)
            lastUnclosed = (0..<record.storedFieldCount).contains { record.span($0).flags.contains(.unclosed) }
            digest.add(record)
        }
        hasBOM = tokenizer.hasBOM
    }
}

/// What the output must be, given the input, the options and the plan (see the top of the file).
struct RepairCheck {
    let options: RepairOptions
    let linter: Linter
    let plan: RepairPlan
    let log: RepairLog

    func on(_ kind: RepairKind) -> Bool { options.selection.contains(kind) }

    func check(before: ReadBack, after: ReadBack, output: [UInt8]) {
        require(output.starts(with: [0xEF, 0xBB, 0xBF]) == plan.keepBOM, "BOM written: \(!plan.keepBOM), to keep: \(plan.keepBOM)")
        require(!plan.keepBOM || before.hasBOM, "a BOM kept that the input did not have")

        var expected: [[[UInt8]]] = []
        var terminators: [LineTerminator?] = []
        var dropped = 0
        var changed: [RepairKind: Int] = [:]
        let columns = before.values.first.map(dateAndTimeColumns) ?? (date: nil, time: nil)
        for (n, values) in before.values.enumerated() {
            if n > 0 && before.blank[n] && on(.blankRows) {
                dropped += 1
                continue
            }
            let last = n == before.values.count - 1
            // Only the last value of the last record can be unclosed (it runs to the end).
            let open = { (i: Int) in last && before.lastUnclosed && i == values.count - 1 }
            if n == 0 {
                expected.append(values.indices.map { open($0) ? values[$0] : header(values, $0) })
            } else {
                expected.append(values.indices.map { i in
                    let kind: RepairKind? = open(i) ? nil : i == columns.date ? .date : i == columns.time ? .time : nil
                    guard let kind, let repaired = repaired(values[i], kind) else { return values[i] }
                    changed[kind, default: 0] += 1
                    return repaired
                })
            }
            terminators.append(last && before.lastUnclosed ? nil : on(.lineEndings) ? options.lineEnding : before.terminators[n])
        }
        require(after.values.count == expected.count, "\(after.values.count) records written, \(expected.count) expected")
        for (n, values) in expected.enumerated() where after.values[n] != values {
            require(false, "record \(n + 1) written as \(show(after.values[n])), expected \(show(values))")
        }
        require(after.terminators == terminators, "terminators \(after.terminators), expected \(terminators)")
        require(after.lastUnclosed == before.lastUnclosed, "an unclosed quote opened or closed")
        require(log.counts[.blankRows, default: 0] == dropped, "\(log.counts[.blankRows, default: 0]) blank rows logged, \(dropped) dropped")
        for kind in [RepairKind.date, .time] {
            require(log.counts[kind, default: 0] == changed[kind, default: 0], "\(kind) repairs logged: \(log.counts[kind, default: 0]), made: \(changed[kind, default: 0])")
        }
    }

    /// Header value `i` as the header repairs leave it: a UTF-8 name without the padding at its
    /// ends, then perhaps the saved format's name; a name that is not UTF-8 byte for byte.
    func header(_ values: [[UInt8]], _ i: Int) -> [UInt8] {
        guard let name = String(validating: values[i], as: UTF8.self) else { return values[i] }
        var repaired = on(.headerNames) ? ValueRepair.headerName(name) : name
        if on(.formatHeader), let format = linter.options.formatHeader, format.count == values.count,
            repaired != format[i], ValueRepair.sameHeaderName(repaired, format[i])
        {
            repaired = format[i]
        }
        return Array(repaired.utf8)
    }

    /// The date and time columns, found as the rules find them: on the repaired header names,
    /// and only in a transactions file.
    func dateAndTimeColumns(header values: [[UInt8]]) -> (date: Int?, time: Int?) {
        let header = values.map { ValueRepair.headerName(String(decoding: $0, as: UTF8.self)) }
        guard linter.decideKind(header: header).kind == .transactions else { return (nil, nil) }
        let columns = ColumnMap(header: header, overrides: linter.options.columnOverrides)
        return (columns[.date], columns[.time])
    }

    /// The repaired value, which must have EN's shape; nil when the value stays.
    func repaired(_ value: [UInt8], _ kind: RepairKind) -> [UInt8]? {
        guard on(kind) else { return nil }
        let outcome = value.withUnsafeBufferPointer {
            kind == .date ? ValueRepair.date($0, order: options.dateOrder) : ValueRepair.time($0)
        }
        guard case .repaired(let text) = outcome else { return nil }
        let shape = kind == .date ? "dddd-dd-dd" : "dd:dd:dd"
        require(text.utf8.count == shape.utf8.count && zip(text.utf8, shape.utf8).allSatisfy { $1 == UInt8(ascii: "d") ? (0x30...0x39).contains($0) : $0 == $1 },
                "\(kind) repaired to \"\(text)\", not \(shape)")
        return Array(text.utf8)
    }

    /// Values for a message: printable ASCII as it is, other bytes as \xNN.
    func show(_ values: [[UInt8]]) -> String {
        let digits = Array("0123456789abcdef")
        return "[" + values.map { value in
            "\"" + String(value.flatMap { b -> [Character] in
                (0x20..<0x7F).contains(b) && b != 0x5C ? [Character(Unicode.Scalar(b))] : ["\\", "x", digits[Int(b >> 4)], digits[Int(b & 15)]]
            }) + "\""
        }.joined(separator: ", ") + "]"
    }
}
