import CSIMDScan
import CSVTokenizer
import ENLintCore

/// EN502: an email address that cannot be a real one.
public final class InvalidEmailRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN502", slug: "invalid-email", name: "Invalid email", defaultSeverity: .warning,
        summary: "An email address is not a plausible address, or hides invisible characters.",
        whatItDoes: """
            Checks each non-blank email address: invisible characters (no-break space U+00A0, \
            zero-width characters U+200B to U+200D, U+2060 and U+FEFF, pointed at where they \
            are), spaces around or inside it, several addresses in one cell, no `@` or more than \
            one, nothing before the `@`, a domain without a dot or with a misplaced dot or \
            hyphen, and more than EN's 500 characters. It says which one it found. Blank emails \
            are EN501's business.
            """,
        whyItMatters: """
            EN keys supporters by email address. An address with an invisible character or a \
            stray space looks right on screen but does not match the supporter's real address, so \
            the import creates a second record or fails to attach a transaction; a malformed \
            address bounces every email sent to it. EN stores at most 500 characters.
            """,
        howToFix: """
            Correct the address in the source data. Invisible characters usually come from \
            copying out of a web page or a word processor: retype the address, or use \
            `enlint fix` where it is available.
            """,
        triggeringExamples: [
            RuleExample("First Name,Email Address\nSam,↓sam.example.org\nAlex,↓alex@example\n"),
            RuleExample("First Name,Email Address\nSam,sam@example.org↓\u{A0}\nAlex,\"alex@↓\u{200B}example.org\"\n"),
            RuleExample("First Name,Email Address\nSam,↓sam @example.org\nAlex,↓alex@example.org; kim@example.org\nKim,↓ kim@example.org\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\n↓sam@@example.org,12345,2024-01-05\n"),
            RuleExample("First Name,Email Address\nSam,↓sam@example..org\nAlex,↓alex@-example.org\nKim,↓kim@example.org.\nLee,↓lee@example-.org\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("First Name,Email Address\nSam,sam@example.org\nAlex,alex.o'neil+news@mail.example.co.uk\n"),
            RuleExample("First Name,Email Address\nSam,\nAlex,\"alex@example.org\"\n\n"),
            RuleExample("First Name,Last Name\nSam,sam.example.org\n"),
        ]
    )

    /// EN's limit for Supporter Email.
    static let maxCharacters = 500

    let column: Int?
    /// `enlint_email_test_best()`: the plain-address test for this processor.
    let isPlain = enlint_email_test_best()!
    /// The file's walk of the email column, shared with EN501 and EN405.
    let emails: EmailColumnScan?

    public init(context: RuleContext) {
        column = context.columns[.email]
        emails = column.map { column in context.shared.helper { EmailColumnScan(column: column) } }
    }

    /// Only the rows whose address the batch's walk of the email column did not find plainly
    /// fine (unquoted and empty, or unquoted and plainly valid) are checked.
    public func checkBatch(_ batch: RecordBatch, report: RuleReporter) {
        emails?.forEachUnsettled(in: batch) { i in checkRecord(batch[i], report: report) }
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        guard let column, !isPlainlyFine(record, column: column) else { return }
        check(record, column: column, report: report)
    }

    /// Most addresses are short, unquoted and plain (or blank, EN501's business): decided from
    /// the raw field, which is then the value, without decoding it.
    @inline(__always)
    func isPlainlyFine(_ record: CSVRecord, column: Int) -> Bool {
        guard let plain = record.plainField(column) else { return false }
        return plain.isEmpty || isPlain(plain.baseAddress!, plain.count) != 0
    }

    /// The general case: decode the value and name its problem. Out of line, so that the
    /// plain case above stays a few instructions without a stack frame.
    @inline(never)
    func check(_ record: CSVRecord, column: Int, report: RuleReporter) {
        guard let value = record.valueIfPresent(column) else { return }
        guard let problem = Self.problem(value) else { return }
        if case .invisible(let name) = problem {
            // Point at the character in the source: search the raw field, where positions are exact.
            let raw = record.rawBytes(column)
            let offset = Self.firstInvisible(raw)?.offset ?? 0
            report.report(
                position: record.span(column).start + Int32(offset), in: record,
                "email \(ByteParsing.quoted(value)) contains an invisible \(name): it will not match the real address",
                hint: "delete the invisible character (retype the address)")
            return
        }
        report.report(field: column, of: record, "email \(ByteParsing.quoted(value)) \(problem.text)", hint: problem.hint)
    }

    enum Problem: Equatable {
        case invisible(String)
        case surroundingSpaces(String)
        case innerSpace
        case severalAddresses
        case noAt
        case severalAts
        case nothingBeforeAt
        case nothingAfterAt
        case domainWithoutDot(String)
        case malformedDomain(String)
        case tooLong(Int)

        var text: String {
            switch self {
            case .invisible(let name): "contains an invisible \(name)"
            case .surroundingSpaces: "has spaces around the address"
            case .innerSpace: "has a space inside the address"
            case .severalAddresses: "looks like several addresses in one cell"
            case .noAt: "has no @"
            case .severalAts: "has more than one @"
            case .nothingBeforeAt: "has nothing before the @"
            case .nothingAfterAt: "has no domain after the @"
            case .domainWithoutDot(let domain): "has a domain without a dot (\(ByteParsing.quoted(domain))): a real domain looks like example.org"
            case .malformedDomain(let domain): "has a malformed domain \(ByteParsing.quoted(domain)) (an empty part, or a dot or hyphen at the edge of a part)"
            case .tooLong(let count): "is \(count) characters long: EN keeps at most \(InvalidEmailRule.maxCharacters)"
            }
        }

        var hint: String {
            switch self {
            case .surroundingSpaces(let trimmed): "write \(ByteParsing.quoted(trimmed))"
            case .severalAddresses: "keep one address per row; put the others on rows of their own"
            case .tooLong: "check the cell: it probably holds more than an address"
            default: "correct the address from the source data, or leave the cell blank"
            }
        }
    }

    /// The common case, decided with vector searches instead of a byte-by-byte walk: plain
    /// ASCII, no whitespace or list separators, exactly one `@` with text on both sides, a
    /// dotted domain of well-formed labels, within EN's length. Whatever this accepts,
    /// `problem` would accept too; anything else takes the full walk, which names the problem.
    static func isPlainlyValid(_ value: Bytes) -> Bool {
        value.count <= 64 ? isPlainlyValidByMasks(value) : isPlainlyValidBytewise(value)
    }

    /// The same test on 64-bit masks of the address's bytes (addresses are almost always
    /// shorter than 64 bytes): no loop over the bytes at all.
    static func isPlainlyValidByMasks(_ value: Bytes) -> Bool {
        guard let p = value.baseAddress else { return false }
        return enlint_email_test_best()!(p, value.count) != 0
    }

    static func isPlainlyValidBytewise(_ value: Bytes) -> Bool {
        // One pass: printable ASCII without space, comma or semicolon; one `@`, not first; in the
        // domain, the label rules of `labelsAreWellFormed` and at least one dot.
        guard let p = value.baseAddress, value.count <= maxCharacters else { return false }
        var at = -1
        var previous: UInt8 = 0x2E
        var dotInDomain = false
        for i in 0..<value.count {
            let b = p[i]
            if b <= 0x20 || b >= 0x7F || b == 0x2C || b == 0x3B { return false }
            if b == 0x40 {
                guard at < 0, i > 0 else { return false }
                at = i
                continue
            }
            guard at >= 0 else { continue }
            if (b == 0x2E || b == 0x2D) && previous == 0x2E || b == 0x2E && previous == 0x2D { return false }
            if b == 0x2E { dotInDomain = true }
            previous = b
        }
        return at >= 0 && at < value.count - 1 && dotInDomain && previous != 0x2E && previous != 0x2D
    }

    /// Each dot-separated label is non-empty and neither starts nor ends with a hyphen.
    static func labelsAreWellFormed(_ domain: Bytes) -> Bool {
        var previous: UInt8 = 0x2E
        for b in domain {
            if (b == 0x2E || b == 0x2D) && previous == 0x2E || b == 0x2E && previous == 0x2D { return false }
            previous = b
        }
        return previous != 0x2E && previous != 0x2D
    }

    /// The first invisible character in `bytes` and its name.
    static func firstInvisible(_ bytes: Bytes) -> (offset: Int, name: String)? {
        // All of them are two- or three-byte sequences led by 0xC2, 0xE2 or 0xEF.
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0xC2 || b == 0xE2 || b == 0xEF {
                let length = b == 0xC2 ? 2 : 3
                if i + length <= bytes.count {
                    let scalar = String(decoding: bytes[i..<(i + length)], as: UTF8.self).unicodeScalars.first!.value
                    if let name = ByteParsing.invisibleCharacterName(scalar) { return (i, name) }
                }
            }
            i += 1
        }
        return nil
    }

    /// The first problem of a non-blank address, nil for a plausible one (and for a blank one).
    static func problem(_ value: Bytes) -> Problem? {
        isPlainlyValid(value) ? nil : fullCheck(value)
    }

    /// The byte-by-byte walk that names what is wrong.
    static func fullCheck(_ value: Bytes) -> Problem? {
        var atCount = 0
        var atIndex = -1
        var nonASCII = false
        var space = false
        var separator = false
        for (i, b) in value.enumerated() {
            switch b {
            case 0x40:
                atCount += 1
                if atIndex < 0 { atIndex = i }
            case 0x20, 0x09, 0x0A, 0x0D: space = true
            case 0x2C, 0x3B: separator = true
            case 0x80...: nonASCII = true
            default: break
            }
        }
        // The fast path: one @ and nothing unusual; then only the domain is looked at.
        if nonASCII, let invisible = firstInvisible(value) { return .invisible(invisible.name) }
        let trimmed = ByteParsing.trimmed(value)
        if trimmed.isEmpty { return nil }
        if separator && atCount > 1 { return .severalAddresses }
        if space {
            if trimmed.count != value.count { return .surroundingSpaces(String(decoding: trimmed, as: UTF8.self)) }
            return .innerSpace
        }
        if atCount == 0 { return .noAt }
        if atCount > 1 { return .severalAts }
        if atIndex == 0 { return .nothingBeforeAt }
        let domain = Bytes(rebasing: value[(atIndex + 1)...])
        if domain.isEmpty { return .nothingAfterAt }
        let domainText = { String(decoding: domain, as: UTF8.self) }
        if !domain.contains(0x2E) { return .domainWithoutDot(domainText()) }
        if !labelsAreWellFormed(domain) { return .malformedDomain(domainText()) }
        if value.count > maxCharacters {  // fewer bytes cannot be more characters
            var characters = 0
            for b in value where b & 0xC0 != 0x80 { characters += 1 }
            if characters > maxCharacters { return .tooLong(characters) }
        }
        return nil
    }
}
