import ENLintRules

/// One repair as applied: where, and the text before and after.
public struct AppliedRepair: Sendable, Equatable {
    public var kind: RepairKind
    /// The physical line of the input the record starts on.
    public var line: Int
    public var before: String
    public var after: String
}

/// The repairs applied to one file, the first `maxPerKind` of each kind kept to show (as lint's
/// `--max-per-rule`) and all of them counted, so a file repaired on every row stays readable and
/// memory does not grow with it.
public struct RepairLog: Sendable {
    public let maxPerKind: Int
    public private(set) var shown: [AppliedRepair] = []
    public private(set) var counts: [RepairKind: Int] = [:]

    public init(maxPerKind: Int) {
        self.maxPerKind = maxPerKind
    }

    /// Records a repair; `before` and `after` are built only while the kind is under its cap.
    public mutating func note(_ kind: RepairKind, line: Int, _ before: @autoclosure () -> String, _ after: @autoclosure () -> String) {
        let count = counts[kind, default: 0] + 1
        counts[kind] = count
        if count <= maxPerKind {
            shown.append(AppliedRepair(kind: kind, line: line, before: before(), after: after()))
        }
    }

    public var total: Int { counts.values.reduce(0, +) }

    /// `EN402 line 3: date "2024-1-5" -> "2024-01-05"` lines, then one line per capped kind.
    public func render(path: String) -> String {
        var out = ""
        for r in shown {
            // One line each, whatever the values hold (a quoted value may span lines), and
            // bounded (a value may be a megabyte long).
            let before = ValueRepair.visible(r.before, limit: 100)
            let after = ValueRepair.visible(r.after, limit: 100)
            out += "\(path):\(r.line): fixed [\(r.kind.ruleID) \(r.kind.rawValue)] \(before) -> \(after)\n"
        }
        for kind in RepairKind.allCases {
            let count = counts[kind, default: 0]
            if count > maxPerKind {
                out += "\(path): \(count - maxPerKind) more \(kind.rawValue) repairs not shown (\(count) in total)\n"
            }
        }
        return out
    }
}
