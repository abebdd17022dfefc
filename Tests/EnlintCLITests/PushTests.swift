import ENLintCore
import ENLintPush
import Foundation
import Testing

/// `enlint push` against a real HTTP server on 127.0.0.1 (Tests/Support/fake_en_server.py).
/// Every run goes through `push`, which checks that the token shows nowhere in the output.
@Suite struct PushTests {
    static let token = "tok-SECRET-8d41f0c2"
    static let transactionFile = "Fixtures/transactions-good.csv"
    static let transactionArgs = ["push", transactionFile, "--format-name", "importTransactions", "--name", "Spring appeal"]

    /// Runs enlint with the token in EN_API_TOKEN (unless `token` is nil) and no proxy, and
    /// records an issue if the token appears in stdout or stderr.
    static func push(_ args: [String], token: String? = PushTests.token) throws -> EnlintRunner.Outcome {
        var environment = ["NO_COLOR": "1", "NO_PROXY": "*", "no_proxy": "*"]
        if let token { environment["EN_API_TOKEN"] = token }
        let outcome = try EnlintRunner.run(
            args, environment: environment,
            removing: token == nil ? ["EN_API_TOKEN", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"]
                : ["http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"])
        #expect(!outcome.stdout.contains(Self.token), "the token leaked into stdout")
        #expect(!outcome.stderr.contains(Self.token), "the token leaked into stderr")
        return outcome
    }

    static func fileBytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: EnlintRunner.repositoryRoot.appendingPathComponent(path)))
    }

    @Test func successSendsExactlyENsFieldsAndTheFileAndPrintsTheJob() throws {
        let server = try FakeENServer(behaviour: "success")
        let r = try Self.push(Self.transactionArgs + ["--endpoint", server.endpoint])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("job #131878"))
        #expect(r.stdout.contains("confirmed later, by email and in EN's job monitor"))
        let requests = try server.requests()
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == "POST" && request.path == "/ea-dataservice/import.service")
        #expect(request.content_type.hasPrefix("multipart/form-data; boundary="))
        #expect(request.user_agent.hasPrefix("enlint/"))
        #expect(request.problems == [])
        #expect(request.fields == [["token", Self.token], ["name", "Spring appeal"], ["formatName", "importTransactions"]])
        try #require(request.files.count == 1)
        #expect(request.files[0].name == "upload")
        #expect(request.files[0].filename == "transactions-good.csv")
        #expect(request.files[0].content_type == "text/csv")
        #expect(request.files[0].bytes == (try Self.fileBytes(Self.transactionFile)))
    }

    @Test func supporterPushWithASegmentChecksTheHeaderAndNamesTheSegmentAfterItsID() throws {
        let server = try FakeENServer(behaviour: "success")
        let r = try Self.push([
            "push", "Fixtures/supporters-good.csv", "--format-name", "Main supporters", "--name", "CRM sync",
            "--format-header", "Fixtures/supporters-format.txt", "--segment-id", "CRM-7", "--endpoint", server.endpoint,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let request = try #require(try server.requests().first)
        #expect(request.fieldNames == ["token", "name", "formatName", "segmentId", "segmentName"])
        #expect(request.field("formatName") == "Main supporters")
        #expect(request.field("segmentName") == "CRM-7")
        #expect(request.files.first?.bytes == (try Self.fileBytes("Fixtures/supporters-good.csv")))
    }

    @Test(arguments: [
        ("error-format", "Import format parameter not found or is invalid", "--format-name"),
        ("error-reference", "reference name is a required parameter", "--name"),
        ("error-header", "does not match the first line of your upload file", "--format-header"),
    ])
    func enErrorTextsInA200AreFailuresWithAdvice(behaviour: String, text: String, advice: String) throws {
        let server = try FakeENServer(behaviour: behaviour)
        let r = try Self.push(Self.transactionArgs + ["--endpoint", server.endpoint])
        #expect(r.status == 1)
        #expect(r.stderr.contains("EN refused the upload: Error: ") && r.stderr.contains(text))
        #expect(r.stderr.contains("= advice:") && r.stderr.contains(advice))
        #expect(try server.requests().count == 1)
    }

    @Test func aReplyQuotingTheTokenIsRedacted() throws {
        let server = try FakeENServer(behaviour: "error-echo-token")
        let r = try Self.push(Self.transactionArgs + ["--endpoint", server.endpoint])
        #expect(r.status == 1)
        #expect(r.stderr.contains("Error: the token *** is not valid"))
    }

    @Test func a500AfterTheBodyWasSentIsNeverRetried() throws {
        let server = try FakeENServer(behaviour: "500-then-success")
        let r = try Self.push(Self.transactionArgs + ["--endpoint", server.endpoint, "--retries", "3"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("EN answered HTTP 500"))
        #expect(r.stderr.contains("does not send an upload twice"))
        #expect(try server.requests().count == 1)
    }

    @Test func aRefusedConnectionIsRetriedUntilTheServerListens() throws {
        let port = FakeENServer.freePort()
        // Retries wait 1 s, then 2 s: the server, up after about 1.2 s, takes the third attempt.
        let server = try FakeENServer(behaviour: "success", port: port, delayStart: 1.2)
        let r = try Self.push(Self.transactionArgs + ["--endpoint", FakeENServer.endpoint(port: port), "--retries", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("nothing was sent, trying again"))
        #expect(r.stdout.contains("job #131878"))
        #expect(try server.requests().count == 1)
    }

    @Test func noServerAtAllEndsWithNothingSent() throws {
        let port = FakeENServer.freePort()
        let r = try Self.push(Self.transactionArgs + ["--endpoint", FakeENServer.endpoint(port: port), "--retries", "0"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("could not connect"))
        #expect(r.stderr.contains("nothing was sent"))
    }

    @Test func aSlowServerTimesOutAndTheUploadIsNotRepeated() throws {
        let server = try FakeENServer(behaviour: "slow", slowSeconds: 8)
        let started = Date()
        let r = try Self.push(Self.transactionArgs + ["--endpoint", server.endpoint, "--timeout", "1.5", "--retries", "3"])
        #expect(Date().timeIntervalSince(started) < 6)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no answer within 1.5 s"))
        #expect(r.stderr.contains("may have reached EN, so enlint does not send it again"))
        #expect(try server.requests().count == 1)
    }

    @Test func lintErrorsStopTheUploadBeforeAnythingIsSent() throws {
        let server = try FakeENServer(behaviour: "success")
        let r = try Self.push(["push", "Fixtures/transactions-bad.csv", "--format-name", "importTransactions", "--name", "x",
                               "--endpoint", server.endpoint])
        #expect(r.status == 1)
        #expect(r.stdout.contains("[EN401]"))
        #expect(r.stderr.contains("not uploaded: 10 lint errors"))
        #expect(try server.requests().isEmpty)
    }

    @Test func forceUploadsDespiteLintErrorsAndSaysSo() throws {
        let server = try FakeENServer(behaviour: "success")
        let r = try Self.push(["push", "Fixtures/transactions-bad.csv", "--format-name", "importTransactions", "--name", "x",
                               "--endpoint", server.endpoint, "--force"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("--force: uploading Fixtures/transactions-bad.csv despite 10 lint errors"))
        #expect(try server.requests().count == 1)
    }

    @Test func importTransactionsImpliesTheTransactionRules() throws {
        let r = try Self.push(["push", "Fixtures/transactions-bad.csv", "--format-name", "importTransactions", "--name", "x",
                               "--dry-run", "--output-format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let file = try #require((doc["files"] as? [[String: Any]])?.first)
        #expect(file["kind"] as? String == "transactions")
    }

    @Test func dryRunShowsFieldsSizeAndDigestAndSendsNothing() throws {
        let server = try FakeENServer(behaviour: "success")
        let r = try Self.push(Self.transactionArgs + ["--endpoint", server.endpoint, "--dry-run", "--segment-id", "S1",
                                                      "--segment-name", "Donors"])
        #expect(r.status == 0)
        let bytes = try Self.fileBytes(Self.transactionFile)
        #expect(r.stdout.contains("Dry run, nothing was sent."))
        #expect(r.stdout.contains("token        *** (from EN_API_TOKEN)"))
        #expect(r.stdout.contains("segmentName  Donors"))
        #expect(r.stdout.contains("upload       transactions-good.csv (text/csv, \(bytes.count) bytes, SHA-256 \(SHA256.hexDigest(bytes)))"))
        #expect(try server.requests().isEmpty)
    }

    @Test func aSupporterPushNeedsTheSavedFormatHeaderUnlessToldOtherwise() throws {
        let args = ["push", "Fixtures/supporters-good.csv", "--format-name", "Main", "--name", "x", "--dry-run", "--isolated"]
        let refused = try Self.push(args)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("needs the saved format's header"))
        #expect(try Self.push(args + ["--no-header-check"]).status == 0)
    }

    @Test func theTokenComesOnlyFromTheEnvironmentOrAFile() throws {
        let missing = try Self.push(Self.transactionArgs + ["--endpoint", FakeENServer.endpoint(port: 9)], token: nil)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no API token: set EN_API_TOKEN"))
        #expect(try Self.push(Self.transactionArgs + ["--token", Self.token]).status == 2)

        let server = try FakeENServer(behaviour: "success")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-token-\(UUID().uuidString)").path
        try (Self.token + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        defer { unlink(path) }
        chmod(path, 0o644)
        let r = try Self.push(Self.transactionArgs + ["--endpoint", server.endpoint, "--token-file", path], token: nil)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("readable by group or others"))
        #expect(try server.requests().first?.field("token") == Self.token)
    }

    @Test func plainHTTPIsRefusedOffLoopback() throws {
        let r = try Self.push(Self.transactionArgs + ["--endpoint", "http://us.engagingnetworks.app/ea-dataservice/import.service"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("plain http is allowed only for loopback addresses"))
        #expect(try Self.push(Self.transactionArgs + ["--region", "ca", "--endpoint", "https://x.test/"]).status == 2)
    }

    /// The JSON report carries the request (token masked) and the outcome, on every path.
    @Test func theJSONReportNeverHoldsTheToken() throws {
        let success = try FakeENServer(behaviour: "success")
        let echo = try FakeENServer(behaviour: "error-echo-token")
        let failing = try FakeENServer(behaviour: "500-then-success")
        let closed = FakeENServer.endpoint(port: FakeENServer.freePort())
        let cases: [(args: [String], outcome: String, status: Int32)] = [
            (Self.transactionArgs + ["--endpoint", success.endpoint], "scheduled", 0),
            (Self.transactionArgs + ["--endpoint", echo.endpoint], "rejected", 1),
            (Self.transactionArgs + ["--endpoint", failing.endpoint], "http-error", 1),
            (Self.transactionArgs + ["--endpoint", closed, "--retries", "0"], "no-answer", 2),
            (["push", "Fixtures/transactions-bad.csv", "--format-name", "importTransactions", "--name", "x",
              "--endpoint", success.endpoint], "not-sent", 1),
            (Self.transactionArgs + ["--dry-run"], "dry-run", 0),
        ]
        for c in cases {
            let r = try Self.push(c.args + ["--output-format", "json"])
            #expect(r.status == c.status, "\(c.outcome): \(r.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(c.outcome)")
            let push = try #require(doc["push"] as? [String: Any])
            #expect(push["outcome"] as? String == c.outcome)
            #expect((push["fields"] as? [String: String])?["token"] == "***")
        }
        #expect(try success.requests().count == 1)
    }
}
