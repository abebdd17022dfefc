import Foundation

/// Replaces the token wherever it turns up in text meant for people: EN's reply or a transport
/// error might echo it, and every line enlint prints goes through here first.
public struct SecretRedactor: Sendable {
    public static let mask = "***"
    let secret: String

    public init(secret: String) { self.secret = secret }

    public func redact(_ text: String) -> String {
        guard !secret.isEmpty, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: Self.mask)
    }
}
