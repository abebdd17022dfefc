import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// Buffered writing to stdout that stops once the reader has gone (EPIPE: quietly) or a write
/// fails (remembered in `writeError`, so that the exit status can say so).
final class Output {
    nonisolated(unsafe) static let standard = Output(fd: 1)

    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var readerGone = false
    /// The errno of a failed write other than EPIPE (a full disk, an I/O error): the report is
    /// lost, which the exit status must say.
    private(set) var writeError: Int32?

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        guard !readerGone else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !readerGone, !buffer.isEmpty else { return }
        // A closed pipe (EPIPE) means nobody reads any more: stop writing quietly. Any other
        // failure (a full disk) is reported by the caller through `writeError`.
        let failure = buffer.withUnsafeBytes { AtomicFile.writeAll($0, to: fd) }
        if failure != 0 {
            if failure != EPIPE { writeError = failure }
            readerGone = true
        }
        buffer.removeAll(keepingCapacity: true)
    }

    static func printError(_ line: String) {
        let text = line.hasSuffix("\n") ? line : line + "\n"
        // write(2) on fd 2: unbuffered, and no shared C FILE state.
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }

    /// Rewrites the current line of stderr (a progress bar): carriage return, text, erase to the end.
    static func printErrorInPlace(_ text: String) {
        _ = "\r\(text)\u{1B}[K".withCString { Glibc.write(2, $0, strlen($0)) }
    }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var stdoutWantsColor: Bool {
        if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
        return isatty(1) == 1
    }
}
