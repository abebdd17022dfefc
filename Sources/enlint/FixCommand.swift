import ArgumentParser
import CSVTokenizer
import ENLintCore
import ENLintRepair
import ENLintRules

#if canImport(Glibc)
import Glibc
#endif

enum LineEndingChoice: String, ArgumentChoice {
    case crlf, lf

    var terminator: LineTerminator { self == .crlf ? .crlf : .lf }
}

extension ValueRepair.DateOrder: ExpressibleByArgument {}

/// `enlint fix FILE -o OUT | --in-place | --diff`: the mechanical repairs, then the lint of the
/// result, whose exit status it takes.
struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Repair what can be repaired safely, then lint the result.",
        discussion: """
            Repairs (names for --only/--skip, or their rule ids): \(RepairKind.allCases.map { "\($0.rawValue) (\($0.ruleID))" }.joined(separator: ", ")).
            What cannot be repaired safely is left as it is and reported by the lint that follows. The input is never modified, except by --in-place.
            """)

    @Argument(help: ArgumentHelp("The CSV file to repair.", valueName: "file"))
    var file: String

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the repaired file here.", valueName: "path"))
    var output: String?

    @Flag(name: .customLong("in-place"), help: "Replace FILE with the repaired file (after verifying it), keeping FILE.bak.")
    var inPlace = false

    @Flag(name: .customLong("no-backup"), help: "With --in-place: keep no FILE.bak.")
    var noBackup = false

    @Flag(help: "Print the changes as a unified diff of the affected lines; write nothing.")
    var diff = false

    @Option(help: ArgumentHelp("Only these repairs (names or rule ids, comma-separated). Repeatable.", valueName: "repairs"))
    var only: [String] = []

    @Option(help: ArgumentHelp("Not these repairs (names or rule ids, comma-separated). Repeatable.", valueName: "repairs"))
    var skip: [String] = []

    @Option(help: "The line break every record gets: crlf (default) or lf.")
    var eol: LineEndingChoice = .crlf

    @Option(name: .customLong("date-order"), help: "How to read dates such as 03/04/2024: mdy or dmy (otherwise they are left alone).")
    var dateOrder: ValueRepair.DateOrder?

    @Option(name: .customLong("from-encoding"), help: ArgumentHelp(
        "The input's encoding when it is not UTF-8 and ICU's guess is not confident (e.g. windows-1252).", valueName: "name"))
    var fromEncoding: String?

    @OptionGroup var settings: LintSettings

    func validate() throws {
        let modes = [output != nil, inPlace, diff].filter { $0 }.count
        if modes != 1 { throw ValidationError("give exactly one of -o PATH, --in-place or --diff") }
        if noBackup && !inPlace { throw ValidationError("--no-backup goes with --in-place") }
        if output?.isEmpty == true { throw ValidationError("-o needs a path") }
        if file == "-" { throw ValidationError("fix reads its input twice: name a file, not -") }
    }

    func run() throws {
        var info = stat()
        if stat(file, &info) == 0 && ![S_IFREG, S_IFDIR].contains(info.st_mode & S_IFMT) {
            throw ToolFailure(message: "\(file): not a regular file: fix reads its input twice (to check it, then to repair it); copy it to a file first")
        }
        let linter = try settings.linter(for: file)
        var options = RepairOptions(selection: try selection())
        options.lineEnding = eol.terminator
        options.dateOrder = dateOrder
        options.fromEncoding = fromEncoding
        options.maxPerKind = settings.maxPerRule ?? 20
        let plan: RepairPlan
        do {
            plan = try RepairPlan(facts: try InputFile.lint(file, with: linter).facts, options: options)
        } catch let error as RepairError {
            throw ToolFailure(message: "\(file): \(error.description)")
        }
        let repairer = FileRepairer(options: options, linter: linter, plan: plan)
        if diff {
            let printer = UnifiedDiff(path: file)
            try repair(repairer, write: { _ in }, changed: printer.print)
            Output.printError(repairer.log.render(path: file))
            return
        }
        let target = inPlace ? file : output!
        if !inPlace && SameFile.check(file, target) {
            throw ToolFailure(message: "-o \(target) is the input itself: use --in-place (which verifies and keeps a backup)")
        }
        let stream: AtomicFile.Stream
        do {
            stream = try InterruptCleanup.stream(at: target)
        } catch {
            throw ToolFailure(message: error.description)
        }
        defer { InterruptCleanup.disarm() }
        try repair(repairer, write: stream.write, changed: nil)
        do {
            // Flushed and synced first: a full disk or a size limit says so here, by name,
            // rather than as a file that does not read back.
            try stream.finish()
            try verify(stream, expected: repairer.digest)
            if inPlace && !noBackup { try Backup.make(of: file) }
            try stream.commit()
        } catch let failure as ToolFailure {
            throw failure
        } catch {
            throw ToolFailure(message: "\(error); \(file) is unchanged")
        }
        Output.standard.write(repairer.log.render(path: file))
        Output.standard.write("enlint: wrote \(target) (\(repairer.log.total) repair\(repairer.log.total == 1 ? "" : "s")); checking it:\n")
        let result = try InputFile.lint(target, with: linter)
        Output.standard.write(TextReporter.render([result], context: LintSettings.reportContext(for: [linter], useColor: Output.stdoutWantsColor), summary: true))
        if result.diagnostics.contains(where: { $0.severity >= .error }) { throw ExitCode(1) }
    }

    func selection() throws(ToolFailure) -> RepairSelection {
        func names(_ items: [String]) -> [String] {
            items.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty }
        }
        do {
            return try RepairSelection(only: names(only), skip: names(skip))
        } catch {
            throw ToolFailure(message: error.description)
        }
    }

    func repair(
        _ repairer: FileRepairer, write: (UnsafeBufferPointer<UInt8>) -> Void, changed: ((RecordChange) -> Void)?
    ) throws {
        let fd = try InputFile(path: file).open()
        defer { close(fd) }
        do {
            try repairer.repair(fileDescriptor: fd, write: write, changed: changed)
        } catch {
            throw ToolFailure(message: "\(file): \(error.description); nothing was written")
        }
    }

    /// Reads the written file back through the tokenizer: its records must be the ones meant.
    func verify(_ stream: AtomicFile.Stream, expected: RecordDigest) throws(ToolFailure) {
        let fd = open(stream.temporary, O_RDONLY | O_CLOEXEC)
        defer { if fd >= 0 { close(fd) } }
        let written = fd >= 0 ? try? RecordDigest.of(fileDescriptor: fd) : nil
        guard let written, written == expected else {
            stream.abandon()
            throw ToolFailure(message: "\(stream.path): the written file does not read back as the repaired records; \(file) is unchanged")
        }
    }
}

