/// What `enlint` and its helper `enlint-push-transport` say to each other for one upload
/// attempt. The helper exists so that the lint binary does not load FoundationNetworking (libcurl
/// and some 35 shared libraries, about 7 MiB of start-up memory) on every run; only `push` starts it.
///
/// - enlint -> helper, argv: `TransportWire.arguments`: the endpoint, the two timeouts, the
///   User-Agent and the Content-Type. Nothing secret: the token travels only in the body.
/// - enlint -> helper, stdin: the multipart body, to its end. The helper reads it whole before
///   connecting.
/// - helper -> enlint, stdout: one header line, then bytes to the end:
///   `answer STATUS` then EN's body, or `failure KIND STARTED SECONDS` then the detail text
///   (KIND is couldNotConnect, timedOut or failed; STARTED is 1 once any body byte was taken).
public enum TransportWire {
    public static let helperName = "enlint-push-transport"

    /// The helper's arguments for one attempt.
    public struct Request: Sendable, Equatable {
        public var url: String
        public var timeouts: UploadTimeouts
        public var userAgent: String
        public var contentType: String

        public init(url: String, timeouts: UploadTimeouts, userAgent: String, contentType: String) {
            self.url = url
            self.timeouts = timeouts
            self.userAgent = userAgent
            self.contentType = contentType
        }

        public var arguments: [String] {
            [url, String(timeouts.connect), String(timeouts.overall), userAgent, contentType]
        }

        /// Nil unless `arguments` are exactly what `arguments` produces.
        public init?(arguments: [String]) {
            guard arguments.count == 5, let connect = Double(arguments[1]), let overall = Double(arguments[2]),
                connect > 0, overall > 0
            else { return nil }
            self.init(
                url: arguments[0], timeouts: UploadTimeouts(connect: connect, overall: overall), userAgent: arguments[3],
                contentType: arguments[4])
        }
    }

    /// The helper's stdout for an attempt's outcome.
    public static func encode(_ outcome: Result<HTTPAnswer, TransportFailure>) -> [UInt8] {
        switch outcome {
        case .success(let answer):
            return Array("answer \(answer.status)\n".utf8) + answer.body
        case .failure(let failure):
            let (kind, seconds): (String, Double) =
                switch failure.kind {
                case .couldNotConnect: ("couldNotConnect", 0)
                case .timedOut(let s): ("timedOut", s)
                case .failed: ("failed", 0)
                }
            return Array("failure \(kind) \(failure.bodyStarted ? 1 : 0) \(seconds)\n\(failure.detail)".utf8)
        }
    }

    /// Reads the helper's stdout; nil when it is not in the form `encode` writes.
    public static func decode(_ bytes: [UInt8]) -> Result<HTTPAnswer, TransportFailure>? {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
        let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ").map(String.init)
        let rest = Array(bytes[(newline + 1)...])
        switch header.first {
        case "answer":
            guard header.count == 2, let status = Int(header[1]) else { return nil }
            return .success(HTTPAnswer(status: status, body: rest))
        case "failure":
            guard header.count == 4, header[2] == "0" || header[2] == "1", let seconds = Double(header[3]) else { return nil }
            let kind: TransportFailure.Kind
            switch header[1] {
            case "couldNotConnect": kind = .couldNotConnect
            case "timedOut": kind = .timedOut(seconds: seconds)
            case "failed": kind = .failed
            default: return nil
            }
            return .failure(TransportFailure(kind: kind, bodyStarted: header[2] == "1", detail: String(decoding: rest, as: UTF8.self)))
        default:
            return nil
        }
    }
}
