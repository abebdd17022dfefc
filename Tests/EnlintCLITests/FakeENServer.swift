import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Tests/Support/fake_en_server.py, run by a test: a stand-in for EN's import.service on
/// 127.0.0.1 that records every request it parses. Never any other address.
final class FakeENServer {
    struct RecordedFile: Decodable {
        var name: String
        var filename: String
        var content_type: String
        var bytes_b64: String
        var bytes: [UInt8] { Array(Data(base64Encoded: bytes_b64) ?? Data()) }
    }

    struct RecordedRequest: Decodable {
        var method: String
        var path: String
        var content_type: String
        var user_agent: String
        /// [name, value] pairs in the order received.
        var fields: [[String]]
        var files: [RecordedFile]
        var problems: [String]
        var fieldNames: [String] { fields.map { $0[0] } }
        func field(_ name: String) -> String? { fields.first { $0[0] == name }?[1] }
    }

    let port: Int
    private let process: Process
    private let directory: URL

    static let script = EnlintRunner.repositoryRoot.appendingPathComponent("Tests/Support/fake_en_server.py")

    /// Starts the server; with `delayStart` it binds `port` only after that many seconds, so
    /// that connections are refused until then (and the call does not wait for it).
    init(behaviour: String, port requestedPort: Int = 0, delayStart: Double = 0, slowSeconds: Double = 10) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-fake-en-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", Self.script.path, "--port", String(requestedPort), "--port-file", portFile.path,
            "--record", directory.appendingPathComponent("requests.jsonl").path, "--behaviour", behaviour,
            "--delay-start", String(delayStart), "--slow-seconds", String(slowSeconds),
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        if delayStart > 0 {
            port = requestedPort
            return
        }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let number = Int(text) {
                port = number
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGKILL)
        throw CocoaError(.fileReadNoSuchFile)
    }

    deinit {
        // SIGKILL, not terminate(): the test runner ignores SIGTERM, and children inherit that.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    var endpoint: String { Self.endpoint(port: port) }

    static func endpoint(port: Int) -> String { "http://127.0.0.1:\(port)/ea-dataservice/import.service" }

    /// The requests received so far, in order.
    func requests() throws -> [RecordedRequest] {
        let url = directory.appendingPathComponent("requests.jsonl")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(RecordedRequest.self, from: Data($0.utf8)) }
    }

    /// A loopback port nobody listens on right now (bound, read, released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
