/// The common shapes of the transaction columns (`YYYY-MM-DD`, `hh:mm:ss`, a short plain number)
/// tested a word at a time: one or two unaligned 8-byte loads and a dozen integer operations
/// instead of a loop, a branch and a bounds check per byte. Every test here answers exactly what
/// its bytewise reference in `ByteParsing` answers (the tests compare them); a value that fails
/// goes to the detailed checks, which say what is wrong with it. No test reads outside the value.
extension ByteParsing {
    /// Eight bytes from `offset`, the first one in the low byte.
    @inline(__always)
    static func word(_ p: UnsafePointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self))
    }

    /// Zero when every byte of `t`, a word XORed with the shape it should have (`0` in place of
    /// each digit), is 0 where `exact` has 0xFF and a digit no larger than its limit where it
    /// has 0xF0. `sixes` holds 15 - limit at the digit bytes (0x06 for any digit 0-9): a digit
    /// within its limit plus that stays below 0x10, a larger one does not; a byte already past
    /// 15 fails on its own, so a carry out of it cannot turn a failure into a pass.
    @inline(__always)
    static func shapeErrors(_ t: UInt64, exact: UInt64, sixes: UInt64) -> UInt64 {
        (t | (t &+ sixes)) & exact
    }

    /// From digits 0-9 in the bytes of `t`: byte k becomes `10 * byte k + byte k+1`, the
    /// two-digit number starting at byte k (at most 99, so no byte carries into the next).
    @inline(__always)
    static func pairs(_ t: UInt64) -> UInt64 {
        t &* 10 &+ (t &>> 8)
    }

    /// Days in months 1-12 less 28, two bits per month at bit `2 * month`: February has 28
    /// here, its 29th is looked at apart. (A computed constant: a stored global is read through
    /// a lazy-initialisation check.)
    @inline(__always)
    static var extraDaysByMonth: UInt64 { 0x3BB_EECC }

    /// Whether `value` is exactly `YYYY-MM-DD` and a day that exists: the common case of every
    /// date column. A 2-byte load holds the century, an 8-byte one `YY-MM-DD`.
    @inline(__always)
    static func isValidISODate(_ value: Bytes) -> Bool {
        guard value.count == 10, let p = value.baseAddress else { return false }
        let head = UInt64(UInt16(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt16.self))) ^ 0x3030  // "YY" XOR "00"
        let tail = word(p, 2) ^ 0x3030_2D30_302D_3030  // "YY-MM-DD" XOR "00-00-00"
        let errors = shapeErrors(head, exact: 0xF0F0, sixes: 0x0606)
            | shapeErrors(tail, exact: 0xF0F0_FFF0_F0FF_F0F0, sixes: 0x0606_0006_0600_0606)
        // Year 0000 does not exist: all four year digits zero.
        guard errors == 0, head | tail & 0xFFFF != 0 else { return false }
        // The month in byte 3, the day in byte 6 (each at most 99). Adding 0x7F sets a byte's
        // top bit when it is at least 1; adding 0x80 - 13 and 0x80 - 29 when the month is past
        // 12 or the day past 28. Months 1-12 with days 1-28 are most dates.
        let numbers = pairs(tail)
        let atLeastOne = numbers &+ 0x007F_0000_7F00_0000
        let tooLarge = numbers &+ 0x0063_0000_7300_0000
        if atLeastOne & ~tooLarge & 0x0080_0000_8000_0000 == 0x0080_0000_8000_0000 { return true }
        let month = (numbers &>> 24) & 0xFF
        let day = (numbers &>> 48) & 0xFF
        if month &- 1 < 12 && day &- 1 < 28 + (extraDaysByMonth &>> (2 &* month)) & 3 { return true }
        guard month == 2 && day == 29 else { return false }
        return CalendarDate.isLeap(Int(pairs(head) & 0xFF) &* 100 &+ Int(numbers & 0xFF))
    }

    /// Whether `value` is exactly `hh:mm:ss` within a day: the common case of every time column.
    @inline(__always)
    static func isValidTime(_ value: Bytes) -> Bool {
        guard value.count == 8, let p = value.baseAddress else { return false }
        let t = word(p, 0) ^ 0x3030_3A30_303A_3030  // "hh:mm:ss" XOR "00:00:00"
        // The tens of hours at most 2, of minutes and seconds at most 5, every other digit 9.
        guard shapeErrors(t, exact: 0xF0F0_FFF0_F0FF_F0F0, sixes: 0x060A_0006_0A00_060D) == 0 else { return false }
        // Past 23 is a 2 in byte 0 and 4 or more in byte 1: adding 0x7E and 0x7C sets both
        // top bits then, and only then.
        return (t &+ 0x7C7E) & 0x8080 != 0x8080
    }

    /// The bytes of a value of 1 to 8 bytes in one word, the first in the low byte and zeros
    /// after the last, read with loads inside the value (overlapping ones agree where they meet).
    @inline(__always)
    static func shortWord(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        if count >= 4 {
            let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: (raw + count - 4).loadUnaligned(as: UInt32.self)))
            return low | high &<< (8 &* (count - 4))
        }
        let middle = count / 2
        return UInt64(p[0]) | UInt64(p[middle]) &<< (8 &* middle) | UInt64(p[count - 1]) &<< (8 &* (count - 1))
    }

    /// 0x80 in each byte of `x` that is zero, 0 in the others (no carries between bytes).
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
    }

    /// `12`, `12.50`, `.5`, `12.`: digits with at most one decimal point, at least one digit.
    /// Amounts are short: up to 8 bytes are tested in one word, longer ones byte by byte. The
    /// usual amount, 1 to 5 digits and 2 after the point, is tested first and alone.
    @inline(__always)
    static func isPlainNumber(_ b: Bytes) -> Bool {
        hasCents(b) || isPlainNumberInWord(b)
    }

    /// Whether `b` is 1 to 5 digits, a point and 2 digits: the usual amount, tested alone.
    @inline(__always)
    static func hasCents(_ b: Bytes) -> Bool {
        if UInt(bitPattern: b.count &- 4) < 5, let p = b.baseAddress {
            // The value in the high bytes of a word (the 4 at its end first, the 4 at its start
            // shifted to meet them), so the point of `d.dd` lands in byte 5 whatever the length.
            let raw = UnsafeRawPointer(p)
            let unused = 64 &- 8 &* b.count
            let end = UInt64(UInt32(littleEndian: (raw + (b.count &- 4)).loadUnaligned(as: UInt32.self)))
            let start = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
            let t = (end &<< 32 | start &<< unused) ^ 0x3030_2E30_3030_3030  // XOR "00000.00"
            let errors = shapeErrors(t, exact: 0xF0F0_FFF0_F0F0_F0F0, sixes: 0x0606_0006_0606_0606)
            return errors & (~0 &<< unused) == 0
        }
        return false
    }

    /// `isPlainNumber`, not inlined: for the batch screen of EN407, which tests the usual
    /// amount inline and leaves the others to this call.
    @inline(never)
    static func isPlainNumberOutOfLine(_ b: Bytes) -> Bool {
        isPlainNumberInWord(b)
    }

    /// `isPlainNumber` for any placement of the point.
    @inline(__always)
    static func isPlainNumberInWord(_ b: Bytes) -> Bool {
        guard UInt(bitPattern: b.count &- 1) < 8, let p = b.baseAddress else { return isPlainNumberBytewise(b) }
        let w = shortWord(p, b.count)
        let inValue = (0x8080_8080_8080_8080 as UInt64) &>> (64 &- 8 &* b.count)
        // A byte XOR '0' is below 10 exactly for a digit: adding 0x76 to its low seven bits sets
        // the top bit for 10 and up, and a byte with the top bit already set is no digit either.
        let x = w ^ 0x3030_3030_3030_3030
        let notDigit = (((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | x) & inValue
        let points = zeroBytes(w ^ 0x2E2E_2E2E_2E2E_2E2E) & inValue
        return notDigit & ~points == 0 && points & (points &- 1) == 0 && notDigit != inValue
    }
}
