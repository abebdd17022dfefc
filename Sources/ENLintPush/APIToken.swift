#if canImport(Glibc)
import Glibc
#endif

/// EN's private token, from the environment (`EN_API_TOKEN`, where CI secret stores put it) or
/// a file. Never from a command-line value: other users can read argv from the process list.
/// The value stays inside `ImportRequest`; only `source` may be shown.
public struct APIToken: Sendable {
    public static let environmentVariable = "EN_API_TOKEN"

    public let value: String
    /// Where it came from, for messages: `EN_API_TOKEN` or `--token-file PATH`.
    public let source: String
    /// Things to tell the user (a token file others can read).
    public let warnings: [String]

    /// `--token-file` wins over the environment: naming a file is the more deliberate choice.
    /// Nil when neither gives a token.
    public static func load(tokenFile: String?, environment: [String: String]) throws(TokenError) -> APIToken? {
        if let tokenFile { return try read(file: tokenFile) }
        guard let value = environment[environmentVariable] else { return nil }
        let token = trimmed(value)
        guard !token.isEmpty else { throw TokenError("\(environmentVariable) is set but empty") }
        return APIToken(value: token, source: environmentVariable, warnings: [])
    }

    static func read(file path: String) throws(TokenError) -> APIToken {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TokenError("--token-file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw TokenError("--token-file \(path): not a regular file")
        }
        var warnings: [String] = []
        if info.st_mode & (S_IRGRP | S_IROTH) != 0 {
            warnings.append("--token-file \(path) is readable by group or others; restrict it with chmod 600 \(path)")
        }
        // A token is short; a large file is the wrong file, and is not to be echoed anywhere.
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw TokenError("--token-file \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            if bytes.count > 4096 { throw TokenError("--token-file \(path): larger than 4 KiB; expected one token") }
        }
        let token = trimmed(String(decoding: bytes, as: UTF8.self))
        guard !token.isEmpty else { throw TokenError("--token-file \(path) is empty") }
        return APIToken(value: token, source: "--token-file \(path)", warnings: warnings)
    }

    /// Without surrounding whitespace: files end with a newline, secrets get pasted with spaces.
    static func trimmed(_ text: String) -> String {
        var s = Substring(text)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

public struct TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
