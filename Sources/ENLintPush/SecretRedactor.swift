/// Replaces the token wherever it turns up in text meant for people: EN's reply or a transport
/// error might echo it, and every line enlint prints goes through here first.
public struct SecretRedactor: Sendable {
    public static let mask = "***"
    let secret: String

    public init(secret: String) { self.secret = secret }

    /// Matches the token's UTF-8 bytes, not Characters: a combining mark after the token (which
    /// would make it part of a longer Character) must not hide it.
    public func redact(_ text: String) -> String {
        let needle = Array(secret.utf8)
        guard let first = needle.first else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        var found = false
        while i < bytes.count {
            if bytes[i] == first && bytes.count - i >= needle.count && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                out += Self.mask.utf8
                i += needle.count
                found = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return found ? String(decoding: out, as: UTF8.self) : text
    }
}
