#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds a tokenizer the bytes of a file descriptor, up to a bound.
///
/// A regular file's bytes after the first chunk are tokenized in place: the file is mapped into
/// memory one window at a time and each window lent to the tokenizer, instead of copied into its
/// buffer by read(2), a copy that took about a quarter of a lint's time. Memory stays bounded (one
/// window is mapped at a time, and the file's pages are the page cache's, not ours). A record
/// that a window's end cuts is tokenized again from its start in the next window, which begins
/// at the page holding that start. The cases a window cannot serve go through read(2) as before,
/// from the start of the record at hand and in reads that end where read(2) alone ends them
/// (so that the bounds cut a record alike): a record longer than a window (until it ends), a
/// record a window holds whole but with a field over its bound (the tokenizer holds it back),
/// the last record when no terminator ends it, the last bytes of a file whose last page leaves
/// no 64 bytes to read past them, and a failed `mmap`.
///
/// Only read(2) is used for anything that is not a regular file (a pipe, a terminal), a file
/// smaller than two chunks (a single read is cheaper than a mapping), a descriptor not at offset
/// 0, and when `mapping` is false (`--no-fast-path`: the reference path).
///
/// The windows stop at the file's size when it was opened: bytes appended later are not read
/// (read(2) alone would read them). A file truncated while mapped makes reading a page that is
/// gone raise SIGBUS (so does a disk error under a mapped page): the first mapping installs a
/// handler that says so and exits with code 2, for the whole run (a signal handler cannot tell
/// which of the files being linted in parallel it came from, nor return to a result). A file
/// shortened only within its last mapped page reads as NUL bytes there instead.
public final class FileInput {
    let fd: Int32
    /// No byte at or past this file offset is read: the bound asked for, or for a mapped file
    /// its size when it was opened, if lower.
    let end: Int64
    /// Whether windows are mapped (no longer after a mapping failed).
    var maps: Bool
    /// The file's size when it was opened rounded up to a page: bytes up to there are readable
    /// in a mapping (zeros after the end of the file).
    let readableEnd: Int64
    let windowSize: Int
    let pageSize: Int64
    /// The tokenizer's chunk: what read(2) reads at a time.
    let chunkSize: Int64
    /// The window mapped now (slack included), if any.
    var window: UnsafeMutableRawBufferPointer?
    /// The file offset of the record read(2) took over from the windows at (see above), which
    /// it feeds until that record ends.
    var recordTakenByRead: Int64?
    /// Windows lent so far, and times read(2) took over from them: what the tests look at to
    /// know which way the bytes came.
    var windowsLent = 0
    var readsAfterWindows = 0

    /// Windows of 4 MiB: 1 MiB ones measured slower (a mapping and an unmapping per MiB), and
    /// the window is resident while mapped, so a larger one raises peak memory.
    public static let defaultWindowSize = 4 << 20
    /// Bytes the classifier reads past the data (`CSVTokenizer.readSlack`).
    static let readSlack = Int64(CSVTokenizer.readSlack)

