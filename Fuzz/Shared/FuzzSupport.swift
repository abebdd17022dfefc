#if canImport(Glibc)
import Glibc
#endif

/// Stops the run with a message when an invariant fails. libFuzzer sees the abort as a crash and
/// saves the input (`crash-<sha1>`), so the message says which invariant and the file says why.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if condition { return }
    let text = "invariant failed: " + message() + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    abort()
}

/// Reads fuzzer-chosen numbers from the start of the input. The bytes stay part of the data
/// too, so that a seed corpus of plain CSV files still makes sense to the target.
struct ConfigBytes {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A value in `range`, from the next byte (the range's lower bound when the input is short).
    mutating func next(in range: ClosedRange<Int>) -> Int {
        defer { index += 1 }
        guard index < bytes.count else { return range.lowerBound }
        return range.lowerBound + Int(bytes[index]) % range.count
    }
}

/// Physical lines as the tokenizer counts them: LF, CRLF and a lone CR each end one, inside
/// quotes or not.
func lineBreakCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var count = 0
    var i = 0
    while i < bytes.count {
        if bytes[i] == 0x0A {
            count += 1
        } else if bytes[i] == 0x0D {
            count += 1
            if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
        }
        i += 1
    }
    return count
}
