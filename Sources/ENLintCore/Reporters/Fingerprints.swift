/// Stable identities for findings: rule, file, record content and the finding's rank among its
/// twins, but not its line, so inserting rows elsewhere does not change them. GitLab's Code
/// Quality report and `--baseline` use them.
public enum Fingerprints {
    /// One 16-hex-digit fingerprint per diagnostic of `result`, in the same order.
    public static func of(_ result: FileResult) -> [String] {
        var seen: [UInt64: Int] = [:]
        return result.diagnostics.map { d in
            var h = FNV1a()
            h.combine(d.ruleID)
            h.combine(result.path)
            // File-level findings have no record: their message (sizes, counts) is their identity.
            if d.record == nil { h.combine(d.slug) } else { h.combine(String(d.contentHash, radix: 16)) }
            let key = h.value
            let rank = seen[key, default: 0]
            seen[key] = rank + 1
            h.combine(String(rank))
            return hex(h.value)
        }
    }

    static func hex(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
