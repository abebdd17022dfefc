import CSVTokenizer
import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// A file's size and SHA-256, as `wc -c` and `sha256sum` give them, read with `pread` so the
/// descriptor's offset stays where the caller left it.
enum FileFingerprint {
    static func of(fileDescriptor fd: Int32) throws(ReadError) -> (bytes: Int64, sha256: String) {
        let capacity = 1 << 20
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        var offset: Int64 = 0
        while true {
            let n = pread(fd, buffer, capacity, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(errno: errno)
            }
            if n == 0 { return (offset, hasher.hexDigest()) }
            hasher.update(UnsafeBufferPointer(start: buffer, count: n))
            offset += Int64(n)
        }
    }
}
