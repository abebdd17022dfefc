import Foundation
import Testing

/// Files made by `scripts/generate-csv.py`, and the records `enlint records` reads from them.
enum GeneratedFiles {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the generator: `kind` `size` to `path`, with its variant options (`--fixable`, ...).
    static func write(_ kind: String, _ size: String, to path: String, options: [String] = []) throws {
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        generator.arguments = ["python3", EnlintRunner.repositoryRoot.appendingPathComponent("scripts/generate-csv.py").path, kind, size, path] + options
        try generator.run()
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else {
            throw Failure(description: "generate-csv.py \(kind) \(size) \(options) exited with \(generator.terminationStatus)")
        }
    }

    /// One line of `enlint records`: the physical line a record starts on, and its values.
    struct Record: Decodable, Equatable, CustomStringConvertible {
        var line: Int
        var fields: [String]

        var description: String { "line \(line): \(fields)" }

        /// Values compared scalar by scalar: `String`'s `==` takes `é` and `e` + U+0301 as equal.
        static func == (a: Record, b: Record) -> Bool {
            a.line == b.line && a.fields.map(\.unicodeScalars).elementsEqual(b.fields.map(\.unicodeScalars), by: { $0.elementsEqual($1) })
        }
    }

    /// The records of a file as `enlint records` prints them. (`JSONDecoder`, not
    /// `JSONSerialization`, which drops U+FEFF from strings.)
    static func records(of path: String) throws -> [Record] {
        let outcome = try EnlintRunner.run(["records", path])
        guard outcome.status == 0 else { throw Failure(description: "enlint records \(path): \(outcome.stderr)") }
        let decoder = JSONDecoder()
        return try outcome.stdout.split(separator: "\n").map { try decoder.decode(Record.self, from: Data($0.utf8)) }
    }

    /// Where `actual` and `expected` first differ, and their counts, for a readable failure
    /// (the whole lists would be megabytes); nil when they are equal.
    static func firstDifference(_ actual: [Record], _ expected: [Record]) -> String? {
        if let i = zip(actual.indices, expected.indices).first(where: { actual[$0] != expected[$1] })?.0 {
            return "record \(i) differs: got \(actual[i]), expected \(expected[i])"
        }
        return actual.count == expected.count ? nil : "got \(actual.count) records, expected \(expected.count)"
    }
}
