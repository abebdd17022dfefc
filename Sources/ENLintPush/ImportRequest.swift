/// What `import.service` receives: exactly the fields EN documents, in the order of EN's own
/// example form. `segmentName` defaults to the segment id, as EN does when it is left blank,
/// so that what enlint shows is what EN will record.
public struct ImportRequest: Sendable {
    public var token: String
    /// EN's `name`: the reference name of this import (shown in the job monitor).
    public var referenceName: String
    /// A saved format's name, or `importTransactions`.
    public var formatName: String
    public var segmentID: String?
    public var segmentName: String?
    /// The `upload` part: the file's name (without directories) and its bytes.
    public var fileName: String
    public var fileBytes: [UInt8]

    public static let transactionsFormatName = "importTransactions"
    /// The `upload` part's type, as EN's form sends a CSV file.
    public static let uploadContentType = "text/csv"

    public init(
        token: String, referenceName: String, formatName: String, segmentID: String? = nil, segmentName: String? = nil,
        fileName: String, fileBytes: [UInt8]
    ) {
        self.token = token
        self.referenceName = referenceName
        self.formatName = formatName
        self.segmentID = segmentID
        self.segmentName = segmentName
        self.fileName = fileName
        self.fileBytes = fileBytes
    }

    public var isTransactionImport: Bool { formatName == Self.transactionsFormatName }

    /// The text fields in sending order, with `token`'s value as given (mask it before showing).
    public var textFields: [(name: String, value: String)] {
        var fields = [("token", token), ("name", referenceName), ("formatName", formatName)]
        if let segmentID {
            fields.append(("segmentId", segmentID))
            fields.append(("segmentName", segmentName ?? segmentID))
        }
        return fields
    }

    /// The text fields with the token shown as `***`: the only form fit for output.
    public var displayedFields: [(name: String, value: String)] {
        textFields.map { ($0.name, $0.name == "token" ? SecretRedactor.mask : $0.value) }
    }

    /// Checks what EN would reject or what would break the form encoding, before anything is sent.
    public func validate() throws(ImportRequestError) {
        if Self.isBlank(referenceName) {
            throw ImportRequestError("--name must not be empty: EN requires a reference name for the import")
        }
        if Self.isBlank(formatName) {
            throw ImportRequestError("--format-name must not be empty: give the saved format's name, or importTransactions")
        }
        if segmentName != nil && segmentID == nil {
            throw ImportRequestError("--segment-name needs --segment-id (EN names a segment after its id when the name is blank)")
        }
        if token.isEmpty { throw ImportRequestError("the API token is empty") }
        // Line breaks cannot be sent in a header-free text part without changing the value, and
        // a token or name with control characters is a copy-and-paste accident.
        for (name, value) in textFields where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw ImportRequestError(
                name == "token" ? "the API token holds control characters (a stray line break?)" : "\(name) holds control characters")
        }
    }
}

extension ImportRequest {
    /// Empty or only spaces and tabs (what Foundation's `.whitespaces` trims: tab and Unicode's
    /// space separators). Line breaks are not blank: `validate` refuses them as control characters.
    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }
}

public struct ImportRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
