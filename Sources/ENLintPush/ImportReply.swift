/// What EN's answer means. EN answers in plain text, even on failure, and a body starting with
/// `Error` is a failure whatever the HTTP status (EN has been seen to send its errors with 200).
public enum ImportReply: Sendable, Equatable {
    /// "Your file has been uploaded successfully and scheduled for import. Your job # is N. ...":
    /// scheduled, not imported; the result comes later by email and in the job monitor.
    case scheduled(job: Int?, text: String)
    /// A body starting with `Error`.
    case rejected(text: String, advice: String)
    /// A status other than 2xx without EN's error text (a proxy, a gateway, an outage).
    case httpError(status: Int, text: String, advice: String)
    /// A 2xx answer that is neither EN's success text nor an error: the upload may or may not
    /// have been scheduled.
    case unrecognized(status: Int, text: String)

    public init(status: Int, body: [UInt8]) {
        let text = Self.printable(body)
        if text.lowercased().hasPrefix("error") {
            self = .rejected(text: text, advice: ErrorAdvice.advice(for: text))
        } else if (200..<300).contains(status) {
            let job = Self.jobNumber(in: text)
            if job != nil || text.lowercased().contains("uploaded successfully") {
                self = .scheduled(job: job, text: text)
            } else {
                self = .unrecognized(status: status, text: text)
            }
        } else {
            self = .httpError(status: status, text: text, advice: ErrorAdvice.advice(forStatus: status))
        }
    }

    /// The number after "job #" ("Your job # is 131878."), if any.
    static func jobNumber(in text: String) -> Int? {
        let lowered = Array(text.lowercased().unicodeScalars)
        let marker = Array("job #".unicodeScalars)
        guard lowered.count >= marker.count else { return nil }
        for start in 0...(lowered.count - marker.count) where lowered[start..<(start + marker.count)].elementsEqual(marker) {
            // Then " is ", ":" or spaces, and the digits.
            var i = start + marker.count
            var skipped = 0
            while i < lowered.count, !("0"..."9").contains(lowered[i]), skipped < 5 {
                i += 1
                skipped += 1
            }
            var digits = ""
            while i < lowered.count, ("0"..."9").contains(lowered[i]), digits.count < 18 {
                digits.unicodeScalars.append(lowered[i])
                i += 1
            }
            if let job = Int(digits) { return job }
        }
        return nil
    }

    /// The reply as one trimmed line of at most 500 characters, without control characters: a
    /// misrouted request can come back as a whole HTML page, which is no message for a terminal.
    static func printable(_ body: [UInt8]) -> String {
        var text = ""
        var lastWasSpace = false
        for scalar in String(decoding: body, as: UTF8.self).unicodeScalars {
            let isSpace = scalar.value < 0x20 || scalar.value == 0x7F || scalar == " "
            if isSpace {
                if !lastWasSpace && !text.isEmpty { text += " " }
                lastWasSpace = true
            } else {
                text.unicodeScalars.append(scalar)
                lastWasSpace = false
            }
            if text.unicodeScalars.count >= 500 {
                text += "..."
                break
            }
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}

/// What to do about each of EN's known error texts (from EN's "Bulk Import API overview").
enum ErrorAdvice {
    static let known: [(fragment: String, advice: String)] = [
        ("import format parameter not found or is invalid",
         "check --format-name against the saved format's name in EN (Data & Reports > Import), or use importTransactions for transaction files"),
        ("reference name is a required parameter",
         "give the import a reference name with --name, and a valid saved format name with --format-name (EN's documentation names both for this error)"),
        ("does not match the first line of your upload file",
         "the header row must be exactly the saved format's fields: lint with --format-header FILE holding the saved format's header (EN301); EN also says this when no file arrived"),
        ("unable to process your import",
         "EN could not process the file: check it is UTF-8 without a BOM, then contact EN support with the reference name"),
    ]

    static func advice(for text: String) -> String {
        let lowered = text.lowercased()
        if let match = known.first(where: { lowered.contains($0.fragment) }) { return match.advice }
        if lowered.contains("token") {
            return "check the API token (EN_API_TOKEN or --token-file) and that its user may import in this account"
        }
        return "EN refused the upload; check the file, --format-name and the token, then see EN's job monitor"
    }

    static func advice(forStatus status: Int) -> String {
        switch status {
        case 300..<400: "EN redirected the upload; enlint does not follow redirects with a file and token: check --region or --endpoint"
        case 401, 403: "check the API token (EN_API_TOKEN or --token-file) and --region (an account lives on one server)"
        case 404: "no import service at this address: check --region or --endpoint"
        case 413: "the file is too large for EN (at most 20 MB)"
        case 500..<600:
            "EN failed while handling the upload; it may or may not have been scheduled: check the job monitor before pushing again"
        default: "check --region or --endpoint, and the job monitor before pushing again"
        }
    }
}
