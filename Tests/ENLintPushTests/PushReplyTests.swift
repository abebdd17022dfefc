import Foundation
import Testing

@testable import ENLintPush
@testable import ENLintPushTransport

@Suite struct PushReplyTests {
    static func reply(_ status: Int, _ text: String) -> ImportReply { ImportReply(status: status, body: Array(text.utf8)) }

    @Test func successGivesTheJobNumber() {
        let text = "Your file has been uploaded successfully and scheduled for import. Your job # is 131878. You will receive an email when your job is complete."
        #expect(Self.reply(200, text) == .scheduled(job: 131878, text: text))
        #expect(ImportReply.jobNumber(in: "job #: 7") == 7)
        #expect(ImportReply.jobNumber(in: "no number") == nil)
    }

    @Test func anErrorTextIsAFailureWhateverTheStatus() {
        for status in [200, 400, 500] {
            guard case .rejected(let text, let advice) = Self.reply(status, "Error: Import format parameter not found or is invalid\n") else {
                Issue.record("status \(status): not rejected")
                continue
            }
            #expect(text == "Error: Import format parameter not found or is invalid")
            #expect(advice.contains("--format-name"))
        }
    }

    @Test(arguments: [
        ("Error: reference name is a required parameter", "--name"),
        ("Error: The format you selected does not match the first line of your upload file. Please verify...", "--format-header"),
        ("Error: Unable to process your import. Please contact support.", "support"),
        ("Error: invalid token", "token"),
    ])
    func knownErrorsGetAdvice(text: String, hint: String) {
        guard case .rejected(_, let advice) = Self.reply(200, text) else {
            Issue.record("not rejected")
            return
        }
        #expect(advice.contains(hint))
    }

    @Test func httpErrorsWithoutENsTextAndUnrecognizedSuccesses() {
        #expect(Self.reply(500, "Internal Server Error") == .httpError(
            status: 500, text: "Internal Server Error", advice: ErrorAdvice.advice(forStatus: 500)))
        #expect(ErrorAdvice.advice(forStatus: 500).contains("job monitor"))
        #expect(Self.reply(200, "<html>maintenance</html>") == .unrecognized(status: 200, text: "<html>maintenance</html>"))
    }

    @Test func repliesArePrintableAndBounded() {
        #expect(ImportReply.printable(Array("  Error:\r\n\tbad\u{1B}[31m ".utf8)) == "Error: bad [31m")
        #expect(ImportReply.printable([UInt8](repeating: 0x41, count: 5000)).count == 503)
    }
}

@Suite struct PushRetryTests {
    static let notConnected = TransportFailure(kind: .couldNotConnect, bodyStarted: false, detail: "refused")

    @Test func backoffGrowsAndIsCapped() {
        let policy = RetryPolicy(maxAttempts: 6, initialDelay: 0.5, multiplier: 2, maxDelay: 3)
        #expect((1...5).map(policy.delay(afterAttempt:)) == [0.5, 1, 2, 3, 3])
    }

    @Test func onlyConnectionFailuresBeforeTheBodyAreRetried() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.shouldRetry(after: Self.notConnected, attempt: 1))
        #expect(policy.shouldRetry(after: Self.notConnected, attempt: 2))
        #expect(!policy.shouldRetry(after: Self.notConnected, attempt: 3))
        // The body had started: EN may have the file.
        for failure in [
            TransportFailure(kind: .couldNotConnect, bodyStarted: true, detail: ""),
            TransportFailure(kind: .timedOut(seconds: 5), bodyStarted: true, detail: ""),
            TransportFailure(kind: .failed, bodyStarted: true, detail: "connection reset"),
            TransportFailure(kind: .failed, bodyStarted: false, detail: "TLS certificate"),
        ] {
            #expect(!policy.shouldRetry(after: failure, attempt: 1))
        }
    }

    @Test func urlErrorsAreClassifiedByWhetherTheBodyLeft() {
        let timeouts = UploadTimeouts(connect: 2, overall: 9)
        func classify(_ code: URLError.Code, started: Bool, cancelled: TransportFailure.Kind? = nil) -> TransportFailure {
            UploadAttempt.classify(URLError(code), cancelledBecause: cancelled, bodyStarted: started, timeouts: timeouts)
        }
        #expect(classify(.cannotConnectToHost, started: false).isSafeToRetry)
        #expect(classify(.cannotFindHost, started: false).isSafeToRetry)
        #expect(classify(.dnsLookupFailed, started: false).isSafeToRetry)
        #expect(classify(.timedOut, started: false).isSafeToRetry)
        #expect(classify(.timedOut, started: true).kind == .timedOut(seconds: 9))
        #expect(!classify(.networkConnectionLost, started: true).isSafeToRetry)
        #expect(!classify(.serverCertificateUntrusted, started: false).isSafeToRetry)
        // The watchdog's connect timeout, and its overall timeout.
        #expect(classify(.cancelled, started: false, cancelled: .couldNotConnect).isSafeToRetry)
        #expect(classify(.cancelled, started: true, cancelled: .couldNotConnect).isSafeToRetry == false)
        #expect(classify(.cancelled, started: true, cancelled: .timedOut(seconds: 9)).description == "no answer within 9 s")
    }
}

@Suite struct PushTokenTests {
    static func tokenFile(_ contents: String, mode: mode_t) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-token-\(UUID().uuidString)").path
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    @Test func environmentAndFileWithTrimming() throws {
        #expect(try APIToken.load(tokenFile: nil, environment: [:]) == nil)
        let fromEnv = try #require(try APIToken.load(tokenFile: nil, environment: ["EN_API_TOKEN": " abc\n"]))
        #expect(fromEnv.value == "abc" && fromEnv.source == "EN_API_TOKEN" && fromEnv.warnings.isEmpty)
        let path = try Self.tokenFile("from-file\n", mode: 0o600)
        defer { unlink(path) }
        let fromFile = try #require(try APIToken.load(tokenFile: path, environment: ["EN_API_TOKEN": "abc"]))
        #expect(fromFile.value == "from-file" && fromFile.warnings.isEmpty)
    }

    @Test func aFileOthersCanReadGetsAWarningThatDoesNotQuoteIt() throws {
        let path = try Self.tokenFile("secret-value", mode: 0o644)
        defer { unlink(path) }
        let token = try #require(try APIToken.load(tokenFile: path, environment: [:]))
        #expect(token.warnings.count == 1)
        #expect(token.warnings[0].contains("chmod 600") && !token.warnings[0].contains("secret-value"))
    }

    @Test func emptyOrMissingTokensAreErrors() throws {
        #expect(throws: TokenError.self) { try APIToken.load(tokenFile: nil, environment: ["EN_API_TOKEN": ""]) }
        #expect(throws: TokenError.self) { try APIToken.load(tokenFile: "/nonexistent/token", environment: [:]) }
        let path = try Self.tokenFile("\n", mode: 0o600)
        defer { unlink(path) }
        #expect(throws: TokenError.self) { try APIToken.load(tokenFile: path, environment: [:]) }
    }
}
