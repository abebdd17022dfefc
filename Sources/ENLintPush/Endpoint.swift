import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// EN's two data centres: an account lives on one of them.
public enum Region: String, Sendable, CaseIterable {
    case us, ca

    public var endpoint: UploadEndpoint {
        // Known-good literals: validation cannot fail.
        try! UploadEndpoint(validating: "https://\(rawValue).engagingnetworks.app/ea-dataservice/import.service")
    }
}

/// Why an `--endpoint` is refused.
public struct EndpointError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
}

/// Where the upload goes: an https URL, or plain http on a loopback address only. The token
/// travels in the request body, so anything but TLS off this machine would hand it to whoever
/// is on the path; loopback http exists for tests and local fakes.
public struct UploadEndpoint: Sendable, Equatable, CustomStringConvertible {
    public let url: URL

    public init(validating text: String) throws(EndpointError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty, let url = components.url
        else {
            throw EndpointError(description: "\(text): not an absolute URL such as https://us.engagingnetworks.app/ea-dataservice/import.service")
        }
        // Credentials in the URL would be printed with it (dry run, messages).
        guard components.user == nil && components.password == nil else {
            throw EndpointError(description: "the endpoint must not hold a user name or password; the token goes in EN_API_TOKEN or --token-file")
        }
        switch scheme {
        case "https":
            break
        case "http":
            guard Self.isLoopback(host: host) else {
                throw EndpointError(
                    description: "\(text): plain http is allowed only for loopback addresses (127.0.0.0/8, ::1, localhost); use https")
            }
        default:
            throw EndpointError(description: "\(text): the scheme must be https (or http on a loopback address)")
        }
        self.url = url
    }

    public var description: String { url.absoluteString }

    /// `localhost`, an IPv4 address in 127.0.0.0/8 or the IPv6 loopback `::1`, in any of its
    /// spellings. Addresses are parsed with inet_pton, so `127.1` or `0x7f.0.0.1` (which some
    /// resolvers would still take for loopback) are refused rather than guessed at.
    public static func isLoopback(host rawHost: String) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
        }
        return false
    }
}
