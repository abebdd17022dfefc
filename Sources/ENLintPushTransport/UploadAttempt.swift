import Dispatch
import ENLintPush
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One POST. URLSession on Linux says when libcurl takes body bytes to send (the task's
/// `countOfBytesSent` and `didSendBodyData`), but only to a delegate, not to a completion handler;
/// hence a delegate. Nothing taken means nothing of the file left this machine.
final class UploadAttempt: NSObject, URLSessionDataDelegate, Sendable {
    let request: URLRequest
    let body: Data
    let timeouts: UploadTimeouts
    let progress = BodyProgress()
    /// Why the watchdog cancelled the task, if it did.
    let cancelReason = Mutex<TransportFailure.Kind?>(nil)
    let received = Mutex<[UInt8]>([])
    let outcome = Mutex<Result<HTTPAnswer, TransportFailure>?>(nil)
    let done = DispatchSemaphore(value: 0)

    init(_ wire: TransportWire.Request, url: URL, body: [UInt8]) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.timeoutInterval = wire.timeouts.overall + 5
        request.setValue(wire.contentType, forHTTPHeaderField: "Content-Type")
        request.setValue(String(body.count), forHTTPHeaderField: "Content-Length")
        request.setValue("text/plain", forHTTPHeaderField: "Accept")
        request.setValue(wire.userAgent, forHTTPHeaderField: "User-Agent")
        self.request = request
        self.body = Data(body)
        self.timeouts = wire.timeouts
    }

    func run() -> Result<HTTPAnswer, TransportFailure> {
        let configuration = URLSessionConfiguration.ephemeral
        // Our watchdog enforces the overall limit to the fraction of a second; URLSession's own
        // (whole seconds for libcurl) only backs it up.
        configuration.timeoutIntervalForRequest = timeouts.overall + 5
        configuration.timeoutIntervalForResource = timeouts.overall + 5
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let task = session.uploadTask(with: request, from: body)
        let watchdog = DispatchQueue.global()
        // URLSession has no connect timeout. If no body byte was taken when it expires, the
        // connection is not up; should one be taken while cancelling, the final count (read
        // when the task completes) still says so, and the attempt is not repeated.
        watchdog.asyncAfter(deadline: .now() + timeouts.connect) { [progress] in
            if !progress.started && task.countOfBytesSent == 0 { self.cancel(task, because: .couldNotConnect) }
        }
        watchdog.asyncAfter(deadline: .now() + timeouts.overall) {
            self.cancel(task, because: .timedOut(seconds: self.timeouts.overall))
        }
        task.resume()
        done.wait()
        return outcome.withLock { $0! }
    }

    func cancel(_ task: URLSessionTask, because reason: TransportFailure.Kind) {
        let first = cancelReason.withLock { current -> Bool in
            guard current == nil else { return false }
            current = reason
            return true
        }
        if first { task.cancel() }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
        totalBytesExpectedToSend: Int64
    ) {
        progress.markStarted()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        received.withLock { $0 += data }
    }

    /// A redirected POST would carry the file and token to another address: report it instead.
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        // Delegate calls arrive in order on one queue: every didSendBodyData came before this.
        let bodyStarted = progress.started || task.countOfBytesSent > 0
        let result: Result<HTTPAnswer, TransportFailure>
        if let error {
            let reason = cancelReason.withLock { $0 }
            result = .failure(Self.classify(error, cancelledBecause: reason, bodyStarted: bodyStarted, timeouts: timeouts))
        } else if let http = task.response as? HTTPURLResponse {
            result = .success(HTTPAnswer(status: http.statusCode, body: received.withLock { $0 }))
        } else {
            result = .failure(TransportFailure(kind: .failed, bodyStarted: bodyStarted, detail: "the answer was not HTTP"))
        }
        outcome.withLock { $0 = result }
        done.signal()
    }

    /// Maps URLSession's error to what matters here: could we connect, and did the body leave.
    static func classify(
        _ error: Error, cancelledBecause reason: TransportFailure.Kind?, bodyStarted: Bool, timeouts: UploadTimeouts
    ) -> TransportFailure {
        if let reason {
            let detail = reason == .couldNotConnect ? "no connection within \(TransportFailure.format(timeouts.connect)) s (--connect-timeout)" : ""
            return TransportFailure(kind: reason, bodyStarted: bodyStarted, detail: detail)
        }
        let code = (error as? URLError)?.code
        let detail = describe(error)
        switch code {
        case .cannotConnectToHost?, .cannotFindHost?, .dnsLookupFailed?, .notConnectedToInternet?:
            return TransportFailure(kind: .couldNotConnect, bodyStarted: bodyStarted, detail: detail)
        case .timedOut?:
            return bodyStarted
                ? TransportFailure(kind: .timedOut(seconds: timeouts.overall), bodyStarted: true, detail: "")
                : TransportFailure(kind: .couldNotConnect, bodyStarted: false, detail: "the connection timed out")
        default:
            return TransportFailure(kind: .failed, bodyStarted: bodyStarted, detail: detail)
        }
    }

    /// libcurl's own sentence when there is one ("Failed to connect to ... : Couldn't connect to
    /// server"), which says more than URLError's code.
    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            let text = underlying.userInfo[NSLocalizedDescriptionKey] as? String, !text.isEmpty
        {
            return text
        }
        if let text = ns.userInfo[NSLocalizedDescriptionKey] as? String, !text.isEmpty { return text }
        if let code = (error as? URLError)?.code { return "URL error \(code.rawValue)" }
        return "\(error)"
    }
}

/// Whether libcurl has taken any of the body: set on the delegate queue, read by the watchdog.
final class BodyProgress: Sendable {
    private let flag = Atomic<Bool>(false)

    var started: Bool { flag.load(ordering: .acquiring) }
    func markStarted() { flag.store(true, ordering: .releasing) }
}
