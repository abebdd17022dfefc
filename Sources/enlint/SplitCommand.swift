import ArgumentParser
import ENLintCore
import ENLintRepair

#if canImport(Glibc)
import Glibc
#endif

/// `enlint split FILE --out-dir DIR`: parts EN accepts, with a manifest. Thin: the work is in
/// ENLintRepair's `Splitter`.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a file into parts EN accepts: by campaign ID, by size, valid/invalid rows, or a sample.",
        discussion: """
            Every part has the header and whole records, copied byte for byte (without a BOM). \
            DIR/NAME.manifest.json names the input and lists the parts, each with its record count, size and SHA-256.
            """)

    @Argument(help: ArgumentHelp("The CSV file to split.", valueName: "file"))
    var file: String

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Where the parts go (created when missing).", valueName: "dir"))
    var outDir: String

    @Flag(name: .customLong("by-campaign"), help: "One file per campaign ID.")
    var byCampaign = false

    @Option(name: .customLong("max-part-bytes"), help: ArgumentHelp(
        "Each part stays under this many bytes (default 19900000, just under EN's 20 MB).", valueName: "n"))
    var maxPartBytes: Int64 = SplitOptions.defaultMaxBytes

    @Flag(help: "Rows failing a row-level error rule go to NAME.invalid.csv (with the reasons), the rest to NAME.valid.csv.")
    var quarantine = false

    @Option(help: ArgumentHelp("Only a trial file of the first N data rows.", valueName: "n"))
    var sample: Int?

    @OptionGroup var settings: LintSettings

    func validate() throws {
        if maxPartBytes < 1 { throw ValidationError("--max-part-bytes must be at least 1") }
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
        if sample != nil && (byCampaign || quarantine) {
            throw ValidationError("--sample makes one trial file: it does not combine with --by-campaign or --quarantine")
        }
        if file == "-" { throw ValidationError("name a file, not -") }
    }

    func run() throws {
        let linter = try settings.linter(for: file)
        if mkdir(outDir, 0o755) != 0 && errno != EEXIST {
            throw ToolFailure(message: "\(outDir): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if stat(outDir, &info) != 0 || (info.st_mode & S_IFMT) != S_IFDIR {
            throw ToolFailure(message: "\(outDir): not a directory (--out-dir)")
        }
        var options = SplitOptions()
        options.byCampaign = byCampaign
        options.maxBytes = maxPartBytes
        options.quarantine = quarantine
        options.sample = sample
        let name = Self.baseName(of: file)
        let splitter = Splitter(options: options, linter: linter, directory: outDir, baseName: name)
        let fd = try InputFile(path: file).open()
        defer { close(fd) }
        let progress = ProgressBar(fd: fd)
        let result: SplitResult
        do {
            result = try splitter.split(fileDescriptor: fd, path: file, progress: progress.map { bar in { bar.show($0) } })
        } catch {
            progress?.clear()
            throw ToolFailure(message: "\(file): \(error.description)")
        }
        progress?.clear()
        let parts = result.parts
        let manifest = outDir + "/" + name + ".manifest.json"
        do {
            try AtomicFile.write(Array(SplitManifest.render(input: result.input, parts: result.parts).utf8), to: manifest)
        } catch {
            // Parts without their manifest are a partial output: take them back.
            for part in parts { unlink(outDir + "/" + part.file) }
            throw ToolFailure(message: "\(error.description); the parts were removed")
        }
        for part in parts {
            Output.standard.write("\(outDir)/\(part.file): \(part.records) record\(part.records == 1 ? "" : "s"), \(part.bytes) bytes\n")
        }
        Output.standard.write("enlint: \(parts.count) part\(parts.count == 1 ? "" : "s"); manifest: \(manifest)\n")
    }

    /// `uploads/gifts.csv` -> `gifts`.
    static func baseName(of path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return last.lowercased().hasSuffix(".csv") ? String(last.dropLast(4)) : last
    }
}

/// `split: 42% of 1.0 GB` on stderr, redrawn in place: only on a terminal and for inputs large
/// enough to take a while (over 50 MB), so that logs and pipes never see it.
final class ProgressBar {
    let total: Int64
    var shownPercent = -1

    init?(fd: Int32) {
        var info = stat()
        guard isatty(2) == 1, fstat(fd, &info) == 0, info.st_size > 50_000_000 else { return nil }
        total = Int64(info.st_size)
    }

    func show(_ offset: Int64) {
        let percent = Int(offset * 100 / total)
        guard percent != shownPercent else { return }
        shownPercent = percent
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        Output.printErrorInPlace("split [\(bar)] \(percent)% of \(total / 1_000_000) MB")
    }

    func clear() {
        if shownPercent >= 0 { Output.printErrorInPlace("") }
    }
}
