/// What EN imports from a file: supporter records against a saved format, or transactions
/// (`formatName=importTransactions`).
public enum ImportKind: String, Sendable, CaseIterable, Hashable, Codable {
    case supporters, transactions

    /// Accepts the kind's name and EN's own `formatName` value for transactions.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "supporters", "supporter": self = .supporters
        case "transactions", "transaction", "importtransactions": self = .transactions
        default: return nil
        }
    }
}

/// The kind a file was linted as, and why (shown in JSON output and on request).
public struct KindDecision: Sendable, Equatable {
    public var kind: ImportKind
    public var reason: String

    public init(kind: ImportKind, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}
