import ArgumentParser
import ENLintConfig
import ENLintCore
import ENLintHTML
import ENLintRules
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

enum OutputFormat: String, ArgumentChoice {
    case text, json, sarif, github, junit, gitlab, html
    case jsonLines = "json-lines"
}

/// Which findings fail the run (exit status 1): those at or above a severity, or none.
enum FailureThreshold: String, ArgumentChoice {
    case error, warning, info, none

    var severity: Severity? { Severity(rawValue: rawValue) }
}

/// The options that decide how files are linted, shared by every command that lints.
struct LintSettings: ParsableArguments {
    @Option(name: .customLong("format-header"), help: ArgumentHelp(
        "A one-line CSV file holding the saved format's header, which supporter files must match.",
        valueName: "path"))
    var formatHeader: String?

    @Option(help: ArgumentHelp("The import kind: supporters or transactions (default: decided from the header).", valueName: "kind"))
    var kind: String?

    @Option(name: .customLong("format-name"), help: ArgumentHelp(
        "EN's formatName: importTransactions means --kind transactions; a saved format's name means supporters.",
        valueName: "name"))
    var formatName: String?

    @Option(name: .customLong("column"), help: ArgumentHelp(
        "Map a role to a column: ROLE=NAME, ROLE one of \(ColumnRole.nameList). Repeatable.",
        valueName: "role=name"))
    var columns: [String] = []

    @Option(help: ArgumentHelp("Only these rules: ids, slugs or id prefixes (EN4), comma-separated. Repeatable.", valueName: "rules"))
    var select: [String] = []

    @Option(help: ArgumentHelp("Skip these rules: ids, slugs or id prefixes, comma-separated. Repeatable.", valueName: "rules"))
    var ignore: [String] = []

    @Option(help: ArgumentHelp("Change a rule's severity: ID=error|warning|info|off. Repeatable.", valueName: "rule=level"))
    var severity: [String] = []

    @Option(name: .customLong("max-per-rule"), help: "Findings shown per rule and file before a summary (default 20).")
    var maxPerRule: Int?

    // ReadBound's options, here rather than as a nested @OptionGroup (see ReadBound).
    @Option(name: .customLong("max-bytes"), help: ReadBound.maxBytesHelp)
    var maxBytes: ByteCount = .defaultInputLimit

    @Flag(name: .customLong("no-fast-path"), help: .hidden)
    var noFastPath = false

    @Option(help: ArgumentHelp("Use this configuration file for every input instead of looking for enlint.toml.", valueName: "path"))
    var config: String?

    @Flag(help: "Ignore every configuration file.")
    var isolated = false

    func validate() throws {
        // First, as when ReadBound was a nested group, validated before this.
        try ReadBound.check(maxBytes)
        if config != nil && isolated { throw ValidationError("--config and --isolated exclude each other") }
        if let maxPerRule, maxPerRule < 1 { throw ValidationError("--max-per-rule must be at least 1") }
    }

    /// The resolver that gives each file its linter: the configuration found for it, overridden
    /// by what the command line says.
    func resolver() throws(ToolFailure) -> SettingsResolver {
        let source: SettingsResolver.Source = isolated ? .none : config.map { .file($0) } ?? .discover
        return SettingsResolver(overrides: try overrides(), source: source, available: RuleRegistry.all) { path in
            String(decoding: try InputFile.readSmallFile(path), as: UTF8.self)
        }
    }

    /// The linter for one file, as `enlint FILE` would lint it.
    func linter(for path: String) throws(ToolFailure) -> Linter {
        let resolver = try resolver()
        do {
            return try resolver.linter(for: path)
        } catch {
            throw ToolFailure(message: error.description)
        }
    }

    /// What reporters need to know about the run: the rules that ran, colour, the threshold.
    static func reportContext(for linters: [Linter], useColor: Bool, threshold: Severity = .error) -> ReportContext {
        let ran = Set(linters.flatMap { $0.ruleSet.rules.map { $0.type.description.id } })
        return ReportContext(
            toolVersion: Enlint.version, useColor: useColor,
            rules: RuleRegistry.all.map { $0.description }.filter { ran.contains($0.id) },
            failureThreshold: threshold)
    }