    /// - Parameters:
    ///   - limit: reads stop at this many bytes (`--max-bytes`).
    ///   - chunkSize: the tokenizer's chunk: a file up to two of them is read, not mapped.
    ///   - windowSize: bytes a window maps; a multiple of the page size (tests use small ones).
    public init(fileDescriptor: Int32, limit: Int64, chunkSize: Int, mapping: Bool = true,
                windowSize: Int = FileInput.defaultWindowSize) {
        fd = fileDescriptor
        self.chunkSize = Int64(chunkSize)
        pageSize = Int64(sysconf(Int32(_SC_PAGESIZE)))
        precondition(windowSize > 0 && Int64(windowSize) % pageSize == 0, "a window must be whole pages")
        self.windowSize = windowSize
        var info = stat()
        let isRegular = fstat(fileDescriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        let size = isRegular ? Int64(info.st_size) : 0
        maps = mapping && isRegular && size > 2 * Int64(chunkSize) && lseek(fileDescriptor, 0, SEEK_CUR) == 0
        end = maps ? min(limit, size) : limit
        readableEnd = (size + pageSize - 1) / pageSize * pageSize
    }

    deinit { unmapWindow() }

    /// Gives the tokenizer more input, read or mapped. Returns how many bytes beyond those it
    /// had it got; 0 at the end of the input, which is then finished. Call with every record of
    /// the tokenizer's batch read.
    @discardableResult
    public func feed(_ tokenizer: CSVTokenizer) throws(ReadError) -> Int {
        let had = tokenizer.bytesRead
        // A record a window held whole but whose field is over its bound, and at the end the
        // last record when no terminator ends it: read(2) reads them again into the own buffer,
        // where the bounds cut them as read(2) alone does.
        if tokenizer.isReadingLentWindow && (tokenizer.openRecordNeedsOwnBuffer || had >= end),
           let resume = tokenizer.rewindToUnconsumedInput(), resume < end {
            unmapWindow()
            return try read(into: tokenizer, from: resume)
        }
        guard had < end else {
            // The end, met as read(2) meets it: an empty refill moves the record in progress to
            // the buffer's start and so applies the bounds to it, as read(2) alone would (a
            // window's bytes are never moved).
            if tokenizer.isReadingLentWindow { tokenizer.finishInput() } else { tokenizer.refill { _ in 0 } }
            return 0
        }
        // The first chunk is read: it is what the caller sniffs, and what it reads on from the
        // descriptor if the content is not text.
        guard maps && had > 0 else { return try read(into: tokenizer) }
        if let offset = recordTakenByRead {
            if tokenizer.openRecordFileOffset == offset { return try read(into: tokenizer) }
            recordTakenByRead = nil
        }
        guard let resume = tokenizer.rewindToUnconsumedInput() else { return try read(into: tokenizer) }
        unmapWindow()
        let base = resume / pageSize * pageSize
        let dataEnd = min(base + Int64(windowSize), end, readableEnd - Self.readSlack)
        // No window gives more than the tokenizer had: a record longer than a window (the
        // record at `resume`, which reading then feeds until it ends), or the file's last bytes.
        guard dataEnd > had else { return try read(into: tokenizer, from: resume) }
        guard let mapped = map(from: base, count: Int(dataEnd - base + Self.readSlack)) else {
            maps = false
            return try read(into: tokenizer, from: resume)
        }
        window = mapped
        windowsLent += 1
        // Leave the descriptor where read(2) of these bytes would have: a caller sharing it (a
        // shell's `{ enlint -; next; } < file`) goes on after what was read, not after the first chunk.
        _ = lseek(fd, off_t(dataEnd), SEEK_SET)
        tokenizer.tokenize(lentWindow: UnsafeRawBufferPointer(rebasing: mapped[..<Int(dataEnd - base)]), fileOffset: base, from: resume)
        return Int(dataEnd - had)
    }

    /// Goes on by read(2) from `offset`, the tokenizer having let go of what it held. The first
    /// read stops at a multiple of the chunk size, so that the later ones end where read(2)
    /// alone ends them (whole chunks from the file's start): a record over the bounds then
    /// loses the same bytes either way, and what is found after a cut (a column, a count of
    /// NUL bytes) is the same with and without the windows.
    func read(into tokenizer: CSVTokenizer, from offset: Int64) throws(ReadError) -> Int {
        recordTakenByRead = offset
        readsAfterWindows += 1
        tokenizer.continueInOwnBuffer(at: offset)
        guard lseek(fd, off_t(offset), SEEK_SET) == offset else { throw ReadError(errno: errno) }
        let chunkEnd = (offset / chunkSize + 1) * chunkSize
        return try tokenizer.refill(fromFileDescriptor: fd, upTo: Int(min(chunkEnd, end) - offset))
    }

    func read(into tokenizer: CSVTokenizer) throws(ReadError) -> Int {
        try tokenizer.refill(fromFileDescriptor: fd, upTo: Int(clamping: end - tokenizer.bytesRead))
    }

    /// Maps `count` bytes of the file from `offset` (a page boundary), read-only; nil on failure.
    func map(from offset: Int64, count: Int) -> UnsafeMutableRawBufferPointer? {
        Self.installTruncationHandler
        guard let start = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, off_t(offset)), start != MAP_FAILED else { return nil }
        return UnsafeMutableRawBufferPointer(start: start, count: count)
    }

    func unmapWindow() {
        guard let mapped = window else { return }
        munmap(mapped.baseAddress, mapped.count)
        window = nil
    }

    /// Reading a mapped page that the file no longer has raises SIGBUS, which would otherwise
    /// kill enlint with a core dump and no word of why.
    static let installTruncationHandler: Void = {
        #if canImport(Glibc)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            // Only async-signal-safe calls here: write(2) of static bytes, then _exit.
            let message: StaticString =
                "enlint: a page of an input file could not be read (another program truncated the file while enlint read it, or the disk failed); no result\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(2)
        }
        sigaction(SIGBUS, &action, nil)
        #endif
    }()
}