/// `FILE.bak` beside the input before `--in-place` replaces it: a hard link (instant, and the
/// original inode stays whole), or a copy, streamed, where links are not possible.
enum Backup {
    static func make(of path: String) throws(ToolFailure) {
        let backup = path + ".bak"
        unlink(backup)
        if link(path, backup) == 0 { return }
        if let reason = copy(path, to: backup) {
            throw ToolFailure(message: "\(backup): cannot write the backup: \(reason); \(path) is unchanged")
        }
    }

    /// Copies `path` to `target` a megabyte at a time, atomically; nil, or why it failed.
    static func copy(_ path: String, to target: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "cannot read \(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        let stream: AtomicFile.Stream
        do {
            stream = try AtomicFile.Stream(path: target)
        } catch {
            return error.reason
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return "cannot read \(path): \(String(cString: strerror(errno)))" }
            if n == 0 { break }
            chunk.withUnsafeBufferPointer { stream.write(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
        do {
            try stream.commit()
        } catch {
            return error.reason
        }
        return nil
    }
}

/// Whether two paths name the same file (same device and inode).
enum SameFile {
    static func check(_ a: String, _ b: String) -> Bool {
        var sa = stat()
        var sb = stat()
        return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }
}

/// `--diff`: each changed record as a hunk of a unified diff (line numbers of the input and of
/// the file that would be written).
final class UnifiedDiff {
    let path: String
    var started = false

    init(path: String) { self.path = path }

    func print(_ change: RecordChange) {
        if !started {
            started = true
            Output.standard.write("--- \(path)\n+++ \(path) (fixed)\n")
        }
        var text = "@@ -\(Self.range(change.oldLine, change.oldLineCount)) +\(Self.range(change.newLine, change.newLineCount)) @@\n"
        if change.old.isEmpty && change.oldLineCount == 1 { text += "-\n" }
        for line in Self.lines(change.old) { text += "-" + line + "\n" }
        for line in Self.lines(change.new) { text += "+" + line + "\n" }
        Output.standard.write(text)
    }

    static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : count == 0 ? "\(start - 1),0" : "\(start),\(count)"
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        guard !bytes.isEmpty else { return [] }
        return String(decoding: bytes, as: UTF8.self)
            .split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .map(String.init)
    }
}
