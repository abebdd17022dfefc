import CSVTokenizer
import ENLintCore

/// EN408: currencies must be 3-letter ISO 4217 codes such as `USD`.
public final class BadCurrencyRule: RecordRule {
    public static let description = RuleDescription(
        id: "EN408", slug: "bad-currency", name: "Bad currency", defaultSeverity: .error, kinds: [.transactions],
        summary: "A currency is blank or not a current 3-letter ISO 4217 code such as USD.",
        whatItDoes: """
            Reads the currency column (`Payment Currency`, `Currency`, or the column given with \
            `--column currency=NAME`) of every row and checks that it is a current ISO 4217 code \
            in capitals (`USD`, `EUR`, `GBP`, `CAD`). It says what it found instead: lower case \
            (`usd`: write `USD`), a symbol (`$`, `€`, `£`), a currency name (`Euro`), spaces, or \
            a code that is not in the ISO list. A blank currency is reported too: EN's donation \
            import requires a Payment Currency on every row.
            """,
        whyItMatters: """
            EN's donation import expects the payment currency as a 3-letter ISO code. A symbol \
            is ambiguous (`$` is used by dozens of currencies) and an unknown code fails the row.
            """,
        howToFix: """
            Write the 3-letter ISO code in capitals on every row: `USD`, `CAD`, `EUR`, `GBP`, \
            `AUD`... The hint names the code when the value makes it clear.
            """,
        triggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Payment Currency\na@example.org,12345,2024-01-05,↓usd\nb@example.org,12345,2024-01-05,↓$\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Payment Currency\na@example.org,12345,2024-01-05,↓Euro\nb@example.org,12345,2024-01-05,↓XYZ\nc@example.org,12345,2024-01-05,↓\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Currency\na@example.org,12345,2024-01-05,↓€\nb@example.org,12345,2024-01-05,↓ GBP\n"),
        ],
        nonTriggeringExamples: [
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Payment Currency\na@example.org,12345,2024-01-05,USD\nb@example.org,12345,2024-01-05,CAD\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date,Payment Currency\na@example.org,12345,2024-01-05,\"EUR\"\n\n"),
            RuleExample("Supporter Email,Campaign ID,Transaction Date\na@example.org,12345,2024-01-05\n"),
        ]
    )

    /// Current ISO 4217 codes of currencies people pay in (ISO's list, 2025 amendments; funds,
    /// precious metals and testing codes left out), sorted for binary search.
    static let isoCodes: [String] = [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
        "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
        "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
        "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
        "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
        "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
        "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
        "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
        "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
        "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
        "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
        "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW",
        "ZWG",
    ]

    /// Symbols and names people write instead of a code; nil where they stand for several.
    static let spelledCurrencies: [String: String?] = [
        "$": nil, "US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD",
        "€": "EUR", "£": "GBP", "¥": nil, "₹": "INR", "Fr.": "CHF", "kr": nil,
        "dollar": nil, "dollars": nil, "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP",
        "sterling": "GBP", "yen": "JPY",
    ]

    /// The codes as three bytes in a big-endian integer: sorted like the strings, compared
    /// without making a String per row.
    static let packedCodes: [UInt32] = isoCodes.map { pack(Array($0.utf8)) }

    static func pack<C: Collection<UInt8>>(_ code: C) -> UInt32 {
        code.reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func isISOCode(_ code: Bytes) -> Bool {
        guard code.count == 3 else { return false }
        let key = pack(code)
        var low = 0
        var high = packedCodes.count
        while low < high {
            let mid = (low + high) / 2
            if packedCodes[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < packedCodes.count && packedCodes[low] == key
    }

    /// A file almost always repeats one currency, so most rows are one comparison with the
    /// last valid code instead of a search.
    @exclusivity(unchecked) var codes: RepeatedValidColumn

    public init(context: RuleContext) {
        codes = RepeatedValidColumn(.currency, in: context)
    }

    public func mayReport(in batch: RecordBatch) -> Bool {
        codes.mayReport(in: batch)
    }

    public func checkRecord(_ record: CSVRecord, report: RuleReporter) {
        codes.check(record, report: report, isValid: Self.isISOCode, explain: Self.explain)
    }

    static func explain(_ value: Bytes) -> (problem: String, hint: String) {
        let shown = ByteParsing.quoted(value)
        let trimmed = ByteParsing.trimmed(value)
        if trimmed.isEmpty {
            return ("is blank: EN's donation import needs a Payment Currency on every row", "write the 3-letter ISO code, e.g. USD")
        }
        if isISOCode(trimmed) {
            return ("value \(shown) has spaces around the code", "write \(String(decoding: trimmed, as: UTF8.self))")
        }
        let text = String(decoding: trimmed, as: UTF8.self)
        let upper = text.uppercased()
        if upper != text, upper.utf8.count == 3, upper.utf8.withContiguousStorageIfAvailable(isISOCode) == true {
            return ("value \(shown) is not in capitals: EN needs the ISO code as written in ISO 4217", "write \(upper)")
        }
        if let spelled = spelledCurrencies[text] ?? spelledCurrencies[text.lowercased()] {
            let kind = text.unicodeScalars.contains(where: \.properties.isAlphabetic) ? "a currency name" : "a currency symbol"
            guard let code = spelled else {
                return ("value \(shown) is \(kind) that several currencies use: EN needs a 3-letter ISO code", "write the ISO code, e.g. USD, CAD, AUD or NZD for dollars")
            }
            return ("value \(shown) is \(kind): EN needs a 3-letter ISO code", "write \(code)")
        }
        if upper.utf8.count == 3, upper.allSatisfy({ $0.isASCII && $0.isLetter }) {
            return ("value \(shown) is not a current ISO 4217 currency code", "check the code: common ones are USD, CAD, EUR, GBP, AUD")
        }
        return ("value \(shown) is not a 3-letter ISO 4217 currency code", "write the ISO code in capitals, e.g. USD, CAD, EUR, GBP")
    }
}
