import Testing

@testable import ENLintRules

/// The shared byte parsers, tested directly on the values the rules meet.
@Suite struct ByteParsingTests {
    func with<T>(_ text: String, _ body: (Bytes) -> T) -> T {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }

    func date(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

    // MARK: Trimming, integers, hashing, quoting

    @Test func trimmingAndBlanks() {
        #expect(with(" \t12 \r\n") { String(decoding: ByteParsing.trimmed($0), as: UTF8.self) } == "12")
        #expect(with("   ") { ByteParsing.trimmed($0).count } == 0)
        #expect(with("") { ByteParsing.isBlank($0) })
        #expect(with(" \t ") { ByteParsing.isBlank($0) })
        #expect(!with(" x ") { ByteParsing.isBlank($0) })
    }

    @Test func unsignedIntegers() {
        #expect(with("12345") { ByteParsing.unsignedInteger($0) } == 12345)
        #expect(with("007") { ByteParsing.unsignedInteger($0) } == 7)
        #expect(with("18446744073709551615") { ByteParsing.unsignedInteger($0) } == UInt64.max)
        #expect(with("18446744073709551616") { ByteParsing.unsignedInteger($0) } == nil)
        #expect(with("") { ByteParsing.unsignedInteger($0) } == nil)
        #expect(with("12.0") { ByteParsing.unsignedInteger($0) } == nil)
        #expect(with("-1") { ByteParsing.unsignedInteger($0) } == nil)
    }

    @Test func caseFoldedHashIgnoresCaseAndSurroundingSpaces() {
        let a = with("Sam@Example.ORG") { ByteParsing.caseFoldedHash($0) }
        #expect(with(" sam@example.org\t") { ByteParsing.caseFoldedHash($0) } == a)
        #expect(with("sam@example.or") { ByteParsing.caseFoldedHash($0) } != a)
        // '@' (0x40) and '`' (0x60) differ by the case bit but are not letters.
        #expect(with("@") { ByteParsing.caseFoldedHash($0) } != with("`") { ByteParsing.caseFoldedHash($0) })
        // FNV-1a of the empty string is the offset basis.
        #expect(with("  ") { ByteParsing.caseFoldedHash($0) } == 0xcbf2_9ce4_8422_2325)
    }

    @Test func foldedEquality() {
        #expect(with(" VISA ") { ByteParsing.equalFolded($0, Array("visa".utf8)) })
        #expect(!with("Visa") { ByteParsing.equalFolded($0, Array("Vise".utf8)) })
        #expect(!with("@") { ByteParsing.equalFolded($0, Array("`".utf8)) })
    }

    @Test func quotingForMessages() {
        #expect(ByteParsing.quoted("a\tb\u{A0}c\u{200B}") == "\"a\\tb<NBSP>c<U+200B>\"")
        #expect(ByteParsing.quoted(String(repeating: "x", count: 61)) == "\"" + String(repeating: "x", count: 60) + "…\"")
        #expect(ByteParsing.quoted(String(repeating: "é", count: 60)) == "\"" + String(repeating: "é", count: 60) + "\"")
    }

    // MARK: Dates

    @Test func calendarDates() {
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2024, month: 4, day: 31) == nil)
        #expect(CalendarDate(year: 2024, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 0, month: 1, day: 1) == nil)
        #expect(date(2024, 1, 5).description == "2024-01-05")
        #expect(date(999, 12, 31).description == "0999-12-31")
        #expect(date(2024, 4, 3).spelledOut == "3 April 2024")
    }

    @Test func excelSerials() {
        #expect(CalendarDate(excelSerial: 45292) == date(2024, 1, 1))
        #expect(CalendarDate(excelSerial: 61) == date(1900, 3, 1))
        #expect(CalendarDate(excelSerial: 36526) == date(2000, 1, 1))
        #expect(CalendarDate(excelSerial: 2_958_465) == date(9999, 12, 31))
        #expect(CalendarDate(excelSerial: 60) == nil)
    }

    @Test func validAndBlankDates() {
        #expect(with("2024-01-05") { ByteParsing.checkDate($0) } == .valid)
        #expect(with("2024-02-29") { ByteParsing.checkDate($0) } == .valid)
        #expect(with("") { ByteParsing.checkDate($0) } == .blank)
        #expect(with("  ") { ByteParsing.checkDate($0) } == .blank)
        #expect(with(" 2024-01-05 ") { ByteParsing.checkDate($0) } == .surroundingWhitespace(date(2024, 1, 5)))
    }

    @Test func impossibleDates() {
        #expect(with("2024-02-30") { ByteParsing.checkDate($0) } == .notACalendarDate(year: 2024, month: 2, day: 30))
        #expect(with("2023-02-29") { ByteParsing.checkDate($0) } == .notACalendarDate(year: 2023, month: 2, day: 29))
        #expect(with("2024-13-01") { ByteParsing.checkDate($0) } == .notACalendarDate(year: 2024, month: 13, day: 1))
        #expect(with("2024/2/30") { ByteParsing.checkDate($0) } == .notACalendarDate(year: 2024, month: 2, day: 30))
    }

    @Test func wrongDateShapes() {
        #expect(with("2024-1-5") { ByteParsing.checkDate($0) } == .missingZeroPadding(date(2024, 1, 5)))
        #expect(with("20240105") { ByteParsing.checkDate($0) } == .compact(date(2024, 1, 5)))
        #expect(with("45292") { ByteParsing.checkDate($0) } == .excelSerial(45292, date(2024, 1, 1)))
        #expect(with("2024-01-05T10:00") { ByteParsing.checkDate($0) } == .withTime(date(2024, 1, 5)))
        #expect(with("2024-01-05 10:00:00") { ByteParsing.checkDate($0) } == .withTime(date(2024, 1, 5)))
        #expect(with("2024/01/05") { ByteParsing.checkDate($0) } == .yearFirstWrongSeparator(date(2024, 1, 5), separator: 0x2F))
        // The month as a word is unambiguous: `enlint fix` repairs it.
        #expect(with("Jan 5, 2024") { ByteParsing.checkDate($0) } == .monthName(date(2024, 1, 5)))
        #expect(with("05-SEPT-2024") { ByteParsing.checkDate($0) } == .monthName(date(2024, 9, 5)))
        #expect(with("5 Foo 2024") { ByteParsing.checkDate($0) } == .unrecognised)
        #expect(with("31 Feb 2024") { ByteParsing.checkDate($0) } == .unrecognised)
        #expect(with("20241305") { ByteParsing.checkDate($0) } == .unrecognised)
        #expect(with("1/2/3/4") { ByteParsing.checkDate($0) } == .unrecognised)
    }

    /// Found by the lint fuzz target: digits too many for a 64-bit number are no number, so
    /// the value was taken for numbers split by a separator, and the missing separator crashed
    /// enlint (EN402, and fix's date repair, on a transactions file).
    @Test func digitsTooLongForANumberAreNoDate() {
        #expect(with("123456789012345678901234") { ByteParsing.checkDate($0) } == .unrecognised)
        #expect(with(" 18446744073709551616 ") { ByteParsing.checkDate($0) } == .unrecognised)
    }

    @Test func dayMonthOrders() {
        #expect(with("03/04/2024") { ByteParsing.checkDate($0) } == .dayMonthYear(readings: [date(2024, 4, 3), date(2024, 3, 4)], twoDigitYear: false))
        #expect(with("25/12/2024") { ByteParsing.checkDate($0) } == .dayMonthYear(readings: [date(2024, 12, 25)], twoDigitYear: false))
        #expect(with("12/25/2024") { ByteParsing.checkDate($0) } == .dayMonthYear(readings: [date(2024, 12, 25)], twoDigitYear: false))
        #expect(with("05.05.24") { ByteParsing.checkDate($0) } == .dayMonthYear(readings: [date(2024, 5, 5)], twoDigitYear: true))
        #expect(with("31/31/2024") { ByteParsing.checkDate($0) } == .dayMonthYear(readings: [], twoDigitYear: false))
    }

    // MARK: Times

    @Test func validAndBlankTimes() {
        #expect(with("00:00:00") { ByteParsing.checkTime($0) } == .valid)
        #expect(with("23:59:59") { ByteParsing.checkTime($0) } == .valid)
        #expect(with("") { ByteParsing.checkTime($0) } == .blank)
        #expect(with(" 10:00:00") { ByteParsing.checkTime($0) } == .surroundingWhitespace(ClockTime(hour: 10, minute: 0, second: 0)))
    }

    @Test func wrongTimes() {
        #expect(with("24:00:00") { ByteParsing.checkTime($0) } == .outOfRange(hour: 24, minute: 0, second: 0))
        #expect(with("12:60:00") { ByteParsing.checkTime($0) } == .outOfRange(hour: 12, minute: 60, second: 0))
        #expect(with("7:75") { ByteParsing.checkTime($0) } == .outOfRange(hour: 7, minute: 75, second: 0))
        #expect(with("7:05:00") { ByteParsing.checkTime($0) } == .missingZeroPadding(ClockTime(hour: 7, minute: 5, second: 0)))
        #expect(with("07:05") { ByteParsing.checkTime($0) } == .missingSeconds(ClockTime(hour: 7, minute: 5, second: 0)))
        #expect(with("07:05:00.250") { ByteParsing.checkTime($0) } == .fractionalSeconds(ClockTime(hour: 7, minute: 5, second: 0)))
        #expect(with("9:05 PM") { ByteParsing.checkTime($0) } == .twelveHour(ClockTime(hour: 21, minute: 5, second: 0)))
        #expect(with("12:30:15 a.m.") { ByteParsing.checkTime($0) } == .twelveHour(ClockTime(hour: 0, minute: 30, second: 15)))
        #expect(with("12:00pm") { ByteParsing.checkTime($0) } == .twelveHour(ClockTime(hour: 12, minute: 0, second: 0)))
        #expect(with("13:00 PM") { ByteParsing.checkTime($0) } == .twelveHour(nil))
        #expect(with("noon") { ByteParsing.checkTime($0) } == .unrecognised)
        #expect(with("10:00:00 EST") { ByteParsing.checkTime($0) } == .unrecognised)
        #expect(with("123:00:00") { ByteParsing.checkTime($0) } == .unrecognised)
        #expect(ClockTime(hour: 7, minute: 5, second: 9).description == "07:05:09")
    }

    // MARK: Amounts

    @Test func plainNumbers() {
        for text in ["12", "12.50", "0.5", ".5", "12.", "0"] {
            #expect(with(text) { ByteParsing.isPlainNumber($0) }, "\(text)")
            #expect(with(text) { ByteParsing.checkAmount($0) } == .fine, "\(text)")
        }
        for text in ["", ".", "1.2.3", "-1", "1e3", " 1"] {
            #expect(!with(text) { ByteParsing.isPlainNumber($0) }, "\(text)")
        }
    }

    @Test func amountsWithSeparators() {
        #expect(with("1,234.00") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .thousandsSeparator, symbol: nil, plain: "1234.00"))
        #expect(with("1.234,56") { ByteParsing.checkAmount($0) } == AmountCheck(problems: [.thousandsSeparator, .decimalComma], symbol: nil, plain: "1234.56"))
        #expect(with("12,50") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .decimalComma, symbol: nil, plain: "12.50"))
        #expect(with("1,234") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .thousandsSeparator, symbol: nil, plain: "1234"))
        #expect(with("1,234,567") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .thousandsSeparator, symbol: nil, plain: "1234567"))
        #expect(with("1'234.50") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .thousandsSeparator, symbol: nil, plain: "1234.50"))
        #expect(with("1 234.50") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .innerSpace, symbol: nil, plain: "1234.50"))
        #expect(with("12,34,5") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .notANumber, symbol: nil, plain: nil))
    }

    @Test func amountsWithSymbolsSignsAndText() {
        #expect(with("$12.50") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .currencySymbol, symbol: "$", plain: "12.50"))
        #expect(with("12,50 €") { ByteParsing.checkAmount($0) } == AmountCheck(problems: [.currencySymbol, .decimalComma], symbol: "€", plain: "12.50"))
        #expect(with("USD 12") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .currencySymbol, symbol: "USD", plain: "12"))
        #expect(with("-5.00") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .negative, symbol: nil, plain: "5.00"))
        #expect(with("(5.00)") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .negative, symbol: nil, plain: "5.00"))
        #expect(with(" 12.50 ") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .surroundingWhitespace, symbol: nil, plain: "12.50"))
        #expect(with("1.2E+3") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .scientific, symbol: nil, plain: nil))
        #expect(with("ten") { ByteParsing.checkAmount($0) } == AmountCheck(problems: .notANumber, symbol: nil, plain: nil))
    }
}

