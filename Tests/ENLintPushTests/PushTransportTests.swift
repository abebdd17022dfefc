import Testing

@testable import ENLintPush

/// The conversation between enlint and `enlint-push-transport`, and what enlint concludes when
/// the helper is missing or says nothing sensible.
@Suite struct PushTransportTests {
    static let request = TransportWire.Request(
        url: "https://us.engagingnetworks.app/ea-dataservice/import.service", timeouts: UploadTimeouts(connect: 2.5, overall: 300),
        userAgent: "enlint/1.0", contentType: "multipart/form-data; boundary=B")

    @Test func argumentsRoundTripAndHoldNoBody() {
        #expect(Self.request.arguments == [
            "https://us.engagingnetworks.app/ea-dataservice/import.service", "2.5", "300.0", "enlint/1.0",
            "multipart/form-data; boundary=B",
        ])
        #expect(TransportWire.Request(arguments: Self.request.arguments) == Self.request)
        #expect(TransportWire.Request(arguments: Array(Self.request.arguments.dropLast())) == nil)
        #expect(TransportWire.Request(arguments: ["u", "0", "1", "ua", "ct"]) == nil)
        #expect(TransportWire.Request(arguments: ["u", "x", "1", "ua", "ct"]) == nil)
    }

    @Test(arguments: [
        Result<HTTPAnswer, TransportFailure>.success(HTTPAnswer(status: 200, body: Array("Your job # is 7\nand\r\nmore".utf8))),
        .success(HTTPAnswer(status: 503, body: [])),
        .failure(TransportFailure(kind: .couldNotConnect, bodyStarted: false, detail: "Failed to connect: refused")),
        .failure(TransportFailure(kind: .timedOut(seconds: 2.5), bodyStarted: true, detail: "")),
        .failure(TransportFailure(kind: .failed, bodyStarted: true, detail: "line one\nline two")),
    ])
    func outcomesRoundTrip(outcome: Result<HTTPAnswer, TransportFailure>) {
        #expect(TransportWire.decode(TransportWire.encode(outcome)) == outcome)
    }

    @Test func theEncodingIsOneHeaderLineThenTheBytes() {
        #expect(TransportWire.encode(.success(HTTPAnswer(status: 200, body: Array("ok".utf8)))) == Array("answer 200\nok".utf8))
        #expect(
            TransportWire.encode(.failure(TransportFailure(kind: .timedOut(seconds: 9), bodyStarted: true, detail: "late")))
                == Array("failure timedOut 1 9.0\nlate".utf8))
        for bad in ["", "answer 200", "answer x\n", "failure odd 0 0\n", "failure failed 2 0\n", "hello\n"] {
            #expect(TransportWire.decode(Array(bad.utf8)) == nil, "\(bad)")
        }
    }

    @Test func aMissingHelperSentNothingAndIsNotRetried() {
        let result = ImportUploader.attempt(Self.request, body: [1, 2], helper: HelperProcess(path: "/nonexistent/enlint-push-transport"))
        guard case .failure(let failure) = result else {
            Issue.record("expected a failure, got \(result)")
            return
        }
        #expect(failure.kind == .failed && !failure.bodyStarted && !failure.isSafeToRetry)
        #expect(failure.detail == "cannot run /nonexistent/enlint-push-transport: No such file or directory")
    }

    /// A helper that ends without an answer may have sent the body: never "nothing was sent".
    @Test(arguments: [("/bin/true", "exited with status 0"), ("/bin/false", "exited with status 1")])
    func aHelperWithoutAnAnswerMayHaveSentTheBody(program: String, how: String) {
        let result = ImportUploader.attempt(Self.request, body: Array(repeating: 0x41, count: 1 << 20), helper: HelperProcess(path: program))
        #expect(result == .failure(TransportFailure(kind: .failed, bodyStarted: true, detail: "enlint-push-transport \(how) without an answer")))
    }

    @Test func theHelperIsLookedForBesideTheRunningExecutable() {
        let helper = HelperProcess.beside(named: "enlint-push-transport")
        #expect(helper.path.hasPrefix("/") && helper.path.hasSuffix("/enlint-push-transport"))
    }

    @Test func redactionMatchesBytesEvenWhenACombiningMarkFollows() {
        // "tok" + U+0301 is one Character holding the token's last letter: still masked.
        #expect(SecretRedactor(secret: "tok").redact("a tok\u{301} b") == "a ***\u{301} b")
        #expect(SecretRedactor(secret: "é").redact("café, cafe\u{301}") == "caf***, cafe\u{301}")
    }

    @Test func blankMeansSpacesAndTabsOnly() {
        #expect(ImportRequest.isBlank("") && ImportRequest.isBlank(" \t\u{A0}\u{3000}"))
        #expect(!ImportRequest.isBlank(" x ") && !ImportRequest.isBlank("\n"))
    }
}
