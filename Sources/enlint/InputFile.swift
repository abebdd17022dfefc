import CSVTokenizer
import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// An input named on the command line: a path, or `-` for standard input.
struct InputFile {
    let path: String
    var displayName: String { path == "-" ? "<stdin>" : path }

    /// Opens the input for reading; a directory or a missing or unreadable file is a
    /// `ToolFailure` with a one-line reason.
    func open() throws(ToolFailure) -> Int32 {
        if path == "-" { return 0 }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            throw ToolFailure(message: "\(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ToolFailure(message: "\(path): is a directory")
        }
        return fd
    }

    /// Lints the file at `path` (or standard input for `-`), reporting it as `name`.
    static func lint(_ path: String, as name: String? = nil, with linter: Linter) throws(ToolFailure) -> FileResult {
        let fd = try InputFile(path: path).open()
        defer { if fd != 0 { close(fd) } }
        do {
            return try linter.lint(fileDescriptor: fd, path: name ?? path)
        } catch {
            throw ToolFailure(message: error.description)
        }
    }

    /// Reads a small file whole (a saved-format header, a file to upload), bounded to `limit`
    /// bytes; `expected` says what a file of that size should have been.
    static func readSmallFile(
        _ path: String, limit: Int = 1 << 20, expected: String = "expected a one-line header file"
    ) throws(ToolFailure) -> [UInt8] {
        let file = InputFile(path: path)
        let fd = try file.open()
        defer { if fd != 0 { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ToolFailure(message: "\(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
        throw ToolFailure(message: "\(path): larger than \(limit) bytes; \(expected)")
    }
}