@Suite struct CurrencyCodeTests {
    @Test func codeListIsSortedAndLookupIsExact() {
        #expect(BadCurrencyRule.isoCodes == BadCurrencyRule.isoCodes.sorted())
        #expect(Set(BadCurrencyRule.isoCodes).count == BadCurrencyRule.isoCodes.count)
        for code in ["AED", "USD", "EUR", "ZWG", "XCG"] {
            #expect(Array(code.utf8).withUnsafeBufferPointer(BadCurrencyRule.isISOCode), "\(code)")
        }
        for code in ["usd", "XYZ", "US", "USDD", "HRK", "AAA", "ZZZ", ""] {
            #expect(!Array(code.utf8).withUnsafeBufferPointer(BadCurrencyRule.isISOCode), "\(code)")
        }
    }
}

@Suite struct FingerprintTableTests {
    @Test func remembersTheFirstLineOfEachFingerprintThroughGrowth() {
        var table = FingerprintTable(capacity: 4)
        for i in 0..<10_000 {
            #expect(table.firstLine(of: UInt64(i) &* 0x1000_0000_01B3, orInsert: Int32(i + 2)) == nil)
        }
        #expect(table.count == 10_000)
        #expect(table.firstLine(of: 0, orInsert: 99) == 2)
        #expect(table.firstLine(of: 9_999 &* 0x1000_0000_01B3, orInsert: 99) == 10_001)
        #expect(table.count == 10_000)
        // Fingerprint 0 shares slot key 1 with fingerprint 1: a documented 2^-64 blind spot.
        var small = FingerprintTable()
        #expect(small.firstLine(of: 7, orInsert: 3) == nil)
        #expect(small.firstLine(of: 7, orInsert: 9) == 3)
    }
}

@Suite struct InvisibleCharacterTests {
    @Test func namesTheInvisibleOnes() {
        #expect(ByteParsing.invisibleCharacterName(0xA0) == "no-break space (U+00A0)")
        #expect(ByteParsing.invisibleCharacterName(0x200B) == "zero-width space (U+200B)")
        #expect(ByteParsing.invisibleCharacterName(0x20) == nil)
        #expect(ByteParsing.invisibleCharacterName(0xE9) == nil)
        let bytes = Array("a\u{E9}b\u{200D}c".utf8)
        #expect(bytes.withUnsafeBufferPointer { InvalidEmailRule.firstInvisible($0)?.offset } == 4)
        #expect(Array("é€“".utf8).withUnsafeBufferPointer { InvalidEmailRule.firstInvisible($0) } == nil)
    }
}
