import CSVTokenizer
import ENLintCore

extension CSVRecord {
    /// The decoded value of column `index`, nil when the record has no such stored field (a short
    /// row is EN203's business, not the column rules'). Valid until the next `value` call.
    @inline(__always)
    func valueIfPresent(_ index: Int) -> Bytes? {
        index < storedFieldCount ? value(index) : nil
    }

    /// Buffer position of the first byte of field `i`'s value: after the opening quote of a
    /// quoted field, so that a finding points at the character itself.
    func valueStart(ofField i: Int) -> Int32 {
        let span = span(i)
        return span.flags.contains(.quoted) ? span.start + 1 : span.start
    }

    /// Line and column of field `index`, for findings reported later (at the end of the file);
    /// the end of the record for a field the record does not have.
    func location(ofField index: Int) -> SourcePosition {
        location(of: index < storedFieldCount ? position(ofField: index) : startPosition + Int32(rawBytes.count))
    }
}

/// How a role's column may be named, for hints: the names EN uses, and the `--column` flag.
/// A role's column in one file: its index when the header has one, and its name as the file
/// writes it, for messages.
struct RoleColumn {
    let index: Int?
    let name: String

    init(_ role: ColumnRole, in context: RuleContext) {
        index = context.columns[role]
        name = index.map { ColumnNaming.name(of: $0, in: context) } ?? ""
    }
}

enum ColumnNaming {
    static func usualNames(_ role: ColumnRole) -> [String] {
        switch role {
        case .email: ["Email Address", "Supporter Email", "Email"]
        case .supporterID: ["Supporter ID"]
        case .campaignID: ["Campaign ID", "Campaign Number"]
        case .date: ["Transaction Date", "Campaign Date"]
        case .time: ["Transaction Time", "Campaign Time"]
        case .amount: ["Donation Amount", "Amount"]
        case .currency: ["Payment Currency", "Currency"]
        case .campaignType: ["Campaign Type"]
        case .paymentType: ["Payment Type"]
        }
    }

    /// `"Email Address", "Supporter Email" or "Email"`.
    static func list(_ role: ColumnRole) -> String {
        let names = usualNames(role).map { "\"\($0)\"" }
        return names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// The header name of the column holding `role`, quoted, for messages: `"Transaction Date"`.
    static func name(of column: Int, in context: RuleContext) -> String {
        column < context.header.count ? ByteParsing.quoted(context.header[column]) : "column \(column + 1)"
    }
}
