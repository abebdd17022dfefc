/// A strict JSON (RFC 8259) syntax checker: enough to prove a report parses, without Foundation
/// (which would slow every fuzz iteration and add its own code to the coverage map).
struct JSONSyntax {
    let bytes: [UInt8]
    var i = 0

    static func isValidDocument(_ bytes: [UInt8]) -> Bool {
        var parser = JSONSyntax(bytes: bytes)
        parser.skipSpace()
        guard parser.value(depth: 0) else { return false }
        parser.skipSpace()
        return parser.i == bytes.count
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() {
        while let b = current, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 }
    }

    mutating func literal(_ word: String) -> Bool {
        for b in word.utf8 {
            guard current == b else { return false }
            i += 1
        }
        return true
    }

    mutating func value(depth: Int) -> Bool {
        guard depth < 64, let b = current else { return false }
        switch b {
        case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), depth: depth, keyed: true)
        case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), depth: depth, keyed: false)
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    mutating func container(close: UInt8, depth: Int, keyed: Bool) -> Bool {
        i += 1
        skipSpace()
        if current == close { i += 1; return true }
        while true {
            if keyed {
                guard string() else { return false }
                skipSpace()
                guard literal(":") else { return false }
                skipSpace()
            }
            guard value(depth: depth + 1) else { return false }
            skipSpace()
            if current == close { i += 1; return true }
            guard literal(",") else { return false }
            skipSpace()
        }
    }

    mutating func string() -> Bool {
        guard literal("\"") else { return false }
        while let b = current {
            i += 1
            if b == UInt8(ascii: "\"") { return true }
            if b < 0x20 { return false }  // control characters must be escaped
            if b == UInt8(ascii: "\\") {
                guard let e = current else { return false }
                i += 1
                if e == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        guard let h = current, isHexDigit(h) else { return false }
                        i += 1
                    }
                } else if !"\"\\/bfnrt".utf8.contains(e) {
                    return false
                }
            }
        }
        return false
    }

    mutating func number() -> Bool {
        if current == UInt8(ascii: "-") { i += 1 }
        guard digits() else { return false }
        if current == UInt8(ascii: ".") { i += 1; guard digits() else { return false } }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            i += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { i += 1 }
            guard digits() else { return false }
        }
        return true
    }

    mutating func digits() -> Bool {
        let start = i
        while let b = current, b >= 0x30 && b <= 0x39 { i += 1 }
        return i > start
    }

    func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }
}
