// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "enlint",
    products: [
        // The embeddable linter: tokenizer, engine, rules and reporters.
        .library(name: "ENLint", targets: ["CSVTokenizer", "ENLintCore", "ENLintRules"]),
        .executable(name: "enlint", targets: ["enlint"]),
        // `enlint push` runs it for each upload attempt, from the directory enlint is in.
        .executable(name: "enlint-push-transport", targets: ["enlint-push-transport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Bytes in, records and field spans out. No Foundation, no rules.
        .target(name: "CSVTokenizer", dependencies: ["CSIMDScan"]),
        // The tokenizer's 64-byte classifier (SSE2 movemask), static inline so Swift inlines it.
        .target(name: "CSIMDScan"),
        // The system ICU behind a plain-C interface (see Sources/CICU/include/enlint_icu.h):
        // a module map over ICU's own headers clashes with Foundation's bundled ICU. ICU is
        // loaded with dlopen on first use, not linked: most runs never need it.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "ENLintCore", dependencies: ["CSVTokenizer", "CICU", "CSIMDScan"]),
        .target(name: "ENLintRules", dependencies: ["ENLintCore", "CSVTokenizer", "CSIMDScan"], path: "Rules"),
        // `enlint fix` and `enlint split`: streaming repairs and splits over the tokenizer.
        .target(name: "ENLintRepair", dependencies: ["ENLintCore", "ENLintRules", "CSVTokenizer", "CICU"]),
        // enlint.toml, read by our own TOML 1.0 parser (TOMLKit's Swift layer loads all of
        // Foundation); kept out of the core so that embedding enlint does not pull in TOML.
        .target(name: "ENLintConfig", dependencies: ["ENLintCore"]),
        // The HTML report: its template in a Mustache subset of our own (HTMLTemplate), which
        // escapes every {{value}} for text and quoted attributes alike and needs no Foundation.
        .target(name: "ENLintHTML", dependencies: ["ENLintCore", "CSVTokenizer"]),
        // `enlint push`: the request, the retry policy and EN's reply, without Foundation. The
        // HTTP transport (FoundationNetworking's URLSession, libcurl and some 35 libraries) is
        // the helper executable below, so that linting never loads it.
        .target(name: "ENLintPush", dependencies: ["ENLintCore"]),
        .target(name: "ENLintPushTransport", dependencies: ["ENLintPush"]),
        .executableTarget(name: "enlint-push-transport", dependencies: ["ENLintPushTransport"]),
        .executableTarget(
            name: "enlint",
            dependencies: [
                "ENLintCore", "ENLintRules", "ENLintConfig", "ENLintHTML", "ENLintPush", "ENLintRepair",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release builds link the Swift libraries statically: a lint starts with 6 shared
            // libraries instead of 17, about 5 ms of CPU and 3.5 MiB sooner (README, Start-up).
            // FoundationEssentials' static archive needs its two helper archives named.
            linkerSettings: [
                .unsafeFlags(
                    ["-static-stdlib", "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims"],
                    .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        // A seeded generator the test targets share (never linked into the products).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CSVTokenizerTests", dependencies: ["CSVTokenizer", "TestSupport"]),
        .testTarget(name: "ENLintCoreTests", dependencies: ["ENLintCore", "ENLintRules", "TestSupport"]),
        .testTarget(name: "ENLintRulesTests", dependencies: ["ENLintRules", "ENLintCore", "TestSupport"]),
        .testTarget(name: "ENLintRepairTests", dependencies: ["ENLintRepair", "ENLintCore", "ENLintRules", "CSVTokenizer"]),
        .testTarget(name: "ENLintConfigTests", dependencies: ["ENLintConfig", "ENLintCore"]),
        .testTarget(name: "ENLintHTMLTests", dependencies: ["ENLintHTML"]),
        .testTarget(name: "ENLintPushTests", dependencies: ["ENLintPush", "ENLintPushTransport"]),
        // enlint-push-transport: so that `swift test` alone builds the helper the push tests run.
        .testTarget(
            name: "EnlintCLITests", dependencies: ["enlint", "enlint-push-transport", "ENLintPush", "ENLintCore"], exclude: ["Golden"]),
    ]
)
