#if canImport(Glibc)
import Glibc
#endif

/// Connect and overall time limits of one attempt, in seconds.
public struct UploadTimeouts: Sendable, Equatable {
    /// Until the connection (TLS included) is ready to carry the body.
    public var connect: Double
    /// From the start of the attempt to EN's complete answer.
    public var overall: Double

    public init(connect: Double = 15, overall: Double = 300) {
        self.connect = connect
        self.overall = overall
    }
}

/// EN's HTTP answer, before interpretation (see `ImportReply`).
public struct HTTPAnswer: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// The outcome of all attempts that got no answer.
public struct UploadFailure: Error, Sendable {
    public var last: TransportFailure
    public var attempts: Int
}

/// Sends a multipart body to the endpoint, retrying only while the body has not started to
/// leave. Each attempt is one run of `enlint-push-transport` (FoundationNetworking's URLSession,
/// libcurl underneath), so that only a push loads the networking libraries.
public struct ImportUploader: Sendable {
    public var endpoint: UploadEndpoint
    public var timeouts: UploadTimeouts
    public var retryPolicy: RetryPolicy
    public var userAgent: String
    /// Waits between attempts (replaced in tests).
    public var sleep: @Sendable (Double) -> Void = { seconds in
        var wait = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.towardZero)) * 1e9))
        var remaining = timespec()
        while nanosleep(&wait, &remaining) != 0 && errno == EINTR { wait = remaining }
    }

    public init(endpoint: UploadEndpoint, timeouts: UploadTimeouts, retryPolicy: RetryPolicy, userAgent: String) {
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.retryPolicy = retryPolicy
        self.userAgent = userAgent
    }

    /// Sends `form`; `progress` hears of retries (one line each, for stderr).
    public func send(_ form: MultipartFormData, progress: (String) -> Void) -> Result<HTTPAnswer, UploadFailure> {
        let request = TransportWire.Request(
            url: endpoint.description, timeouts: timeouts, userAgent: userAgent, contentType: form.contentType)
        let helper = HelperProcess.beside(named: TransportWire.helperName)
        var attempt = 1
        while true {
            switch Self.attempt(request, body: form.bytes, helper: helper) {
            case .success(let answer):
                return .success(answer)
            case .failure(let failure):
                guard retryPolicy.shouldRetry(after: failure, attempt: attempt) else {
                    return .failure(UploadFailure(last: failure, attempts: attempt))
                }
                let delay = retryPolicy.delay(afterAttempt: attempt)
                progress(
                    "attempt \(attempt) of \(retryPolicy.maxAttempts) \(failure); nothing was sent, trying again in \(TransportFailure.format(delay)) s")
                sleep(delay)
                attempt += 1
            }
        }
    }

    /// One attempt through the helper. A helper that could not start sent nothing; one that
    /// ended without a well-formed answer may have sent the body, so that is never retried.
    static func attempt(_ request: TransportWire.Request, body: [UInt8], helper: HelperProcess) -> Result<HTTPAnswer, TransportFailure> {
        let outcome: HelperProcess.Outcome
        do {
            outcome = try helper.run(arguments: request.arguments, stdin: body)
        } catch {
            return .failure(TransportFailure(kind: .failed, bodyStarted: false, detail: error.description))
        }
        if outcome.ending == .exited(0), let result = TransportWire.decode(outcome.stdout) { return result }
        let how =
            switch outcome.ending {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "was ended by signal \(signal)"
            }
        return .failure(TransportFailure(kind: .failed, bodyStarted: true, detail: "\(TransportWire.helperName) \(how) without an answer"))
    }
}
