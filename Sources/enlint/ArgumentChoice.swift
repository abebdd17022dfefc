import ArgumentParser

/// An option whose value is one of a fixed set of words (`--output-format json`).
///
/// swift-argument-parser's own versions of these members are generic code (a key path over
/// `allCases`, a `reduce`, `"\(self)"`) that every run executes while it builds the command's
/// arguments, and whose first calls make the Swift runtime instantiate generic types and scan
/// every protocol conformance in the binary. These give the same strings (help, completions,
/// error messages) without that: about 0.6M instructions of every lint's start.
protocol ArgumentChoice: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ArgumentChoice {
    init?(argument: String) { self.init(rawValue: argument) }

    var defaultValueDescription: String { rawValue }

    static var allValueStrings: [String] { allCases.map { $0.rawValue } }

    /// No value has a description of its own (the parser's version finds none either).
    static var allValueDescriptions: [String: String] { [:] }

    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}
