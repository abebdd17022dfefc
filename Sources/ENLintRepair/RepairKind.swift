/// The repairs `enlint fix` can make, each named for `--only` / `--skip` and tied to the rule
/// whose finding it removes.
public enum RepairKind: String, CaseIterable, Sendable, Hashable {
    case bom
    case encoding
    case lineEndings = "line-endings"
    case blankRows = "blank-rows"
    case headerNames = "header-names"
    case formatHeader = "format-header"
    case time
    case date
    case quoting

    /// The rules whose findings the repair removes: `--skip EN301` switches off both header repairs.
    public var ruleIDs: [String] {
        switch self {
        case .bom: ["EN102"]
        case .encoding: ["EN103", "EN104"]
        case .lineEndings: ["EN107"]
        case .blankRows: ["EN204"]
        case .headerNames, .formatHeader: ["EN301"]
        case .time: ["EN403"]
        case .date: ["EN402"]
        case .quoting: ["EN202"]
        }
    }

    public var ruleID: String { ruleIDs[0] }
}

/// Which repairs run, from `--only` and `--skip` (repair names or rule ids, case-insensitive).
public struct RepairSelection: Sendable, Equatable {
    public var enabled: Set<RepairKind>

    public struct UnknownName: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "unknown repair \"\(name)\": expected one of \(RepairKind.allCases.map(\.rawValue).joined(separator: ", ")) or a rule id"
        }
    }

    public init(only: [String] = [], skip: [String] = []) throws(UnknownName) {
        enabled = only.isEmpty ? Set(RepairKind.allCases) : try Self.kinds(only)
        enabled.subtract(try Self.kinds(skip))
    }

    public func contains(_ kind: RepairKind) -> Bool { enabled.contains(kind) }

    static func kinds(_ names: [String]) throws(UnknownName) -> Set<RepairKind> {
        var found: Set<RepairKind> = []
        for name in names {
            let matches = RepairKind.allCases.filter {
                $0.rawValue == name.lowercased() || $0.ruleIDs.contains(name.uppercased())
            }
            guard !matches.isEmpty else { throw UnknownName(name: name) }
            found.formUnion(matches)
        }
        return found
    }
}
