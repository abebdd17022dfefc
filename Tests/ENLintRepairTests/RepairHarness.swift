import CSVTokenizer
import ENLintCore
import ENLintRepair
import ENLintRules
import Foundation

/// Runs the library's repairs and splits on bytes in a temporary directory, as the commands do.
final class RepairHarness {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-repair-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    static func linter(kind: ImportKind? = nil, formatHeader: [String]? = nil) throws -> Linter {
        var options = LintOptions()
        options.kind = kind
        options.formatHeader = formatHeader
        return Linter(ruleSet: try RuleSet(available: RuleRegistry.all), options: options)
    }

    /// The bytes `enlint fix` writes for `input`, and the repairs it logged.
    func fix(
        _ input: [UInt8], options: RepairOptions? = nil, linter: Linter? = nil
    ) throws -> (bytes: [UInt8], log: RepairLog) {
        let file = try write("in-\(UUID().uuidString).csv", input)
        let linter = try linter ?? Self.linter()
        let options = try options ?? RepairOptions(selection: RepairSelection())
        let fd = open(file, O_RDONLY)
        defer { close(fd) }
        let facts = try linter.lint(fileDescriptor: fd, path: file).facts
        lseek(fd, 0, SEEK_SET)
        let repairer = FileRepairer(options: options, linter: linter, plan: try RepairPlan(facts: facts, options: options))
        var out: [UInt8] = []
        try repairer.repair(fileDescriptor: fd, write: { out.append(contentsOf: $0) })
        return (out, repairer.log)
    }

    /// The records of a file as the tokenizer reads them.
    static func records(_ bytes: [UInt8]) -> [[String]] {
        let tokenizer = CSVTokenizer()
        bytes.withUnsafeBytes { tokenizer.append($0) }
        tokenizer.finishInput()
        var records: [[String]] = []
        while tokenizer.nextRecord() { records.append(tokenizer.record.strings) }
        return records
    }

    func split(_ input: [UInt8], options: SplitOptions, linter: Linter? = nil) throws -> [(part: SplitFile, bytes: [UInt8])] {
        try splitReadingInput(input, options: options, linter: linter).parts
    }

    /// The split's parts with their bytes, and the input as the manifest names it.
    func splitReadingInput(
        _ input: [UInt8], options: SplitOptions, linter: Linter? = nil
    ) throws -> (input: SplitFile, parts: [(part: SplitFile, bytes: [UInt8])]) {
        let file = try write("input.csv", input)
        let out = path("parts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let fd = open(file, O_RDONLY)
        defer { close(fd) }
        let splitter = Splitter(options: options, linter: try linter ?? Self.linter(), directory: out, baseName: "input")
        let result = try splitter.split(fileDescriptor: fd, path: "input.csv")
        return (result.input, try result.parts.map { part in
            (part, Array(try Data(contentsOf: URL(fileURLWithPath: out + "/" + part.file))))
        })
    }
}

extension Array where Element == UInt8 {
    init(_ text: String) { self = Array(text.utf8) }
}
