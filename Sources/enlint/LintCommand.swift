import ArgumentParser
import ENLintCore
import ENLintRules

#if canImport(Glibc)
import Glibc
#endif

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
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
        "Map a role to a column: ROLE=NAME, ROLE one of \(ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")). Repeatable.",
        valueName: "role=name"))
    var columns: [String] = []

    @Option(help: ArgumentHelp("Only these rules: ids, slugs or id prefixes (EN4), comma-separated. Repeatable.", valueName: "rules"))
    var select: [String] = []

    @Option(help: ArgumentHelp("Skip these rules: ids, slugs or id prefixes, comma-separated. Repeatable.", valueName: "rules"))
    var ignore: [String] = []

    @Option(help: ArgumentHelp("Change a rule's severity: ID=error|warning|info|off. Repeatable.", valueName: "rule=level"))
    var severity: [String] = []

    @Option(name: .customLong("max-per-rule"), help: "Findings shown per rule and file before a summary (default 20).")
    var maxPerRule: Int = 20

    func ruleSet() throws(ToolFailure) -> RuleSet {
        var severities: [String: Severity?] = [:]
        for item in severity {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ToolFailure(message: "--severity \(item): expected RULE=LEVEL") }
            if parts[1].lowercased() == "off" {
                severities[parts[0]] = .some(nil)
            } else if let level = Severity(rawValue: parts[1].lowercased()) {
                severities[parts[0]] = level
            } else {
                throw ToolFailure(message: "--severity \(item): level must be error, warning, info or off")
            }
        }
        func split(_ items: [String]) -> [String] {
            items.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty }
        }
        do {
            return try RuleSet(available: RuleRegistry.all, select: split(select), ignore: split(ignore), severities: severities)
        } catch {
            throw ToolFailure(message: error.description)
        }
    }

    func lintOptions() throws(ToolFailure) -> LintOptions {
        var options = LintOptions()
        guard maxPerRule >= 1 else { throw ToolFailure(message: "--max-per-rule must be at least 1") }
        options.maxPerRule = maxPerRule
        if let kind {
            guard let parsed = ImportKind(argument: kind) else {
                throw ToolFailure(message: "--kind \(kind): expected supporters or transactions")
            }
            options.kind = parsed
        }
        if let formatName {
            let implied: ImportKind = formatName == "importTransactions" ? .transactions : .supporters
            if let given = options.kind, given != implied {
                throw ToolFailure(message: "--format-name \(formatName) contradicts --kind \(given.rawValue)")
            }
            options.kind = implied
        }
        if let formatHeader {
            let header = SavedFormat.parseHeader(try InputFile.readSmallFile(formatHeader))
            guard !header.isEmpty else { throw ToolFailure(message: "\(formatHeader): no header line in the file") }
            options.formatHeader = header
        }
        for item in columns {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = ColumnRole(rawValue: parts[0].lowercased()), !parts[1].isEmpty else {
                throw ToolFailure(
                    message: "--column \(item): expected ROLE=NAME with ROLE one of \(ColumnRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.columnOverrides[role] = parts[1]
        }
        return options
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
        abstract: "Lint CSV files (the default command).",
        discussion: "`-` reads standard input.")

    @Argument(help: ArgumentHelp("CSV files to lint; - for standard input.", valueName: "file"))
    var files: [String]

    @OptionGroup var settings: LintSettings

    @Option(name: .customLong("output-format"), help: "text or json.")
    var outputFormat: OutputFormat = .text

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file (- for standard input)") }
    }

    func run() throws {
        let linter = Linter(ruleSet: try settings.ruleSet(), options: try settings.lintOptions())
        var results: [FileResult] = []
        var inputFailed = false
        for name in files {
            let input = InputFile(path: name)
            do {
                let fd = try input.open()
                defer { if fd != 0 { close(fd) } }
                results.append(try linter.lint(fileDescriptor: fd, path: input.displayName))
            } catch let failure as ToolFailure {
                Output.printError("enlint: \(failure.message)")
                inputFailed = true
            } catch let error as LintInputError {
                Output.printError("enlint: \(error.description)")
                inputFailed = true
            }
        }
        // When no input could be read there is nothing to report: stderr said why.
        if results.isEmpty && inputFailed { throw ExitCode(2) }
        let context = ReportContext(toolVersion: Enlint.version, useColor: Output.stdoutWantsColor)
        switch outputFormat {
        case .text: Output.standard.write(TextReporter.render(results, context: context))
        case .json: Output.standard.write(JSONReporter.render(results, context: context))
        }
        Output.standard.flush()
        if inputFailed { throw ExitCode(2) }
        if results.contains(where: { $0.count(.error) > 0 }) { throw ExitCode(1) }
    }
}
