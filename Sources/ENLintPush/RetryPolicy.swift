/// When to try an upload again. Only a connection that never carried the body may be retried:
/// EN schedules every upload it receives, so sending one twice imports it twice.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// Seconds before the second attempt; each later wait is `multiplier` times longer.
    public var initialDelay: Double
    public var multiplier: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 3, initialDelay: Double = 1, multiplier: Double = 2, maxDelay: Double = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based).
    public func delay(afterAttempt attempt: Int) -> Double {
        var delay = initialDelay
        for _ in 1..<max(1, attempt) { delay *= multiplier }
        return min(delay, maxDelay)
    }

    /// Whether to try again after `failure` ended attempt number `attempt`.
    public func shouldRetry(after failure: TransportFailure, attempt: Int) -> Bool {
        failure.isSafeToRetry && attempt < maxAttempts
    }
}

/// Why an attempt got no answer from EN, and whether the file may have reached it.
public struct TransportFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Refused, host not found, no route, or no connection within the connect timeout.
        case couldNotConnect
        /// No answer within the overall timeout.
        case timedOut(seconds: Double)
        /// TLS failure, lost connection, anything else.
        case failed
    }

    public var kind: Kind
    /// Whether any byte of the body had been handed to the connection: from then on EN may
    /// have the file, even though no answer came back.
    public var bodyStarted: Bool
    /// What the networking layer said (never holds the token: it is only in the body).
    public var detail: String

    public init(kind: Kind, bodyStarted: Bool, detail: String) {
        self.kind = kind
        self.bodyStarted = bodyStarted
        self.detail = detail
    }

    /// Only a connection failure before the body left: then EN cannot have the file. A TLS
    /// failure also happens before sending, but trying again would not change it.
    public var isSafeToRetry: Bool { kind == .couldNotConnect && !bodyStarted }

    public var description: String {
        switch kind {
        case .couldNotConnect: "could not connect: \(detail)"
        case .timedOut(let seconds): "no answer within \(Self.format(seconds)) s\(detail.isEmpty ? "" : ": \(detail)")"
        case .failed: detail
        }
    }

    public static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
