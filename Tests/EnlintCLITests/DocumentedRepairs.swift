import Foundation

/// The value and row repairs of `enlint fix` as the README documents them, written again here
/// without enlint's code: applied to the input's records, they give the records the output must
/// have. BOM, encoding, line-ending and quoting repairs change bytes, never values, so they need
/// nothing here (encodings are compared after decoding the input with Foundation).
struct DocumentedRepairs {
    /// `--date-order`.
    var dateOrder: String?
    /// How many values or rows each repair changed, by its `--only` name.
    private(set) var counts: [String: Int] = [:]
    private var dateColumn: Int?
    private var timeColumn: Int?

    init(dateOrder: String? = nil) {
        self.dateOrder = dateOrder
    }

    /// The records `enlint fix` must write for `input`: header names trimmed; blank rows dropped
    /// (the records after them move up a line each); dates and times in a repairable shape, in
    /// the columns of a transaction file, rewritten. Everything else as it was.
    mutating func apply(to input: [GeneratedFiles.Record], transactionColumns: Bool) -> [GeneratedFiles.Record] {
        var output: [GeneratedFiles.Record] = []
        var dropped = 0
        for (index, record) in input.enumerated() {
            if index == 0 {
                let header = record.fields.map(Self.trimmedHeaderName)
                counts["header-names", default: 0] += zip(header, record.fields).filter { $0 != $1 }.count
                if transactionColumns {
                    dateColumn = header.firstIndex(of: "Transaction Date")
                    timeColumn = header.firstIndex(of: "Transaction Time")
                }
                output.append(GeneratedFiles.Record(line: record.line, fields: header))
                continue
            }
            // An empty line reads as one empty value (the generator writes no `""` lines).
            if record.fields == [""] {
                dropped += 1
                counts["blank-rows", default: 0] += 1
                continue
            }
            var fields = record.fields
            repair(&fields, at: dateColumn, as: "date", with: date)
            repair(&fields, at: timeColumn, as: "time", with: Self.time)
            output.append(GeneratedFiles.Record(line: record.line - dropped, fields: fields))
        }
        return output
    }

    private mutating func repair(_ fields: inout [String], at column: Int?, as name: String, with repaired: (String) -> String?) {
        guard let column, column < fields.count, let value = repaired(fields[column]), value != fields[column] else { return }
        fields[column] = value
        counts[name, default: 0] += 1
    }

    /// Spaces, tabs, no-break spaces, zero-width characters and typographic quotes around a name.
    static func trimmedHeaderName(_ name: String) -> String {
        let padding: Set<UInt32> = [0x20, 0x09, 0xA0, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D]
        var scalars = Substring(name).unicodeScalars
        while let first = scalars.first, padding.contains(first.value) { scalars.removeFirst() }
        while let last = scalars.last, padding.contains(last.value) { scalars.removeLast() }
        return String(scalars)
    }

    /// The numbers `pattern`'s groups caught in the whole of `text` (groups that caught nothing,
    /// or no number, left out), nil when it does not match.
    static func match(_ text: String, _ pattern: Regex<AnyRegexOutput>) -> [Int]? {
        guard let found = try? pattern.wholeMatch(in: text) else { return nil }
        return found.output.dropFirst().compactMap { $0.substring.flatMap { Int($0) } }
    }

    // Compiled once: the tests run them on every record. (Regex is not Sendable; these are
    // only read.)
    nonisolated(unsafe) static let yearFirst = try! Regex(#"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"#)
    nonisolated(unsafe) static let compact = try! Regex(#"(\d{4})(\d{2})(\d{2})"#)
    nonisolated(unsafe) static let serial = try! Regex(#"(\d{3,5})"#)
    nonisolated(unsafe) static let dayMonthName = try! Regex(#"(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})"#)
    nonisolated(unsafe) static let monthNameDay = try! Regex(#"([A-Za-z]+) (\d{1,2}), (\d{4})"#)
    nonisolated(unsafe) static let dayMonthYear = try! Regex(#"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})"#)
    nonisolated(unsafe) static let clock = try! Regex(#"(\d{1,2}):(\d{2}):(\d{2})"#)
    nonisolated(unsafe) static let clockWithoutSeconds = try! Regex(#"(\d{1,2}):(\d{2})"#)
    nonisolated(unsafe) static let twelveHour = try! Regex(#"(\d{1,2}):(\d{2})(?::(\d{2}))? ?[AaPp][Mm]"#)

    static func iso(_ year: Int, _ month: Int, _ day: Int) -> String? {
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...9999).contains(year), (1...12).contains(month), (1...days[month - 1]).contains(day) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    /// `Jan`, `January` or `Sept`, any case.
    static func month(_ word: Substring) -> Int? {
        let lower = word.lowercased()
        if lower == "sept" { return 9 }
        return months.firstIndex { lower == $0 || lower == $0.prefix(3) }.map { $0 + 1 }
    }

    /// Excel's serial day numbers count from 1899-12-30 (its 1900 leap-year mistake is before
    /// day 61, where serials start to be read).
    static func excelDate(_ serial: Int) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        let day = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: serial, to: start)!)
        return iso(day.year!, day.month!, day.day!)
    }

    /// `2024-1-5`, `2024/01/05`, `2024.01.05`, `20240105`, `5 Jan 2024`, `Jan 5, 2024`, an Excel
    /// serial, spaces around, and `03/04/2024` with a date order -> `2024-01-05`; nil for a value
    /// left alone.
    func date(_ value: String) -> String? {
        let text = value.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        if let n = Self.match(text, Self.yearFirst) { return Self.iso(n[0], n[1], n[2]) }
        if let n = Self.match(text, Self.compact) { return Self.iso(n[0], n[1], n[2]) }
        if let n = Self.match(text, Self.serial) { return n[0] >= 61 ? Self.excelDate(n[0]) : nil }
        if let words = try? Self.dayMonthName.wholeMatch(in: text), let month = words.output[2].substring.flatMap(Self.month) {
            return Self.iso(Int(words.output[3].substring!)!, month, Int(words.output[1].substring!)!)
        }
        if let words = try? Self.monthNameDay.wholeMatch(in: text), let month = words.output[1].substring.flatMap(Self.month) {
            return Self.iso(Int(words.output[3].substring!)!, month, Int(words.output[2].substring!)!)
        }
        if let order = dateOrder, let n = Self.match(text, Self.dayMonthYear) {
            return order == "dmy" ? Self.iso(n[2], n[1], n[0]) : Self.iso(n[2], n[0], n[1])
        }
        return nil
    }

    /// `7:05:00` -> `07:05:00`, `07:05` -> `07:05:00`, `9:05 PM` -> `21:05:00`, spaces around
    /// dropped; nil for a value left alone (`25:00:00`, fractions of a second).
    static func time(_ value: String) -> String? {
        let text = value.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        func clock(_ h: Int, _ m: Int, _ s: Int) -> String? {
            h < 24 && m < 60 && s < 60 ? String(format: "%02d:%02d:%02d", h, m, s) : nil
        }
        if let n = match(text, Self.clock) { return clock(n[0], n[1], n[2]) }
        if let n = match(text, clockWithoutSeconds) { return clock(n[0], n[1], 0) }
        if let n = match(text, twelveHour), (1...12).contains(n[0]) {
            let pm = text.lowercased().hasSuffix("pm")
            return clock(n[0] % 12 + (pm ? 12 : 0), n[1], n.count > 2 ? n[2] : 0)
        }
        return nil
    }
}
