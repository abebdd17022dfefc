import CSVTokenizer
import ENLintCore

/// Runs a tokenizer over a file descriptor, straight or through a `Transcoder`, and hands each
/// record to `body`: the record loop `fix`, `split` and the verification share.
struct RecordFeed {
    let fd: Int32
    var transcoder: Transcoder?
    var limits = TokenizerLimits.default
    /// `--max-bytes`: where reading stops, counted in the bytes the tokenizer gets (UTF-8, after
    /// any conversion). Reaching it throws `InputLimitReached`: fix and split write whole files
    /// or nothing, so a file read in part must not pass for the whole one.
    var maxBytes = Int64.max
    /// Throw `NotCSVText` when the first bytes read are binary data or UTF-16/32 text.
    var requireText = false

    /// Calls `body` for every record; `body` returns false to stop early. Returns the tokenizer,
    /// for its file facts (BOM, bytes read).
    @discardableResult
    func forEachRecord(_ body: (CSVRecord) throws -> Bool) throws -> CSVTokenizer {
        let tokenizer = CSVTokenizer(limits: limits)
        var first = true
        while true {
            while tokenizer.nextRecord() {
                guard try body(tokenizer.record) else { return tokenizer }
            }
            if tokenizer.isInputFinished { return tokenizer }
            if tokenizer.bytesRead >= maxBytes { throw InputLimitReached(bytes: maxBytes) }
            let room = Int(clamping: maxBytes - tokenizer.bytesRead)
            if let transcoder {
                try tokenizer.refill { try transcoder.read(into: UnsafeMutableRawBufferPointer(rebasing: $0.prefix(room))) }
            } else {
                try tokenizer.refill(fromFileDescriptor: fd, upTo: room)
            }
            if first && requireText {
                let form = ContentForm.sniff(tokenizer.unscannedBytes)
                if !form.isTokenized { throw NotCSVText(form: form) }
            }
            first = false
        }
    }
}

/// Reading reached `--max-bytes` before the end of the input.
struct InputLimitReached: Error {
    let bytes: Int64

    var description: String { "stopped reading after \(bytes) bytes (--max-bytes)" }
}

/// The input is binary data or UTF-16/32 text, which split would cut between bytes.
struct NotCSVText: Error {
    let form: ContentForm
}

/// How values are written back: quoted only when they must be (a delimiter, a quote or a line
/// break inside), quotes doubled, as RFC 4180 and the tokenizer read them.
enum CSVField {
    static let quote = UInt8(ascii: "\"")

    static func needsQuotes(_ value: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = UInt8(ascii: ",")) -> Bool {
        value.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }
    }

    static func append(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard needsQuotes(value) else {
            out.append(contentsOf: value)
            return
        }
        out.append(quote)
        for b in value {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }

    static func append(_ value: String, to out: inout [UInt8]) {
        var text = value
        text.withUTF8 { append($0, to: &out) }
    }

    static func terminatorBytes(_ terminator: LineTerminator) -> [UInt8] {
        switch terminator {
        case .lf: [0x0A]
        case .crlf: [0x0D, 0x0A]
        case .cr: [0x0D]
        }
    }
}
