/// What a column means to EN, independent of how the file names it. Rules look columns up by
/// role, so a date rule finds `Transaction Date` or `Campaign Date` alike.
public enum ColumnRole: String, Sendable, CaseIterable, Hashable, Codable {
    case email
    case supporterID = "supporter-id"
    case campaignID = "campaign-id"
    case date
    case time
    case amount
    case currency
    case campaignType = "campaign-type"
    case paymentType = "payment-type"

    /// Header names EN documents for the role, normalised (see `ColumnRole.normalize`), in order
    /// of preference: the first one found wins.
    public var knownNames: [String] {
        switch self {
        case .email: ["supporteremail", "emailaddress", "email", "emailaddr", "mail"]
        case .supporterID: ["supporterid", "supportersid"]
        case .campaignID: ["campaignid", "campaignnumber"]
        case .date: ["transactiondate", "campaigndate", "donationdate", "date"]
        case .time: ["transactiontime", "campaigntime", "donationtime", "time"]
        case .amount: ["donationamount", "amount", "transactionamount"]
        case .currency: ["paymentcurrency", "currency", "currencycode"]
        case .campaignType: ["campaigntype", "transactiontype"]
        case .paymentType: ["paymenttype"]
        }
    }

    /// Lower-cases ASCII letters and drops everything but letters and digits, so that
    /// `Supporter Email`, `supporter_email` and `SUPPORTER-EMAIL` compare equal.
    public static func normalize(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }
}

/// Which column index holds each role in one file.
public struct ColumnMap: Sendable, Equatable {
    public private(set) var indices: [ColumnRole: Int] = [:]
    /// Overrides that named a column the header does not have (reported by the engine).
    public private(set) var unresolvedOverrides: [ColumnRole: String] = [:]

    public init() {}

    /// Resolves roles from header names: overrides first (exact name, then normalised), then
    /// EN's usual names.
    public init(header: [String], overrides: [ColumnRole: String] = [:]) {
        let normalized = header.map(ColumnRole.normalize)
        for role in ColumnRole.allCases {
            if let wanted = overrides[role] {
                if let i = header.firstIndex(of: wanted) ?? normalized.firstIndex(of: ColumnRole.normalize(wanted)) {
                    indices[role] = i
                } else {
                    unresolvedOverrides[role] = wanted
                }
                continue
            }
            for name in role.knownNames {
                if let i = normalized.firstIndex(of: name) {
                    indices[role] = i
                    break
                }
            }
        }
    }

    public subscript(role: ColumnRole) -> Int? { indices[role] }
}
