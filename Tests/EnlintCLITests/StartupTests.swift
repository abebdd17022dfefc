import Foundation
import Testing

/// What every run loads, and so pays for in start-up time and memory: not the networking stack
/// (in `enlint-push-transport`, which only `enlint push` starts), not all of Foundation (only
/// FoundationEssentials, which swift-argument-parser uses), not the system ICU (loaded on first
/// use, for files that are not UTF-8).
@Suite struct StartupTests {
    @Test func theLintBinaryLinksNeitherNetworkingNorFoundationNorICU() throws {
        let libraries = try EnlintRunner.run([], launcher: ["/usr/bin/ldd"])
        #expect(libraries.status == 0, "\(libraries.stderr)")
        #expect(libraries.stdout.contains("libswiftCore.so"))
        for absent in ["libFoundationNetworking.so", "libcurl", "libFoundation.so", "libicuuc", "libicui18n"] {
            #expect(!libraries.stdout.contains(absent), "enlint loads \(absent)")
        }
    }

    static var helper: URL { EnlintRunner.executable.deletingLastPathComponent().appendingPathComponent("enlint-push-transport") }

    static func runHelper(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = helper
        process.arguments = args
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theHelperSitsBesideEnlintAndRefusesToBeRunByHand() throws {
        let usage = try Self.runHelper(["https://example.org/x"])
        #expect(usage.status == 2)
        #expect(usage.stderr.hasPrefix("usage: enlint-push-transport URL CONNECT-SECONDS TIMEOUT-SECONDS USER-AGENT CONTENT-TYPE < BODY"))
    }

    /// The helper checks the endpoint again: alone, it still never sends a body in clear text
    /// off the machine.
    @Test func theHelperRefusesPlainHTTPOffLoopback() throws {
        let refused = try Self.runHelper(["http://example.org/x", "1", "1", "ua", "text/plain"])
        #expect(refused.status == 2)
        #expect(
            refused.stderr
                == "enlint-push-transport: --endpoint http://example.org/x: plain http is allowed only for loopback addresses (127.0.0.0/8, ::1, localhost); use https\n"
        )
    }
}
