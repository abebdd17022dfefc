/// Small helpers for writing findings: counts with their noun, numbers people can read.
enum Wording {
    /// `1 line`, `3 lines`; `plural` for irregular nouns.
    static func count(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(n)) \(n == 1 ? noun : plural ?? noun + "s")"
    }

    /// Digits grouped by thousands: `20,000,000`.
    static func grouped<N: BinaryInteger>(_ n: N) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return n < 0 ? "-" + out : out
    }

    enum SizeUnit {
        /// Megabytes of 1,000,000 bytes, the unit of EN's 20 MB limit.
        case decimal
        /// Mebibytes of 1,048,576 bytes, the unit of the tokenizer's bounds.
        case binary
    }

    /// A byte count, with a rounded size in the unit when it is at least one unit:
    /// `45 bytes`, `20,000,000 bytes (20.0 MB)`, `1,048,576 bytes (1.0 MiB)`.
    static func bytes(_ n: Int64, unit: SizeUnit = .decimal) -> String {
        let exact = count(Int(n), "byte")
        let (size, name): (Int64, String) = unit == .decimal ? (1_000_000, "MB") : (1 << 20, "MiB")
        guard n >= size else { return exact }
        let tenths = (n * 10 + size / 2) / size
        return "\(exact) (\(tenths / 10).\(tenths % 10) \(name))"
    }

    /// A value quoted for a message, shortened so that a huge field cannot flood the output.
    static func quoted(_ value: String, limit: Int = 40) -> String {
        value.count <= limit ? "'\(value)'" : "'\(value.prefix(limit))…'"
    }
}
