/// The repairs `enlint fix` makes to date and time values, decided by the same parsers the
/// rules use (EN402, EN403), so that a value is repaired exactly when, and into what, the rule's
/// hint says.
public enum ValueRepair {
    /// How to read `03/04/2024`, which is a date in either order: only the user can say.
    public enum DateOrder: String, Sendable, CaseIterable {
        case mdy, dmy
    }

    public enum Outcome: Equatable, Sendable {
        /// Already in EN's form, or blank.
        case fine
        case repaired(String)
        /// Left alone: no safe repair (ambiguous without `--date-order`, not a real day, ...).
        case leftAlone
    }

    /// `2024-1-5`, `20240105`, `5 Jan 2024`, `2024/01/05`, an Excel serial number or a date with
    /// spaces around it -> `YYYY-MM-DD`; `03/04/2024` only with `order`. A date with a time
    /// after it is left alone: dropping the time would lose data.
    public static func date(_ value: UnsafeBufferPointer<UInt8>, order: DateOrder?) -> Outcome {
        switch ByteParsing.checkDate(value) {
        case .valid, .blank:
            return .fine
        case .surroundingWhitespace(let date), .missingZeroPadding(let date), .compact(let date),
            .excelSerial(_, let date), .yearFirstWrongSeparator(let date, _), .monthName(let date):
            return .repaired(date.description)
        case .dayMonthYear(let readings, let twoDigitYear):
            // A two-digit year would need a century guess as well: not safe.
            guard let order, !twoDigitYear, let (first, second, year) = dayMonthYearNumbers(value) else { return .leftAlone }
            let (day, month) = order == .dmy ? (first, second) : (second, first)
            guard let date = CalendarDate(year: year, month: month, day: day), readings.contains(date) else { return .leftAlone }
            return .repaired(date.description)
        case .notACalendarDate, .withTime, .unrecognised:
            return .leftAlone
        }
    }

    /// `7:05:00` -> `07:05:00`, `9:05 PM` -> `21:05:00`, `07:05` -> `07:05:00`, spaces around
    /// a time removed. Fractions of a second and impossible times are left alone.
    public static func time(_ value: UnsafeBufferPointer<UInt8>) -> Outcome {
        switch ByteParsing.checkTime(value) {
        case .valid, .blank:
            return .fine
        case .surroundingWhitespace(let time), .missingZeroPadding(let time), .missingSeconds(let time):
            return .repaired(time.description)
        case .twelveHour(let time):
            return time.map { .repaired($0.description) } ?? .leftAlone
        case .outOfRange, .fractionalSeconds, .unrecognised:
            return .leftAlone
        }
    }

    /// The three numbers of `03/04/2024` in the order written.
    static func dayMonthYearNumbers(_ value: Bytes) -> (Int, Int, Int)? {
        let b = ByteParsing.trimmed(value)
        guard let separator = b.first(where: { !ByteParsing.isDigit($0) }) else { return nil }
        let parts = b.split(separator: separator, omittingEmptySubsequences: false)
            .compactMap { ByteParsing.unsignedInteger(Bytes(rebasing: $0)).map(Int.init) }
        return parts.count == 3 ? (parts[0], parts[1], parts[2]) : nil
    }
}

extension ValueRepair {
    /// A header name without the whitespace and invisible characters around it that spreadsheets
    /// and web pages leave: spaces, tabs, no-break spaces, zero-width characters, typographic quotes.
    public static func headerName(_ name: String) -> String {
        func isPadding(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || s.value == 0xA0 || HeaderName.isInvisible(s) || (0x2018...0x201D).contains(s.value)
        }
        var scalars = Substring(name).unicodeScalars
        while let first = scalars.first, isPadding(first) { scalars.removeFirst() }
        while let last = scalars.last, isPadding(last) { scalars.removeLast() }
        return String(scalars)
    }

    /// `text` for a one-line report: line breaks and tabs as `\n`, `\r`, `\t`, invisible
    /// characters as `<NBSP>`, `<U+FEFF>`..., at most `limit` characters (then `…`).
    public static func visible(_ text: String, limit: Int) -> String {
        ByteParsing.visible(text, limit: limit)
    }

    /// Whether two header names differ only in case and whitespace (the saved format's name can
    /// then replace the file's safely).
    public static func sameHeaderName(_ a: String, _ b: String) -> Bool {
        HeaderName.looseKey(a) == HeaderName.looseKey(b)
    }
}
