@testable import CSVTokenizer
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Input through mapped windows (`FileInput`): the same records, lines, offsets and events as
/// the reference wherever a window's end falls (inside a quoted line break, between CR and LF,
/// inside a multibyte character), for records longer than a window (read(2) takes over, then
/// windows again), for files whose last page leaves no room to read past their end, and under
/// the memory bounds. Windows here are two or three pages, so that small inputs cross many (a
/// one-page window cannot move on from a record cut at its end: the next window would start at
/// the same page).
@Suite struct FileInputTests {
    static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Records from the differential generators, to at least `size` bytes. Garbage is rare: an
    /// unclosed quote in it makes the rest of the file one record.
    static func file(_ rng: inout SplitMix64, size: Int, garbage: Double = 0.02) -> [UInt8] {
        var out: [UInt8] = []
        while out.count < size {
            if rng.chance(garbage) {
                out += DifferentialTests.garbage(&rng)
            } else if rng.chance(0.6) {
                out += DifferentialTests.wide(&rng)
            } else {
                out += DifferentialTests.wellFormed(&rng).0
            }
            if let last = out.last, last != 0x0A && last != 0x0D { out.append(0x0A) }
        }
        return out
    }

    /// Compares a mapped run with the reference, record by record; true when equal.
    @discardableResult
    static func checkMapped(
        _ input: [UInt8], chunkSize: Int, windowPages: Int, context: String, rng: inout SplitMix64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Run {
        let expected = ReferenceTokenizer.tokenize(input)
        let run = runTokenizer(
            input, limits: TokenizerLimits(chunkSize: chunkSize), feed: .file(windowPages: windowPages), rng: &rng,
            sourceLocation: sourceLocation)
        let got = run.records.map(\.reference)
        #expect(run.tokenizer.hasBOM == expected.hasBOM, "\(context)", sourceLocation: sourceLocation)
        if got != expected.records {
            let diff = zip(got, expected.records).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record(
                "differs from the reference: \(context); \(got.count) records, expected \(expected.records.count); first difference: \(diff.map { "record \($0.offset + 1): \(DifferentialTests.whatDiffers($0.element.0, $0.element.1))" } ?? "none in the common part")",
                sourceLocation: sourceLocation)
        }
        return run
    }

    @Test(arguments: 0..<4)
    func mappedWindowsGiveTheReferenceRecords(seed: UInt64) {
        var rng = SplitMix64(seed: 0xF11E_0000 + seed)
        for n in 0..<10 {
            let input = Self.file(&rng, size: rng.int(1...12) * Self.page + rng.int(0...Self.page))
            let chunkSize = rng.pick([7, 100, 4096, 1 << 20])
            let pages = rng.int(2...3)
            let run = Self.checkMapped(input, chunkSize: chunkSize, windowPages: pages, context: "seed \(seed) case \(n) chunk \(chunkSize) pages \(pages)", rng: &rng)
            // A file of more than two chunks is mapped (after its first chunk, which is read).
            #expect((run.fileInput!.windowsLent > 0) == (input.count > 2 * chunkSize), "seed \(seed) case \(n)")
        }
    }

    /// A record over three pages long between ordinary ones: no two-page window holds it, so
    /// read(2) feeds it, and windows take over again after it.
    @Test func aRecordLongerThanAWindowIsReadThenWindowsGoOn() {
        var rng = SplitMix64(seed: 5)
        var text = "id,note\n"
        for i in 0..<300 { text += "\(i),plain note \(i)\n" }
        text += "300,\"" + String(repeating: "long line\r\n", count: 3 * Self.page / 11) + "\"\n"
        for i in 301..<600 { text += "\(i),\"quoted, note\"\n" }
        let run = Self.checkMapped(Array(text.utf8), chunkSize: 100, windowPages: 2, context: "long record", rng: &rng)
        #expect(run.records.count == 601)
        #expect(run.records[301].line == 302)
        #expect(run.records[302].line == 302 + 3 * Self.page / 11 + 1)
        let file = run.fileInput!
        #expect(file.readsAfterWindows >= 1)
        // Windows before the long record and after it.
        #expect(file.windowsLent >= 3)
    }

    /// The last page of a file leaves 64 bytes or more after its end to read past (mapped to
    /// the end), or fewer (the last bytes are read): both give every record, the last one
    /// ending without a terminator too.
    @Test(arguments: [0, 1, 30, 63, 64, 65, 200])
    func aFileEndingNearAPageEnd(missing: Int) {
        var rng = SplitMix64(seed: UInt64(missing))
        var input = Array(String(repeating: "a,b,\"c\r\nd\"\n", count: 3 * Self.page / 11 + 1).utf8)
        input.removeLast(input.count - (3 * Self.page - missing))
        let run = Self.checkMapped(input, chunkSize: 64, windowPages: 2, context: "size 3 pages - \(missing)", rng: &rng)
        #expect(run.tokenizer.bytesRead == Int64(3 * Self.page - missing))
        #expect(run.fileInput!.windowsLent == 2)
        // Under 64 bytes left after the data on the last page: those bytes are read; so is a
        // last record that no terminator ends (as read(2) alone ends it).
        #expect((run.fileInput!.readsAfterWindows > 0) == (missing < 64 || input.last != UInt8(ascii: "\n")))
    }

    /// Under small bounds a record loses bytes while read(2) feeds it, and then cannot be
    /// tokenized again from a window: the reads go on, with the same truncations and events.
    @Test(arguments: 0..<2)
    func mappedWindowsUnderTheBounds(seed: UInt64) {
        var rng = SplitMix64(seed: 0xB0D5_0000 + seed)
        for n in 0..<6 {
            let input = Self.file(&rng, size: rng.int(2...6) * Self.page)
            let maxField = rng.int(20...200)
            let limits = TokenizerLimits(
                chunkSize: rng.pick([64, 700, 4096]), maxFieldBytes: maxField,
                maxRecordBytes: maxField + rng.int(0...3000), maxFieldsPerRecord: rng.int(2...16))
            guard LimitsTests.checkAgainstReference(
                input, limits: limits, feed: .file(windowPages: 2), rng: &rng, context: "seed \(seed) case \(n) \(limits)")
            else { return }
        }
    }

    /// Records over the bounds are read(2)'s (those longer than a window, and those a window
    /// holds whole but with a field over its bound, held back), in whole chunks from the file's
    /// start as read(2) alone reads them, so they lose the same bytes: values, lines, columns
    /// (after the cut too), offsets, events and terminator counts are those of read(2) alone.
    @Test func recordsOverTheBoundsAreCutAsReadCutsThem() {
        var rng = SplitMix64(seed: 11)
        var text = "id,note,more\n"
        for round in 0..<6 {
            for i in 0..<rng.int(50...400) { text += "\(i),plain \(i),x\n" }
            // Longer than a two-page window and than the bounds; a stray quote after the cut,
            // near the record's end: among the bytes read after the last cut.
            let long = String(repeating: "long é\n", count: rng.int(3_000...5_000))
            text += "\(round),\"\(long)\",\(String(repeating: "z", count: rng.int(3_500...9_000))),a\"b\n"
            // Shorter than a window, with a field over the bound: held back and read too.
            text += "\(round),\(String(repeating: "y", count: rng.int(3_100...5_000))),a\"b\r\n"
        }
        // Last, one ending in a field over the bounds, with no terminator: the end of input
        // cuts it as a refill does (where it ends, its column, tells).
        text += "9,a\"b,\(String(repeating: "é", count: 6_000))"
        let input = Array(text.utf8)
        let limits = TokenizerLimits(chunkSize: 1_000, maxFieldBytes: 3_000, maxRecordBytes: 12_000)
        let read = runTokenizer(input, limits: limits, feed: .file(windowPages: nil), rng: &rng)
        let mapped = runTokenizer(input, limits: limits, feed: .file(windowPages: 2), rng: &rng)
        #expect(mapped.records.count == read.records.count)
        #expect(mapped.records.map(\.reference) == read.records.map(\.reference))
        #expect(mapped.records.map(\.flags) == read.records.map(\.flags))
        #expect(mapped.records.map(\.endColumn) == read.records.map(\.endColumn))
        #expect(mapped.tokenizer.terminatorCounts == read.tokenizer.terminatorCounts)
        #expect(read.records.count(where: { $0.terminator == .crlf }) == 6)
        #expect(read.records.contains { $0.isTruncated })
        #expect(mapped.fileInput!.windowsLent > 1 && mapped.fileInput!.readsAfterWindows > 1)
    }

    /// Only read(2) for what is not a regular file at offset 0: a pipe, and a descriptor
    /// already moved into the file (the records then start where it stands).
    @Test func pipesAndMovedDescriptorsAreRead() throws {
        let text = Array(String(repeating: "x,\"y\ny\"\n", count: 1500).utf8)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        text.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count { done += write(ends[1], raw.baseAddress! + done, min(4096, raw.count - done)) }
        }
        close(ends[1])
        let fromPipe = try Self.records(fd: ends[0])
        close(ends[0])
        #expect(fromPipe.records == ReferenceTokenizer.tokenize(text).records.map { $0.fields })
        #expect(fromPipe.windowsLent == 0)

        let fd = temporaryFile(text)
        defer { close(fd) }
        lseek(fd, 8, SEEK_SET)
        let moved = try Self.records(fd: fd)
        #expect(moved.records == ReferenceTokenizer.tokenize(Array(text[8...])).records.map { $0.fields })
        #expect(moved.windowsLent == 0)
    }

