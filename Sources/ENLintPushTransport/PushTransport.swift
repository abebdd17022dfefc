import ENLintPush
import Foundation

/// The helper's whole job (see `TransportWire`): one attempt, its outcome on stdout.
public enum PushTransport {
    /// The exit status: 0 whenever an outcome was written (EN's answer or a transport failure),
    /// 2 for a call that did not come from `enlint push`.
    public static func main(arguments: [String]) -> Int32 {
        guard let request = TransportWire.Request(arguments: arguments) else {
            return refuse(
                "usage: \(TransportWire.helperName) URL CONNECT-SECONDS TIMEOUT-SECONDS USER-AGENT CONTENT-TYPE < BODY "
                    + "(started by `enlint push`; not meant to be run by hand)")
        }
        // enlint validated it already; checked again so that this binary alone never sends a
        // body in clear text off the machine.
        let endpoint: UploadEndpoint
        do {
            endpoint = try UploadEndpoint(validating: request.url)
        } catch {
            return refuse("\(TransportWire.helperName): --endpoint \(error.description)")
        }
        let body = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let outcome = UploadAttempt(request, url: endpoint.url, body: body).run()
        FileHandle.standardOutput.write(Data(TransportWire.encode(outcome)))
        return 0
    }

    static func refuse(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return 2
    }
}