    func overrides() throws(ToolFailure) -> Overrides {
        var o = Overrides()
        o.maxPerRule = maxPerRule
        o.maxInputBytes = maxBytes.value
        o.fastPath = !noFastPath
        for item in severity {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ToolFailure(message: "--severity \(item): expected RULE=LEVEL") }
            if parts[1].lowercased() == "off" {
                o.severities[parts[0]] = .some(nil)
            } else if let level = Severity(rawValue: parts[1].lowercased()) {
                o.severities[parts[0]] = level
            } else {
                throw ToolFailure(message: "--severity \(item): level must be error, warning, info or off")
            }
        }
        func split(_ items: [String]) -> [String] {
            items.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty }
        }
        o.select = split(select)
        o.ignore = split(ignore)
        if let kind {
            guard let parsed = ImportKind(argument: kind) else {
                throw ToolFailure(message: "--kind \(kind): expected supporters or transactions")
            }
            o.kind = parsed
        }
        if let formatName {
            let implied: ImportKind = formatName == "importTransactions" ? .transactions : .supporters
            if let given = o.kind, given != implied {
                throw ToolFailure(message: "--format-name \(formatName) contradicts --kind \(given.rawValue)")
            }
            o.kind = implied
        }
        if let formatHeader {
            let header = SavedFormat.parseHeader(try InputFile.readSmallFile(formatHeader))
            guard !header.isEmpty else { throw ToolFailure(message: "\(formatHeader): no header line in the file") }
            o.formatHeader = header
        }
        for item in columns {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = ColumnRole(rawValue: parts[0].lowercased()), !parts[1].isEmpty else {
                throw ToolFailure(
                    message: "--column \(item): expected ROLE=NAME with ROLE one of \(ColumnRole.nameList)")
            }
            o.columns[role] = parts[1]
        }
        return o
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint CSV files (the default command).",
        discussion: "Directories are searched recursively for *.csv files. `-` reads standard input.")

    @Argument(help: ArgumentHelp("CSV files or directories to lint; - for standard input.", valueName: "path"))
    var paths: [String]

    @OptionGroup var settings: LintSettings

    @Option(name: .customLong("output-format"), help: "text, json, json-lines, sarif, github, junit, gitlab or html.")
    var outputFormat: OutputFormat = .text

    @Option(name: .customLong("output-file"), help: ArgumentHelp(
        "Write the report to this file (atomically) instead of standard output; the exit status still gates.",
        valueName: "path"))
    var outputFile: String?

    @Option(help: ArgumentHelp("Skip files and directories matching this glob (on the path or its last component). Repeatable.", valueName: "glob"))
    var exclude: [String] = []

    @Option(name: .customLong("failure-threshold"), help: "The lowest severity that makes the exit status 1: error, warning, info or none.")
    var failureThreshold: FailureThreshold = .error

    @Flag(help: "Report only error-severity findings, and no summary line.")
    var quiet = false

    @Flag(help: "Print the number of findings per rule instead of each finding (text output).")
    var statistics = false

    @Option(name: .customLong("write-baseline"), help: ArgumentHelp(
        "Record today's findings as accepted in this file (then exit 0); see --baseline.", valueName: "path"))
    var writeBaseline: String?

    @Option(help: ArgumentHelp("Report only findings not recorded in this baseline file.", valueName: "path"))
    var baseline: String?

    @Option(name: .customLong("stdin-filename"), help: ArgumentHelp("The name to report for standard input (-).", valueName: "name"))
    var stdinFilename: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one file or directory (- for standard input)") }
    }

    func run() throws {
        let resolver = try settings.resolver()
        let files = InputCollector(excludes: exclude).collect(paths)
        if files.isEmpty {
            throw ToolFailure(message: "no CSV files found in \(paths.joined(separator: ", "))")
        }
        // Configuration is resolved up front, in order; only the linting runs in parallel. A
        // broken configuration is a usage failure: stop before linting anything.
        var jobs: [LintJob] = []
        for path in files {
            let name = path == "-" ? (stdinFilename ?? "<stdin>") : path
            let configKey = path == "-" ? (stdinFilename ?? "stdin") : path
            do {
                jobs.append(LintJob(path: path, name: name, linter: try resolver.linter(for: configKey)))
            } catch {
                throw ToolFailure(message: error.description)
            }
        }
        var results: [FileResult] = []
        var inputFailed = false
        for outcome in lintAll(jobs) {
            switch outcome {
            case .success(var result):
                if result.facts.stoppedAtInputLimit {
                    // Not a finding (EN101 reports the size when it matters): a partial lint.
                    ReadBound.noteStop(path: result.path, bytes: result.facts.byteCount)
                }
                if quiet { result.diagnostics.removeAll { $0.severity < .error } }
                results.append(result)
            case .failure(let failure):
                Output.printError("enlint: \(failure.message)")
                inputFailed = true
            }
        }
        // When no input could be read there is nothing to report: stderr said why.
        if results.isEmpty && inputFailed { throw ExitCode(2) }
        if let writeBaseline {
            try write(Baseline.render(results), to: writeBaseline)
            let count = results.reduce(0) { $0 + $1.diagnostics.count }
            Output.printError("enlint: recorded \(count) finding\(count == 1 ? "" : "s") in \(writeBaseline)")
            throw ExitCode(inputFailed ? 2 : 0)
        }
        if let baseline {
            let accepted: Baseline
            do {
                accepted = try Baseline(parsing: String(decoding: try InputFile.readSmallFile(baseline, limit: 64 << 20), as: UTF8.self))
            } catch is BaselineError {
                throw ToolFailure(message: "\(baseline): not an enlint baseline (make one with --write-baseline)")
            }
            var suppressed = 0
            for i in results.indices { suppressed += accepted.filter(&results[i]) }
            Output.printError("enlint: \(suppressed) finding\(suppressed == 1 ? "" : "s") suppressed by the baseline \(baseline)")
        }
        let context = LintSettings.reportContext(
            for: jobs.map(\.linter), useColor: outputFile == nil && Output.stdoutWantsColor,
            threshold: failureThreshold.severity ?? .error)
        let report = render(results, context: context)
        if let outputFile {
            try write(report, to: outputFile)
        } else {
            Output.standard.write(report)
            Output.standard.flush()
        }
        if inputFailed { throw ExitCode(2) }
        if let threshold = failureThreshold.severity,
            results.contains(where: { $0.diagnostics.contains { $0.severity >= threshold } })
        {
            throw ExitCode(1)
        }
    }

    func write(_ text: String, to path: String) throws(ToolFailure) {
        do {
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch {
            throw ToolFailure(message: error.description)
        }
    }

    func render(_ results: [FileResult], context: ReportContext) -> String {
        switch outputFormat {
        case .text:
            if statistics { return StatisticsReport.render(results) }
            return TextReporter.render(results, context: context, summary: !quiet)
        case .json: return JSONReporter.render(results, context: context)
        case .jsonLines: return results.map(JSONLinesReporter.render).joined()
        case .sarif: return SARIFReporter.render(results, context: context)
        case .github: return GitHubReporter.render(results, context: context)
        case .junit: return JUnitReporter.render(results, context: context)
        case .gitlab: return GitLabReporter.render(results, context: context)
        case .html: return HTMLReporter.render(results, context: context)
        }
    }

    /// Lints every file, several at a time when there are several (one per core), returning the
    /// outcomes in the order of `jobs`.
    func lintAll(_ jobs: [LintJob]) -> [Result<FileResult, ToolFailure>] {
        let outcomes = OutcomeSlots(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            outcomes[i] = jobs[i].run()
        }
        return outcomes.values
    }
}

/// One input and the linter its configuration gives it.
struct LintJob: Sendable {
    let path: String
    /// The name reported (for standard input, `--stdin-filename` or `<stdin>`).
    let name: String
    let linter: Linter

    func run() -> Result<FileResult, ToolFailure> {
        Result { () throws(ToolFailure) in try InputFile.lint(path, as: name, with: linter) }
    }
}

/// Result slots filled from several threads, each index by exactly one worker.
final class OutcomeSlots: Sendable {
    private let storage: Mutex<[Result<FileResult, ToolFailure>?]>

    init(count: Int) { storage = Mutex(Array(repeating: nil, count: count)) }

    subscript(i: Int) -> Result<FileResult, ToolFailure> {
        get { storage.withLock { $0[i]! } }
        set { storage.withLock { $0[i] = newValue } }
    }

    var values: [Result<FileResult, ToolFailure>] { storage.withLock { $0.map { $0! } } }
}
