import ArgumentParser
import CSVTokenizer
import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// `enlint records FILE`: how enlint split the file, one JSON object per record and line.
struct Records: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records",
        abstract: "Print how enlint tokenizes a file: {\"line\": N, \"fields\": [...]} per record.",
        discussion: "N is the physical line the record starts on. A leading BOM is not part of the first field.")

    @Argument(help: ArgumentHelp("The CSV file; - for standard input.", valueName: "file"))
    var file: String

    @OptionGroup var readBound: ReadBound

    func run() throws {
        let input = InputFile(path: file)
        let fd = try input.open()
        defer { if fd != 0 { close(fd) } }
        let tokenizer = CSVTokenizer(fastPath: !readBound.noFastPath)
        let source = FileInput(fileDescriptor: fd, limit: readBound.maxBytes.value, chunkSize: tokenizer.limits.chunkSize,
                               mapping: !readBound.noFastPath)
        // The tokenizer reads the mapped window until the last record is written.
        defer { withExtendedLifetime(source) {} }
        let out = Output.standard
        do {
            while true {
                while tokenizer.nextRecord() {
                    let record = tokenizer.record
                    var line = "{\"line\": \(record.line), \"fields\": ["
                    for i in 0..<record.storedFieldCount {
                        if i > 0 { line += ", " }
                        line += JSONText.quoted(record.string(i))
                    }
                    out.write(line + "]}\n")
                    if out.readerGone { return }
                }
                if tokenizer.isInputFinished { break }
                if tokenizer.bytesRead >= readBound.maxBytes.value {
                    tokenizer.finishInput()
                    ReadBound.noteStop(path: input.displayName, bytes: tokenizer.bytesRead)
                    continue
                }
                try source.feed(tokenizer)
            }
        } catch {
            throw ToolFailure(message: "\(input.displayName): cannot read: \(error.message)")
        }
    }
}
