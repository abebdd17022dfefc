#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old content or the whole new one: into a
/// temporary file in the same directory, flushed to disk, then renamed over the target. enlint
/// never modifies its inputs; everything it writes goes through here.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    /// Writes every byte of `bytes` to `fd`, retrying on EINTR and short writes. Returns 0, or
    /// the `errno` of the write that failed.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let stream = try Stream(path: path)
        stream.write(bytes)
        try stream.commit()
    }

    /// A file written piece by piece (a repaired CSV, a split part) and made visible only by
    /// `commit()`: the same temporary file, fsync and rename as `write(_:to:)`, so memory does
    /// not grow with the file. Dropped without a commit, the temporary file is removed.
    public final class Stream {
        /// Where `commit()` puts the file (changeable until then: the temporary file is in the
        /// same directory, so any name there can be the target).
        public var path: String
        /// The file being written, readable once `flush()` has run (to verify it before the rename).
        public let temporary: String
        var fd: Int32
        var buffer: [UInt8] = []
        /// The errno of the first failed write; later writes are skipped and `commit` throws.
        var failure: Int32 = 0
        /// Bytes written so far (buffered ones included).
        public private(set) var byteCount: Int64 = 0
        static let bufferSize = 1 << 16

        public init(path: String) throws(WriteError) {
            self.path = path
            // The rename would replace a device or a pipe (`-o /dev/null`, as root) with a file.
            var info = stat()
            if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
                let directory = (info.st_mode & S_IFMT) == S_IFDIR
                throw WriteError(path: path, reason: directory ? String(cString: strerror(EISDIR))
                    : "not a regular file (enlint writes a new file and renames it into place)")
            }
            let slash = path.lastIndex(of: "/")
            let directory = slash.map { String(path[..<$0]) } ?? "."
            let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let template = (directory.isEmpty ? "/" : directory) + "/.\(base).enlint-XXXXXX"
            var name = Array(template.utf8CString)
            fd = mkstemp(&name)
            guard fd >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
            temporary = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            buffer.reserveCapacity(Self.bufferSize)
        }

        deinit { abandon() }

        public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
            resumeIfSuspended()
            byteCount += Int64(bytes.count)
            guard failure == 0 else { return }
            if buffer.count + bytes.count > Self.bufferSize { flush() }
            if bytes.count >= Self.bufferSize {
                failure = writeAll(UnsafeRawBufferPointer(bytes), to: fd)
            } else {
                buffer.append(contentsOf: bytes)
            }
        }

        public func write(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { write($0) }
        }

        /// Writes out the buffered bytes.
        public func flush() {
            guard failure == 0, !buffer.isEmpty else { return }
            failure = buffer.withUnsafeBytes { writeAll($0, to: fd) }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Flushes, syncs and closes the file, ready for `commit()`: the step that fails when the
        /// disk is full or a size limit is hit. On failure the temporary file is removed. A
        /// caller with several files finishes them all before committing any, so that a failure
        /// leaves none of them in place.
        public func finish() throws(WriteError) {
            precondition(isPending, "finish after commit or abandon")
            resumeIfSuspended()
            if fd >= 0 {
                flush()
                if failure == 0 && fsync(fd) != 0 { failure = errno }
                // mkstemp creates 0600; what enlint writes is an ordinary file.
                if failure == 0 && fchmod(fd, 0o644) != 0 { failure = errno }
                close(fd)
                fd = -1
            }
            if failure != 0 {
                abandon()
                throw WriteError(path: path, reason: String(cString: strerror(failure)))
            }
        }

        /// Finishes the file and renames it into place.
        public func commit() throws(WriteError) {
            try finish()
            if rename(temporary, path) != 0 {
                failure = errno
                abandon()
                throw WriteError(path: path, reason: String(cString: strerror(failure)))
            }
            isPending = false
        }

        /// Closes the file descriptor and lets go of the buffer, keeping what was written: for
        /// callers with more files on the go than descriptors to spare. The next write reopens.
        public func suspend() {
            guard fd >= 0 else { return }
            flush()
            close(fd)
            fd = -1
            isSuspended = true
            buffer = []
        }

        public private(set) var isSuspended = false
        /// The temporary file exists: neither committed nor abandoned yet.
        var isPending = true

        func resumeIfSuspended() {
            guard isSuspended else { return }
            isSuspended = false
            buffer.reserveCapacity(Self.bufferSize)
            fd = open(temporary, O_WRONLY | O_APPEND | O_CLOEXEC)
            if fd < 0 && failure == 0 { failure = errno }
        }

        /// Removes the temporary file; the target is left as it was.
        public func abandon() {
            guard isPending else { return }
            if fd >= 0 { close(fd) }
            isSuspended = false
            fd = -1
            isPending = false
            unlink(temporary)
        }
    }
}
