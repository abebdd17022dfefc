import CICU

/// What ICU thinks bytes that are not UTF-8 are.
public struct DetectedEncoding: Sendable, Equatable {
    /// The name to tell users: ICU's, except that ISO-8859-1 is named as the Windows-1252 family
    /// Excel actually writes (ICU says windows-1252 only when bytes 0x80-0x9F occur).
    public var name: String
    /// ICU's own name for the match.
    public var icuName: String
    /// ICU's confidence, 0-100. Below 50 it is a guess and is reported as one.
    public var confidence: Int

    public var isConfident: Bool { confidence >= 50 }
}

/// Asks the system ICU (ucsdet) to name the encoding of a sample. Only called for bytes that are
/// not valid UTF-8: UTF-8 validity is decided exactly, and much faster, by `ByteScan`.
public enum EncodingDetector {
    public static func detect(_ sample: [UInt8]) -> DetectedEncoding? {
        guard !sample.isEmpty else { return nil }
        var name = [CChar](repeating: 0, count: 64)
        var confidence: Int32 = 0
        let status = sample.withUnsafeBufferPointer { bytes in
            enlint_detect_charset(bytes.baseAddress, Int32(bytes.count), &name, Int32(name.count), &confidence)
        }
        guard status == 0 else { return nil }
        let icuName = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let shown = icuName == "ISO-8859-1" ? "windows-1252" : icuName
        return DetectedEncoding(name: shown, icuName: icuName, confidence: Int(confidence))
    }
}
