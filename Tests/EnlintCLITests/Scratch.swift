import Foundation

/// A temporary directory for one test, removed when the test lets go of it.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    /// Writes `prefix`, `body` `times` over, then `suffix`, a megabyte at a time, so that files
    /// of hundreds of megabytes never sit in the test's memory whole.
    @discardableResult
    func write(_ name: String, prefix: String, repeating body: String, times: Int, suffix: String = "") throws -> String {
        let file = path(name)
        FileManager.default.createFile(atPath: file, contents: Data(prefix.utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        defer { try? handle.close() }
        try handle.seekToEnd()
        let perChunk = max(1, (1 << 20) / max(1, body.utf8.count))
        let chunk = Data(String(repeating: body, count: perChunk).utf8)
        var left = times
        while left >= perChunk {
            try handle.write(contentsOf: chunk)
            left -= perChunk
        }
        try handle.write(contentsOf: Data((String(repeating: body, count: left) + suffix).utf8))
        return file
    }
}
