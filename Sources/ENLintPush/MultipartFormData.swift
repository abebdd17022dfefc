/// A multipart/form-data body (RFC 7578) built as browsers build EN's own HTML form: one part per
/// text field, then the file part with its name and type. Built whole in memory: EN takes at most
/// 20 MB, and a body of known length is sent with a Content-Length rather than chunked.
public struct MultipartFormData: Sendable {
    public let boundary: String
    public private(set) var bytes: [UInt8] = []

    /// `boundary` is chosen by the caller so that tests can expect exact bytes; use
    /// `MultipartFormData.randomBoundary(avoiding:)` for real uploads.
    public init(boundary: String) {
        self.boundary = boundary
    }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    public mutating func appendField(name: String, value: String) {
        appendPartHeader("Content-Disposition: form-data; name=\"\(Self.escapeQuoted(name))\"")
        bytes += value.utf8
        bytes += Self.crlf
    }

    public mutating func appendFile(name: String, fileName: String, contentType: String, contents: [UInt8]) {
        appendPartHeader(
            "Content-Disposition: form-data; name=\"\(Self.escapeQuoted(name))\"; filename=\"\(Self.escapeQuoted(fileName))\"",
            "Content-Type: \(contentType)")
        bytes += contents
        bytes += Self.crlf
    }

    /// Closes the body; nothing may be appended afterwards.
    public mutating func finish() {
        bytes += "--\(boundary)--".utf8
        bytes += Self.crlf
    }

    /// The body of an import request: EN's fields, then the file.
    public static func importBody(for request: ImportRequest, boundary: String) -> MultipartFormData {
        var form = MultipartFormData(boundary: boundary)
        for field in request.textFields { form.appendField(name: field.name, value: field.value) }
        form.appendFile(name: "upload", fileName: request.fileName, contentType: ImportRequest.uploadContentType, contents: request.fileBytes)
        form.finish()
        return form
    }

    /// A boundary that occurs in none of `contents` (a CSV file could, in theory, hold any line).
    public static func randomBoundary(avoiding contents: [[UInt8]]) -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let random = (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
            let boundary = "enlint-" + random
            if !contents.contains(where: { $0.containsSequence(Array(boundary.utf8)) }) { return boundary }
        }
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    private mutating func appendPartHeader(_ lines: String...) {
        bytes += "--\(boundary)".utf8
        bytes += Self.crlf
        for line in lines {
            bytes += line.utf8
            bytes += Self.crlf
        }
        bytes += Self.crlf
    }

    /// Quoted-string values as the HTML standard encodes form data: `"` as %22 and line breaks as
    /// %0D / %0A, so that a file name cannot end its header or start another.
    static func escapeQuoted(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "%22"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the array (a plain scan: boundaries are short, files small).
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return needle.isEmpty }
        var i = 0
        let last = count - needle.count
        while i <= last {
            if self[i] == first && self[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
