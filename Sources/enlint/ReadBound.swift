import ArgumentParser
import ENLintCore

/// `--max-bytes`, for every command that reads CSV input: where reading a file stops, so that
/// `/dev/zero` or a pipe that never ends cannot hang enlint.
struct ReadBound: ParsableArguments {
    @Option(name: .customLong("max-bytes"), help: ArgumentHelp(
        "Stop reading a file after this many bytes (1 GiB by default).",
        valueName: "n"))
    var maxBytes: Int64 = LintOptions.defaultMaxInputBytes

    // Hidden: for checking that the vectorised tokenizer and the byte-by-byte one agree.
    @Flag(name: .customLong("no-fast-path"), help: .hidden)
    var noFastPath = false

    func validate() throws {
        if maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
    }

    /// Says on stderr that a file was read only in part.
    static func noteStop(path: String, bytes: Int64) {
        Output.printError("enlint: \(path): stopped reading after \(bytes) bytes (--max-bytes); the rest was not checked")
    }
}
