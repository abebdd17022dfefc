import CICU
import CSVTokenizer

#if canImport(Glibc)
import Glibc
#endif

/// Reads a file in a legacy encoding or UTF-16/32 and hands out UTF-8, a buffer at a time, through
/// ICU's streaming converter: a multi-byte character cut by a read boundary waits in ICU's state
/// for the rest, so the file never has to sit in memory whole.
final class Transcoder {
    let encoding: String
    private let converter: OpaquePointer
    private let fd: Int32
    private var source: UnsafeMutablePointer<UInt8>
    private let sourceCapacity = 1 << 16
    /// Unconverted bytes are `source[sourceStart..<sourceEnd]`.
    private var sourceStart = 0
    private var sourceEnd = 0
    private var atEndOfInput = false
    private var flushed = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `encoding` is an ICU converter name (`cp1252`, `UTF-16LE`, ...).
    init(encoding: String, fd: Int32) throws(Failure) {
        var error: Int32 = 0
        guard let converter = enlint_transcoder_open(encoding, &error) else {
            if error == ENLINT_ICU_UNAVAILABLE {
                throw Failure(
                    description: "cannot convert from \(encoding): the system ICU (\(String(cString: enlint_icu_library_name()))) "
                        + "could not be loaded; install it (Debian: libicu72)")
            }
            throw Failure(description: "ICU has no converter for \"\(encoding)\" (error \(-error))")
        }
        self.encoding = encoding
        self.converter = converter
        self.fd = fd
        source = .allocate(capacity: sourceCapacity)
    }

    deinit {
        enlint_transcoder_close(converter)
        source.deallocate()
    }

    /// Fills `space` with UTF-8; returns the bytes written, 0 only at the end of the input.
    func read(into space: UnsafeMutableRawBufferPointer) throws -> Int {
        let start = space.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var target: UnsafeMutablePointer<UInt8>? = start
        let limit = start + space.count
        while target == start && !flushed {
            if sourceStart == sourceEnd && !atEndOfInput { try readSource() }
            var from: UnsafePointer<UInt8>? = UnsafePointer(source + sourceStart)
            let status = enlint_transcoder_convert(
                converter, &from, source + sourceEnd, &target, limit, atEndOfInput ? 1 : 0)
            sourceStart = from! - UnsafePointer(source)
            if status < 0 { throw Failure(description: "cannot convert from \(encoding) (ICU error \(-status))") }
            if status == 0 && atEndOfInput && sourceStart == sourceEnd { flushed = true }
            if status == 1 { break }
        }
        return target! - start
    }

    private func readSource() throws {
        sourceStart = 0
        sourceEnd = 0
        while true {
            let n = Glibc.read(fd, source, sourceCapacity)
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(errno: errno)
            }
            if n == 0 { atEndOfInput = true }
            sourceEnd = n
            return
        }
    }
}
