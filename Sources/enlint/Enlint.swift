import ArgumentParser
import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// The `enlint` command. `enlint FILE...` lints (the default subcommand).
struct Enlint: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "enlint",
        abstract: "Preflight linter for CSV files bound for the Engaging Networks Bulk Import API.",
        discussion: """
            Exit status: 0 no errors (warnings and info allowed), 1 errors found, 2 usage or I/O failure.
            `enlint push` documents its own (enlint push --help).
            """,
        version: version,
        // Every subcommand names itself (commandName): otherwise the parser derives each name
        // from String(describing: type), whose dynamic casts scan every protocol conformance in
        // the process, on every run.
        subcommands: [Lint.self, Fix.self, Split.self, Push.self, Records.self, Rules.self, Explain.self],
        defaultSubcommand: Lint.self
    )

    /// Runs the command, mapping every failure of the tool itself to exit status 2 (argument
    /// parser usage errors included) with one line on stderr.
    static func mainWithExitCodes() -> Never {
        // A closed stdout (`enlint ... | head -1`) must end quietly, not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
            exitAfterFlushing(0)
        } catch let code as ExitCode {
            exitAfterFlushing(code.rawValue)
        } catch let failure as ToolFailure {
            Output.standard.flush()
            Output.printError("enlint: \(failure.message)")
            Glibc.exit(2)
        } catch {
            Output.standard.flush()
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            Output.printError(fullMessage(for: error))
            Glibc.exit(2)
        }
    }

    /// Exits with `status` once stdout is written, or with 2 when it could not be: a report lost
    /// to a full disk (`> /dev/full`) must not pass for a clean run. A reader that went away
    /// (`| head`) is not a failure.
    static func exitAfterFlushing(_ status: Int32) -> Never {
        Output.standard.flush()
        if let error = Output.standard.writeError {
            Output.printError("enlint: cannot write to standard output: \(String(cString: strerror(error)))")
            Glibc.exit(2)
        }
        Glibc.exit(status)
    }
}

/// A failure of the tool itself (I/O, bad option value): one line on stderr, exit status 2.
struct ToolFailure: Error, Sendable {
    var message: String
}

@main
enum Main {
    static func main() {
        Enlint.mainWithExitCodes()
    }
}
