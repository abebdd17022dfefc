import ENLintCore

/// Every rule enlint has, in id order. Adding a rule: write its file, then add it here.
public enum RuleRegistry {
    public static let all: [any Rule.Type] = [
        // MARK: EN1xx file and encoding
        FileTooLargeRule.self,
        UTF8BOMRule.self,
        NotUTF8Rule.self,
        UTF16Rule.self,
        NULByteRule.self,
        EmptyFileRule.self,
        MixedLineEndingsRule.self,

        // MARK: EN2xx CSV structure
        UnclosedQuoteRule.self,
        StrayQuoteRule.self,
        RaggedRowRule.self,
        BlankRowRule.self,
        NoDataRowsRule.self,
        DuplicateHeaderRule.self,
        EmptyHeaderRule.self,
        WrongDelimiterRule.self,
        OversizedFieldRule.self,

        // MARK: EN3xx saved format
        HeaderMismatchRule.self,
        MissingEmailColumnRule.self,

        // MARK: EN4xx transactions
        MultipleCampaignIDsRule.self,
        BadDateRule.self,
        BadTimeRule.self,
        BadCampaignIDRule.self,
        NoSupporterReferenceRule.self,
        MultipleTransactionTypesRule.self,
        BadAmountRule.self,
        BadCurrencyRule.self,

        // MARK: EN5xx emails
        BlankEmailRule.self,
        InvalidEmailRule.self,
        DuplicateEmailRule.self,

        // MARK: EN6xx content safety
        FormulaInjectionRule.self,
        RiskyCharacterRule.self,

    ]

    /// The rule with this id or slug.
    public static func rule(named name: String) -> (any Rule.Type)? {
        all.first { $0.description.id == name.uppercased() || $0.description.slug == name.lowercased() }
    }
}
