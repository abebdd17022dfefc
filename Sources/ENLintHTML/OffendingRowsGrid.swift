import ENLintCore

/// The first offending rows as a spreadsheet-like grid under the header, the offending cells
/// highlighted and the findings written under each row.
struct OffendingRowsGrid {
    struct HeaderCell {
        let name: String
        let tone: String
    }

    struct Cell {
        let text: String
        /// `error`/`warning`/`info` for a cell a finding points at, `absent` past the row's end.
        let tone: String
        let title: String
    }

    struct Row {
        let line: Int
        let cells: [Cell]
        let notes: [FindingNote]
    }

    let columns: [HeaderCell]
    let span: Int
    let rows: [Row]
    let more: String?

    init?(_ result: FileResult) {
        let byRecord = Dictionary(grouping: result.diagnostics.filter { ($0.record ?? 0) > 1 }, by: { $0.record! })
        let shown = result.sample.rows.filter { byRecord[$0.record] != nil }
        guard !shown.isEmpty else { return nil }
        let header = result.facts.header
        let width = max(header.count, shown.map(\.fields.count).max() ?? 0)
        let headerFindings = result.diagnostics.filter { $0.record == 1 && $0.field != nil }
        columns = (0..<width).map { i in
            let found = headerFindings.filter { $0.field == i }
            return HeaderCell(name: ColumnName.label(i, header: header), tone: found.isEmpty ? "" : Tone.worst(found))
        }
        span = width + 1
        rows = shown.map { sampled in
            let findings = byRecord[sampled.record]!
            let cells = (0..<width).map { i -> Cell in
                guard i < sampled.fields.count else { return Cell(text: "", tone: "absent", title: "") }
                let here = findings.filter { $0.field == i }
                return Cell(text: sampled.fields[i], tone: here.isEmpty ? "" : Tone.worst(here),
                            title: here.map(\.message).joined(separator: "; "))
            }
            return Row(line: sampled.line, cells: cells, notes: findings.map { FindingNote($0, header: header) })
        }
        let shownRecords = Set(shown.map(\.record))
        let notShown = result.diagnostics.reduce(0) { total, d in
            if let record = d.record, record <= 1 || shownRecords.contains(record) { return total }
            return d.record == nil && d.omittedCount == nil ? total : total + d.findingCount
        }
        more = notShown == 0 ? nil : "…and \(Plural.count(notShown, "more finding")) in rows not shown here."
    }
}
