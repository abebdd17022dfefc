#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error from reading the input, with the `errno` it came from.
public struct ReadError: Error, Sendable, Equatable {
    public var errno: Int32
    public init(errno: Int32) { self.errno = errno }
    public var message: String {
        String(cString: strerror(errno))
    }
}

extension CSVTokenizer {
    /// Reads one chunk, of at most `limit` bytes, from `fd` into the buffer (retrying on EINTR).
    /// Returns the bytes read; 0 at end of input, which also finishes the input.
    @discardableResult
    public func refill(fromFileDescriptor fd: Int32, upTo limit: Int = .max) throws(ReadError) -> Int {
        precondition(limit > 0, "refill: a limit of \(limit) bytes would read nothing and end the input")
        var failure: Int32 = 0
        let n = refill { space -> Int in
            while true {
                let r = read(fd, space.baseAddress, min(space.count, limit))
                if r >= 0 { return r }
                if errno == EINTR { continue }
                failure = errno
                return 0
            }
        }
        if failure != 0 {
            throw ReadError(errno: failure)
        }
        return n
    }
}
