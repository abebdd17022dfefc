/// Parsing of field values straight from their bytes, shared by the rules: trimming, integers,
/// decimal numbers, ISO dates and times (with the usual wrong shapes recognised), hashing for
/// duplicate detection, and showing a value in a message. Nothing here allocates on the path a
/// valid value takes; Strings are made only for messages.
typealias Bytes = UnsafeBufferPointer<UInt8>

enum ByteParsing {
    // MARK: Whitespace and blanks

    /// Space, tab, CR, LF: what "surrounding whitespace" means for a value.
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// The value without leading and trailing ASCII whitespace.
    static func trimmed(_ bytes: Bytes) -> Bytes {
        var start = 0
        var end = bytes.count
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return Bytes(rebasing: bytes[start..<end])
    }

    /// Empty or only ASCII whitespace.
    static func isBlank(_ bytes: Bytes) -> Bool {
        for b in bytes where !isSpace(b) { return false }
        return true
    }

    // MARK: Integers

    /// The value of a run of ASCII digits, nil when empty, not all digits, or above `UInt64.max`.
    static func unsignedInteger(_ bytes: Bytes) -> UInt64? {
        guard !bytes.isEmpty else { return nil }
        var value: UInt64 = 0
        for b in bytes {
            guard isDigit(b) else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(b - 0x30))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    /// Whether `value` is exactly `YYYY-MM-DD` and a day that exists, byte by byte: the
    /// reference for the word-at-a-time `isValidISODate`.
    static func isValidISODateBytewise(_ value: Bytes) -> Bool {
        guard value.count == 10, let p = value.baseAddress, p[4] == 0x2D, p[7] == 0x2D else { return false }
        let y0 = p[0] &- 0x30, y1 = p[1] &- 0x30, y2 = p[2] &- 0x30, y3 = p[3] &- 0x30
        let m0 = p[5] &- 0x30, m1 = p[6] &- 0x30, d0 = p[8] &- 0x30, d1 = p[9] &- 0x30
        guard y0 < 10 && y1 < 10 && y2 < 10 && y3 < 10 && m0 < 10 && m1 < 10 && d0 < 10 && d1 < 10 else { return false }
        let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
        let month = Int(m0) * 10 + Int(m1)
        let day = Int(d0) * 10 + Int(d1)
        return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= CalendarDate.daysIn(month: month, year: year)
    }

    /// Whether `value` is exactly `hh:mm:ss` within a day, byte by byte: the reference for the
    /// word-at-a-time `isValidTime`.
    static func isValidTimeBytewise(_ value: Bytes) -> Bool {
        guard value.count == 8, let p = value.baseAddress, p[2] == 0x3A, p[5] == 0x3A else { return false }
        let h0 = p[0] &- 0x30, h1 = p[1] &- 0x30, m0 = p[3] &- 0x30, m1 = p[4] &- 0x30, s0 = p[6] &- 0x30, s1 = p[7] &- 0x30
        guard h0 < 10 && h1 < 10 && m0 < 6 && m1 < 10 && s0 < 6 && s1 < 10 else { return false }
        return h0 * 10 + h1 < 24
    }

    /// A small fixed-width number (`count` digits from `offset`), or nil when any byte is not a digit.
    @inline(__always)
    static func digits(_ bytes: Bytes, _ offset: Int, _ count: Int) -> Int? {
        var value = 0
        for i in offset..<(offset + count) {
            let b = bytes[i]
            guard isDigit(b) else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        return value
    }

    // MARK: Hashing

    /// FNV-1a over the trimmed value with ASCII letters lower-cased: equal for `Sam@Example.org`
    /// and ` sam@example.org`. Non-ASCII bytes are hashed as they are.
    static func caseFoldedHash(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for var b in trimmed(bytes) {
            if b &- 0x41 < 26 { b |= 0x20 }
            hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// Equality of two trimmed values, ASCII case-insensitive.
    static func equalFolded(_ a: Bytes, _ b: [UInt8]) -> Bool {
        let a = trimmed(a)
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            if x | 0x20 != y | 0x20 || (x | 0x20) &- 0x61 >= 26 { return false }
        }
        return true
    }

    // MARK: Showing values in messages

    /// The name of a character that does not show on screen, nil for the others: no-break
    /// space, zero-width characters, word joiner, byte order mark.
    static func invisibleCharacterName(_ scalar: UInt32) -> String? {
        switch scalar {
        case 0xA0: "no-break space (U+00A0)"
        case 0x200B: "zero-width space (U+200B)"
        case 0x200C: "zero-width non-joiner (U+200C)"
        case 0x200D: "zero-width joiner (U+200D)"
        case 0x2060: "word joiner (U+2060)"
        case 0xFEFF: "zero-width no-break space / byte order mark (U+FEFF)"
        default: nil
        }
    }

    /// The value in double quotes for a message, at most `limit` characters (then `…`), with
    /// invisible characters made visible: tab as `\t`, line breaks as `\n`/`\r`, no-break space
    /// as `<NBSP>`, zero-width characters as `<U+200B>`.
    static func quoted(_ bytes: Bytes, limit: Int = 60) -> String {
        quoted(String(decoding: bytes, as: UTF8.self), limit: limit)
    }

    static func quoted(_ text: String, limit: Int = 60) -> String {
        "\"" + visible(text, limit: limit) + "\""
    }

    /// `text` with its invisible characters made visible as `quoted` shows them, without the
    /// quotes around it.
    static func visible(_ text: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            count += 1
            switch scalar.value {
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0xA0: out += "<NBSP>"
            case 0x200B...0x200D, 0x2060, 0xFEFF: out += "<U+\(String(scalar.value, radix: 16, uppercase: true))>"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

// MARK: - Dates

/// A day of the proleptic Gregorian calendar, known to be valid.
struct CalendarDate: Equatable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    /// Nil unless the date exists (2024-02-29 does, 2023-02-29 and 2024-04-31 do not).
    init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    @inline(__always)
    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The date Excel shows for a serial day number (1900 date system, serials from 61 on,
    /// where Excel's fictitious 1900-02-29 no longer matters): day 0 is 1899-12-30.
    init?(excelSerial serial: Int) {
        guard (61...2_958_465).contains(serial) else { return nil }
        // Howard Hinnant's civil_from_days, counting from 0000-03-01: 1899-12-30 is day 693_899.
        let z = serial + 693_899
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// `2024-01-05`.
    var description: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + Self.pad2(month) + "-" + Self.pad2(day)
    }

    /// `5 January 2024`, for telling readings of an ambiguous date apart.
    var spelledOut: String { "\(day) \(Self.monthNames[month - 1]) \(year)" }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

/// What a date value is, for EN's `YYYY-MM-DD`.
enum DateVerdict: Equatable {
    case valid
    case blank
    /// A valid date with spaces around it.
    case surroundingWhitespace(CalendarDate)
    /// `YYYY-MM-DD` in shape, but no such day (2024-02-30, 2023-02-29, 2024-13-01).
    case notACalendarDate(year: Int, month: Int, day: Int)
    /// `2024-1-5`.
    case missingZeroPadding(CalendarDate)
    /// `20240105`.
    case compact(CalendarDate)
    /// `45292`, Excel's serial number for 2024-01-01.
    case excelSerial(Int, CalendarDate)
    /// `2024-01-05T10:00`, `2024-01-05 10:00:00`.
    case withTime(CalendarDate)
    /// `5 Jan 2024`, `5-January-2024`, `Jan 5, 2024`: the month as a word, so unambiguous.
    case monthName(CalendarDate)
    /// `2024/01/05`, `2024.01.05`.
    case yearFirstWrongSeparator(CalendarDate, separator: UInt8)
    /// `03/04/2024`, `25.12.24`: day and month first, in an order that may be either; `readings`
    /// holds the valid dates it could mean (day-first first), empty when neither is a date.
    case dayMonthYear(readings: [CalendarDate], twoDigitYear: Bool)
    case unrecognised
}

extension ByteParsing {
    static func checkDate(_ value: Bytes) -> DateVerdict {
        // The fast path: exactly YYYY-MM-DD and a real day.
        if isValidISODate(value) { return .valid }
        let bytes = trimmed(value)
        if bytes.isEmpty { return .blank }
        let verdict = classifyDate(bytes)
        if verdict == .valid && bytes.count != value.count {
            return .surroundingWhitespace(isoDate(bytes)!)
        }
        return verdict
    }

    /// The numbers of a value shaped exactly `YYYY-MM-DD`, whether or not the day exists.
    @inline(__always)
    static func isoParts(_ b: Bytes) -> (year: Int, month: Int, day: Int)? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D, let y = digits(b, 0, 4), let m = digits(b, 5, 2),
            let d = digits(b, 8, 2)
        else { return nil }
        return (y, m, d)
    }

    /// `YYYY-MM-DD` exactly, as a date when it is one.
    static func isoDate(_ b: Bytes) -> CalendarDate? {
        isoParts(b).flatMap { CalendarDate(year: $0.year, month: $0.month, day: $0.day) }
    }

    private static func classifyDate(_ b: Bytes) -> DateVerdict {
        // The fast path: exactly YYYY-MM-DD.
        if let (y, m, d) = isoParts(b) {
            return CalendarDate(year: y, month: m, day: d) == nil ? .notACalendarDate(year: y, month: m, day: d) : .valid
        }
        // A date with a time after it.
        if b.count > 10, b[10] == 0x54 || b[10] == 0x20, let date = isoDate(Bytes(rebasing: b[0..<10])) {
            return .withTime(date)
        }
        if let number = unsignedInteger(b) {
            if b.count == 8, let date = CalendarDate(year: Int(number / 10000), month: Int(number / 100 % 100), day: Int(number % 100)) {
                return .compact(date)
            }
            if (3...5).contains(b.count), let date = CalendarDate(excelSerial: Int(number)) {
                return .excelSerial(Int(number), date)
            }
            return .unrecognised
        }
        if b.contains(where: { ($0 | 0x20) &- 0x61 < 26 }) {
            return monthNameDate(b).map { .monthName($0) } ?? .unrecognised
        }
        // Three numbers split by one separator: `/`, `.` or `-`. Only digits and still no
        // number: too many digits for 64 bits.
        guard let separator = b.first(where: { !isDigit($0) }) else { return .unrecognised }
        let parts = b.split(separator: separator, omittingEmptySubsequences: false)
        guard [0x2F, 0x2E, 0x2D].contains(separator), parts.count == 3,
            let first = parts[0].count <= 4 ? unsignedInteger(Bytes(rebasing: parts[0])) : nil,
            let second = parts[1].count <= 2 ? unsignedInteger(Bytes(rebasing: parts[1])) : nil,
            let third = parts[2].count <= 4 ? unsignedInteger(Bytes(rebasing: parts[2])) : nil
        else { return .unrecognised }
        if parts[0].count == 4 {
            guard parts[2].count <= 2 else { return .unrecognised }
            guard let date = CalendarDate(year: Int(first), month: Int(second), day: Int(third)) else {
                return .notACalendarDate(year: Int(first), month: Int(second), day: Int(third))
            }
            return separator == 0x2D ? .missingZeroPadding(date) : .yearFirstWrongSeparator(date, separator: separator)
        }
        guard parts[0].count <= 2, parts[2].count == 4 || parts[2].count == 2 else { return .unrecognised }
        let twoDigitYear = parts[2].count == 2
        let year = twoDigitYear ? 2000 + Int(third) : Int(third)
        var readings: [CalendarDate] = []
        if let dayFirst = CalendarDate(year: year, month: Int(second), day: Int(first)) { readings.append(dayFirst) }
        if let monthFirst = CalendarDate(year: year, month: Int(first), day: Int(second)), !readings.contains(monthFirst) {
            readings.append(monthFirst)
        }
        return .dayMonthYear(readings: readings, twoDigitYear: twoDigitYear)
    }
}

extension ByteParsing {
    /// `5 Jan 2024`, `05-Jan-2024`, `5 January 2024`, `Jan 5, 2024`: a four-digit year and the
    /// month as an English word (its first three letters, `Sept`, or in full), any case.
    static func monthNameDate(_ b: Bytes) -> CalendarDate? {
        let words = b.split(whereSeparator: { $0 == 0x20 || $0 == 0x2D || $0 == 0x2C })
        guard words.count == 3, words[2].count == 4, let year = unsignedInteger(Bytes(rebasing: words[2])) else { return nil }
        func month(_ word: Slice<Bytes>) -> Int? {
            let lower = String(decoding: word.map { $0 | 0x20 }, as: UTF8.self)
            guard lower.count >= 3 else { return nil }
            for (i, name) in CalendarDate.monthNames.enumerated() {
                let full = name.lowercased()
                if lower == full || lower == full.prefix(3) || (i == 8 && lower == "sept") { return i + 1 }
            }
            return nil
        }
        func day(_ word: Slice<Bytes>) -> Int? {
            word.count <= 2 ? unsignedInteger(Bytes(rebasing: word)).map(Int.init) : nil
        }
        if let m = month(words[1]), let d = day(words[0]) { return CalendarDate(year: Int(year), month: m, day: d) }
        if let m = month(words[0]), let d = day(words[1]) { return CalendarDate(year: Int(year), month: m, day: d) }
        return nil
    }
}

// MARK: - Times

/// A time of day, known to be valid.
struct ClockTime: Equatable, CustomStringConvertible {
    var hour: Int
    var minute: Int
    var second: Int

    var description: String {
        CalendarDate.pad2(hour) + ":" + CalendarDate.pad2(minute) + ":" + CalendarDate.pad2(second)
    }
}

/// What a time value is, for EN's `hh:mm:ss` (24-hour).
enum TimeVerdict: Equatable {
    case valid
    case blank
    case surroundingWhitespace(ClockTime)
    /// `24:00:00`, `12:60:00`: which parts are out of range is in the numbers.
    case outOfRange(hour: Int, minute: Int, second: Int)
    /// `7:05:00`.
    case missingZeroPadding(ClockTime)
    /// `07:05`.
    case missingSeconds(ClockTime)
    /// `07:05:00.250`.
    case fractionalSeconds(ClockTime)
    /// `9:05 PM`: the 24-hour time when the hour is 1 to 12, else nil.
    case twelveHour(ClockTime?)
    case unrecognised
}

extension ByteParsing {
    static func checkTime(_ value: Bytes) -> TimeVerdict {
        if isValidTime(value) { return .valid }
        // Exactly hh:mm:ss, perhaps out of range.
        if value.count == 8, value[2] == 0x3A, value[5] == 0x3A, let h = digits(value, 0, 2),
            let m = digits(value, 3, 2), let s = digits(value, 6, 2)
        {
            return h < 24 && m < 60 && s < 60 ? .valid : .outOfRange(hour: h, minute: m, second: s)
        }
        let b = trimmed(value)
        if b.isEmpty { return .blank }
        var i = 0
        /// A run of 1 or 2 digits at `i`.
        func number() -> (value: Int, width: Int)? {
            var width = 0
            var n = 0
            while i < b.count, width < 3, isDigit(b[i]) {
                n = n * 10 + Int(b[i] - 0x30)
                width += 1
                i += 1
            }
            return (1...2).contains(width) ? (n, width) : nil
        }
        func colon() -> Bool {
            guard i < b.count, b[i] == 0x3A else { return false }
            i += 1
            return true
        }
        guard let h = number(), colon(), let m = number() else { return .unrecognised }
        var s: (value: Int, width: Int)? = nil
        if colon() {
            guard let seconds = number() else { return .unrecognised }
            s = seconds
        }
        var fraction = false
        if i < b.count, b[i] == 0x2E, s != nil {
            i += 1
            guard i < b.count, isDigit(b[i]) else { return .unrecognised }
            while i < b.count, isDigit(b[i]) { i += 1 }
            fraction = true
        }
        while i < b.count, b[i] == 0x20 { i += 1 }
        var meridiem: UInt8? = nil
        if i < b.count {
            // AM / PM / a.m. / p.m., any case.
            let rest = b[i...].filter { $0 != 0x2E }.map { $0 | 0x20 }
            guard rest == [0x61, 0x6D] || rest == [0x70, 0x6D] else { return .unrecognised }
            meridiem = rest[0]
        }
        let second = s?.value ?? 0
        if let meridiem {
            guard (1...12).contains(h.value), m.value < 60, second < 60 else { return .twelveHour(nil) }
            let hour = h.value % 12 + (meridiem == 0x70 ? 12 : 0)
            return .twelveHour(ClockTime(hour: hour, minute: m.value, second: second))
        }
        guard h.value < 24, m.value < 60, second < 60 else {
            return .outOfRange(hour: h.value, minute: m.value, second: second)
        }
        let time = ClockTime(hour: h.value, minute: m.value, second: second)
        if fraction { return .fractionalSeconds(time) }
        guard let s else { return .missingSeconds(time) }
        if h.width == 1 || m.width == 1 || s.width == 1 { return .missingZeroPadding(time) }
        return .surroundingWhitespace(time)
    }
}

// MARK: - Decimal numbers

/// What is wrong with an amount; empty for a plain number such as `12`, `12.50` or `0.5`.
struct AmountProblems: OptionSet, Equatable {
    let rawValue: UInt16
    static let surroundingWhitespace = AmountProblems(rawValue: 1 << 0)
    /// `$12.50`, `12,50 €`, `USD 12`.
    static let currencySymbol = AmountProblems(rawValue: 1 << 1)
    /// `1,234.00`, `1.234,00`, `1'234.00`.
    static let thousandsSeparator = AmountProblems(rawValue: 1 << 2)
    /// `12,50`.
    static let decimalComma = AmountProblems(rawValue: 1 << 3)
    /// `1 234.00`.
    static let innerSpace = AmountProblems(rawValue: 1 << 4)
    /// `-5.00`, `(5.00)`.
    static let negative = AmountProblems(rawValue: 1 << 5)
    /// `1.2E+3`.
    static let scientific = AmountProblems(rawValue: 1 << 6)
    /// Anything else: letters, several decimal points, nothing numeric at all.
    static let notANumber = AmountProblems(rawValue: 1 << 7)
}

/// The verdict on an amount: its problems, the symbol found, and the plain number it means when
/// that can be told (`1,234.50` means `1234.50`).
struct AmountCheck: Equatable {
    var problems: AmountProblems
    var symbol: String?
    var plain: String?

    static let fine = AmountCheck(problems: [], symbol: nil, plain: nil)
}

extension ByteParsing {
    /// `12`, `12.50`, `.5`, `12.`: digits with at most one decimal point, at least one digit,
    /// byte by byte: the reference for the word-at-a-time `isPlainNumber`, and its path for
    /// values longer than a word (inlined there: the batch screens make no calls).
    @inline(__always)
    static func isPlainNumberBytewise(_ b: Bytes) -> Bool {
        var digitsSeen = false
        var pointSeen = false
        for c in b {
            if isDigit(c) {
                digitsSeen = true
            } else if c == 0x2E && !pointSeen {
                pointSeen = true
            } else {
                return false
            }
        }
        return digitsSeen
    }

    static let currencyMarks: [String] = ["US$", "CA$", "AU$", "NZ$", "C$", "A$", "$", "€", "£", "¥", "₹", "CHF", "Fr."]

    static func checkAmount(_ value: Bytes) -> AmountCheck {
        if isPlainNumber(value) { return .fine }
        var problems: AmountProblems = []
        var core = String(decoding: value, as: UTF8.self)
        let trimmedCore = core.trimmingASCIISpaces()
        if trimmedCore.count != core.count { problems.insert(.surroundingWhitespace) }
        core = trimmedCore
        var symbol: String? = nil
        // A currency mark or ISO code before or after the number.
        for mark in currencyMarks where symbol == nil {
            if core.hasPrefix(mark) {
                symbol = mark
                core = String(core.dropFirst(mark.count)).trimmingASCIISpaces()
            } else if core.hasSuffix(mark) {
                symbol = mark
                core = String(core.dropLast(mark.count)).trimmingASCIISpaces()
            }
        }
        if symbol == nil, core.count > 3 {
            let head = core.prefix(3)
            let tail = core.suffix(3)
            if head.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                symbol = String(head)
                core = String(core.dropFirst(3)).trimmingASCIISpaces()
            } else if tail.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                symbol = String(tail)
                core = String(core.dropLast(3)).trimmingASCIISpaces()
            }
        }
        if symbol != nil { problems.insert(.currencySymbol) }
        if core.hasPrefix("(") && core.hasSuffix(")") && core.count > 2 {
            problems.insert(.negative)
            core = String(core.dropFirst().dropLast())
        } else if core.hasPrefix("-") {
            problems.insert(.negative)
            core = String(core.dropFirst()).trimmingASCIISpaces()
        } else if core.hasPrefix("+") {
            core = String(core.dropFirst())
        }
        if core.contains(where: { $0 == "E" || $0 == "e" }), Double(core) != nil {
            problems.insert(.scientific)
            return AmountCheck(problems: problems, symbol: symbol, plain: nil)
        }
        if core.contains(" ") || core.contains("\u{A0}") {
            problems.insert(.innerSpace)
            core = core.filter { $0 != " " && $0 != "\u{A0}" }
        }
        guard !core.isEmpty, core.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == "." || $0 == "'") }),
            core.contains(where: \.isNumber)
        else {
            problems.insert(.notANumber)
            return AmountCheck(problems: problems, symbol: symbol, plain: nil)
        }
        guard let (plain, separators) = Self.plainNumber(core) else {
            problems.insert(.notANumber)
            return AmountCheck(problems: problems, symbol: symbol, plain: nil)
        }
        problems.formUnion(separators)
        return AmountCheck(problems: problems, symbol: symbol, plain: plain)
    }

    /// Reads digits with `,` `.` `'` separators as people write them: the last `,` or `.` is the
    /// decimal point when 1, 2 or more than 3 digits follow it or another kind of separator came
    /// before it; a lone `,` or `.` followed by exactly three digits, or repeated ones, group
    /// thousands.
    private static func plainNumber(_ core: String) -> (String, AmountProblems)? {
        let chars = Array(core)
        let separatorIndices = chars.indices.filter { !chars[$0].isNumber }
        guard let last = separatorIndices.last else { return (core, []) }
        let lastMark = chars[last]
        let digitsAfter = chars.count - last - 1
        let sameMarkCount = separatorIndices.filter { chars[$0] == lastMark }.count
        let otherMarks = separatorIndices.contains { chars[$0] != lastMark }
        let isDecimal = lastMark != "'" && (otherMarks || (sameMarkCount == 1 && digitsAfter != 3))
        var problems: AmountProblems = []
        let integerEnd = isDecimal ? last : chars.count
        let integerPart = chars[..<integerEnd]
        let groupMarks = integerPart.filter { !$0.isNumber }
        if !groupMarks.isEmpty {
            // Groups must be well formed: 1-3 digits, then groups of exactly 3, one kind of mark.
            guard Set(groupMarks).count == 1, !isDecimal || groupMarks.first != lastMark else { return nil }
            let groups = integerPart.split(separator: groupMarks.first!, omittingEmptySubsequences: false)
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
            problems.insert(.thousandsSeparator)
        }
        if isDecimal {
            guard digitsAfter > 0 || last > 0 else { return nil }
            if lastMark == "," { problems.insert(.decimalComma) }
        }
        var plain = String(integerPart.filter(\.isNumber))
        if isDecimal { plain += "." + String(chars[(last + 1)...]) }
        return (plain, problems)
    }
}

extension String {
    /// Without leading and trailing ASCII spaces and tabs.
    func trimmingASCIISpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
