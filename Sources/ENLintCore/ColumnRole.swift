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

    /// Every role's name, comma-separated (`email, supporter-id, ...`), as help and error
    /// messages list them.
    public static let nameList = allCases.map(\.rawValue).joined(separator: ", ")

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

    /// Lower-cases letters and drops everything but letters and digits, so that
    /// `Supporter Email`, `supporter_email` and `SUPPORTER-EMAIL` compare equal.
    ///
    /// ASCII, which nearly every header is, is decided by value: asking Unicode's property
    /// tables costs a header of ten columns some 0.35M instructions at every start.
    public static func normalize(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0x30...0x39, 0x61...0x7A: out.append(scalar)
            case 0x41...0x5A: out.append(Unicode.Scalar(UInt8(scalar.value + 0x20)))
            case 0..<0x80: continue
            default: appendNormalized(scalar, to: &out)
            }
        }
        return String(out)
    }

    /// Any scalar, by Unicode's properties: a letter (of any script) lower-cased, a digit kept.
    static func appendNormalized(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        }
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