    /// A bound below the file's size: the windows stop there, as read(2) does.
    @Test func theByteBoundStopsTheWindows() throws {
        let text = Array(String(repeating: "1,2,3\n", count: 5000).utf8)
        let fd = temporaryFile(text)
        defer { close(fd) }
        let bound = 3 * Self.page + 5
        let got = try Self.records(fd: fd, limit: Int64(bound))
        #expect(got.bytesRead == Int64(bound))
        #expect(got.windowsLent > 0)
        #expect(got.records == ReferenceTokenizer.tokenize(Array(text[..<bound])).records.map { $0.fields })
    }

    /// The descriptor ends where read(2) would have left it, after the bytes read (the file,
    /// or the bound), not after the first chunk: a shell sharing it with the next command
    /// (`{ enlint -; tail; } < file`) goes on from there.
    @Test func theDescriptorEndsAfterTheBytesRead() throws {
        let text = Array(String(repeating: "1,\"2\n2\",3\n", count: 5000).utf8)
        let fd = temporaryFile(text)
        defer { close(fd) }
        let whole = try Self.records(fd: fd)
        #expect(whole.windowsLent > 0)
        #expect(lseek(fd, 0, SEEK_CUR) == off_t(text.count))
        lseek(fd, 0, SEEK_SET)
        let bound = 5 * Self.page + 3
        let bounded = try Self.records(fd: fd, limit: Int64(bound))
        #expect(bounded.windowsLent > 0)
        #expect(lseek(fd, 0, SEEK_CUR) == off_t(bound))
    }

    /// Every record's fields from `fd`, fed by `FileInput` with a small chunk and two-page windows.
    static func records(fd: Int32, limit: Int64 = .max) throws -> (records: [[[UInt8]]], windowsLent: Int, bytesRead: Int64) {
        let tokenizer = CSVTokenizer(limits: TokenizerLimits(chunkSize: 256))
        let input = FileInput(fileDescriptor: fd, limit: limit, chunkSize: 256, windowSize: 2 * page)
        var records: [[[UInt8]]] = []
        while true {
            while tokenizer.nextRecord() {
                let r = tokenizer.record
                records.append((0..<r.storedFieldCount).map { Array(r.value($0)) })
            }
            if tokenizer.isInputFinished { break }
            try input.feed(tokenizer)
        }
        return (records, input.windowsLent, tokenizer.bytesRead)
    }
}
