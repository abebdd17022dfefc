import ArgumentParser
import ENLintCore

/// `--max-bytes`, for every command that reads CSV input: where reading a file stops, so that
/// `/dev/zero` or a pipe that never ends cannot hang enlint.
///
/// `enlint records` takes it as this group; `LintSettings` declares the same two options itself
/// (from `maxBytesHelp` and `check`), because a nested group costs every lint about 0.8M
/// instructions of start-up: the parser reflects over the commands' arguments three times a run.
struct ReadBound: ParsableArguments {
    @Option(name: .customLong("max-bytes"), help: ReadBound.maxBytesHelp)
    var maxBytes: ByteCount = .defaultInputLimit

    // Hidden: for checking that the vectorised tokenizer and the byte-by-byte one agree.
    @Flag(name: .customLong("no-fast-path"), help: .hidden)
    var noFastPath = false

    static let maxBytesHelp = ArgumentHelp("Stop reading a file after this many bytes (1 GiB by default).", valueName: "n")

    func validate() throws {
        try Self.check(maxBytes)
    }

    static func check(_ maxBytes: ByteCount) throws {
        if maxBytes.value < 1 { throw ValidationError("--max-bytes must be at least 1") }
    }

    /// Says on stderr that a file was read only in part.
    static func noteStop(path: String, bytes: Int64) {
        Output.printError("enlint: \(path): stopped reading after \(bytes) bytes (--max-bytes); the rest was not checked")
    }
}

/// A number of bytes given on the command line. Its own type rather than `Int64` so that the
/// help's "(default: 1073741824)" comes from concrete code: for `Int64` the parser runs its
/// generic `"\(self)"`, whose dynamic casts scan every protocol conformance in the binary.
struct ByteCount: ExpressibleByArgument {
    var value: Int64

    static let defaultInputLimit = ByteCount(value: LintOptions.defaultMaxInputBytes)

    init(value: Int64) { self.value = value }

    init?(argument: String) {
        guard let value = Int64(argument) else { return nil }
        self.value = value
    }

    var defaultValueDescription: String { String(value) }
}
