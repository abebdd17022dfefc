import ENLintCore

/// The file's size drawn against EN's upload limit.
struct SizeBar {
    /// Width of the filled part, in percent of the limit (at least 1 so a small file still shows).
    let percent: Int
    let tone: String
    let text: String

    init(bytes: Int64, limit: Int64 = LintOptions().maxFileBytes) {
        let exact = bytes * 100 / max(limit, 1)
        percent = bytes == 0 ? 0 : Int(min(100, max(1, exact)))
        tone = bytes > limit ? "error" : bytes * 10 > limit * 8 ? "warning" : "ok"
        text = "\(ByteSize.text(bytes)) of EN’s \(ByteSize.text(limit)) limit"
    }
}

enum ByteSize {
    /// Decimal units, as EN states its limit (“20MB”): `598 bytes`, `1.2 KB`, `20 MB`.
    static func text(_ bytes: Int64) -> String {
        if bytes < 1000 { return "\(bytes) byte\(bytes == 1 ? "" : "s")" }
        let (unit, size): (String, Int64) = bytes < 1_000_000 ? ("KB", 1000) : bytes < 1_000_000_000 ? ("MB", 1_000_000) : ("GB", 1_000_000_000)
        let tenths = (bytes * 10 + size / 2) / size
        return tenths % 10 == 0 ? "\(tenths / 10) \(unit)" : "\(tenths / 10).\(tenths % 10) \(unit)"
    }
}

/// Severity of the worst of some findings, as a CSS class.
enum Tone {
    static func worst(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(\.severity).max()?.rawValue ?? "ok"
    }
}

/// Horizontal bars, one per column, as long as the findings that point into the column: shows
/// at a glance whether one column is the problem or the whole file is.
struct ColumnChart {
    struct Bar {
        let name: String
        let y: Int
        let textY: Int
        let barWidth: Int
        let countX: Int
        let findings: Int
        let tone: String
    }

    static let rowHeight = 24
    // Geometry, stored so that the template draws with the numbers the bars were computed with.
    let width = 720
    let barX = 230
    let labelX = 222
    let barSpace = 420
    /// Past this many columns only those with findings get a bar.
    static let allColumnsLimit = 30

    let bars: [Bar]
    let height: Int
    let note: String?

    init?(_ result: FileResult) {
        let pointed = result.diagnostics.filter { $0.field != nil && $0.record != nil }
        guard !pointed.isEmpty else { return nil }
        let header = result.facts.header
        let byField = Dictionary(grouping: pointed, by: { $0.field! })
        let extra = byField.keys.filter { $0 >= header.count }.sorted()
        var fields = Array(header.indices) + extra
        if fields.count > Self.allColumnsLimit { fields = fields.filter { byField[$0] != nil } }
        let most = byField.values.map(\.count).max() ?? 1
        let (barX, barSpace) = (self.barX, self.barSpace)
        bars = fields.enumerated().map { row, field in
            let found = byField[field] ?? []
            let width = found.isEmpty ? 0 : max(4, found.count * barSpace / most)
            return Bar(
                name: Clip.text(ColumnName.label(field, header: header), to: 28), y: row * Self.rowHeight + 4,
                textY: row * Self.rowHeight + 17, barWidth: width, countX: barX + width + 8,
                findings: found.count, tone: Tone.worst(found))
        }
        height = fields.count * Self.rowHeight + 4
        let capped = result.diagnostics.contains { $0.omittedCount != nil }
        note = capped ? "Counts the findings listed (the first \(LintOptions().maxPerRule) per rule unless --max-per-rule says otherwise)." : nil
    }
}

/// The file from first line to last, with a tick at each finding: shows whether problems are
/// in one place (a pasted block) or all along the file.
struct LineStrip {
    struct Tick {
        let x: Int
        let tone: String
        let label: String
    }

    let width = 1000
    let tickWidth = 4
    let ticks: [Tick]
    let lastLine: Int

    init?(_ result: FileResult) {
        let located = result.diagnostics.filter { $0.omittedCount == nil }
        guard !located.isEmpty else { return nil }
        lastLine = max(result.facts.recordCount, located.map(\.endLine).max() ?? 1, 1)
        let span = max(lastLine - 1, 1)
        let room = width - tickWidth
        // Most severe last, so it is drawn on top where ticks overlap.
        let ordered = located.sorted { $0.severity < $1.severity }
        ticks = ordered.map { d in
            Tick(x: (d.line - 1) * room / span, tone: d.severity.rawValue, label: "Line \(d.line): \(d.message)")
        }
    }
}

enum Clip {
    /// At most `limit` characters, with `…` when cut.
    static func text(_ s: String, to limit: Int) -> String {
        s.count <= limit ? s : String(s.prefix(limit - 1)) + "…"
    }
}
