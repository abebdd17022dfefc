import ENLintCore
import Testing

@testable import ENLintConfig

@Suite struct ConfigurationTests {
    let sample = """
        # team defaults
        select = ["EN"]
        ignore = ["EN601"]
        max-per-rule = 50

        [severity]
        EN502 = "error"
        EN204 = "off"

        [[files]]
        glob = "supporters/*.csv"
        kind = "supporters"
        format-header = "formats/supporters.txt"
        ignore = ["EN503"]
        columns = { email = "E-mail" }

        [[files]]
        glob = "tx/*.csv"
        kind = "transactions"
        """

    @Test func parsesDefaultsAndSections() throws {
        let config = try Configuration(text: sample, path: "repo/enlint.toml")
        #expect(config.directory == "repo")
        #expect(config.select == ["EN"])
        #expect(config.ignore == ["EN601"])
        #expect(config.maxPerRule == 50)
        #expect(config.severities == ["EN502": .error, "EN204": Severity?.none])
        #expect(config.sections.count == 2)
        #expect(config.sections[0] == Configuration.Section(
            glob: "supporters/*.csv", kind: .supporters, formatHeader: "repo/formats/supporters.txt",
            columns: [.email: "E-mail"], ignore: ["EN503"]))
        #expect(config.sections[1].kind == .transactions)
    }

    @Test func sectionsMatchPathsRelativeToTheConfigDirectory() throws {
        let config = try Configuration(text: sample, path: "repo/enlint.toml")
        #expect(config.section(for: "repo/supporters/march.csv")?.index == 0)
        #expect(config.section(for: "repo/tx/2024/march.csv")?.index == 1)
        #expect(config.section(for: "repo/other/march.csv") == nil)
        let local = try Configuration(text: sample, path: "enlint.toml")
        #expect(local.section(for: "./tx/a.csv")?.index == 1)
    }

    @Test func unknownKeysNameFileLineAndKey() {
        #expect(throws: ConfigurationError(path: "enlint.toml", line: 2, message: "selct: unknown key (expected one of: files, ignore, max-per-rule, select, severity)")) {
            try Configuration(text: "ignore = []\nselct = [\"EN1\"]\n", path: "enlint.toml")
        }
        #expect(throws: ConfigurationError(path: "enlint.toml", line: 4, message: "knd: unknown key (expected one of: columns, format-header, glob, ignore, kind)")) {
            try Configuration(text: "[[files]]\nglob = \"a/*.csv\"\n\nknd = \"supporters\"\n", path: "enlint.toml")
        }
    }

    @Test func badValuesNameFileLineAndKey() {
        #expect(throws: ConfigurationError(path: "c.toml", line: 1, message: "max-per-rule: expected a whole number of at least 1")) {
            try Configuration(text: "max-per-rule = 0\n", path: "c.toml")
        }
        #expect(throws: ConfigurationError(path: "c.toml", line: 2, message: "EN502: 'fatal' is not a severity: expected error, warning, info or off")) {
            try Configuration(text: "[severity]\nEN502 = \"fatal\"\n", path: "c.toml")
        }
        #expect(throws: ConfigurationError(path: "c.toml", line: 3, message: "kind: 'donations' is not an import kind: expected supporters or transactions")) {
            try Configuration(text: "[[files]]\nglob = \"*.csv\"\nkind = \"donations\"\n", path: "c.toml")
        }
        #expect(throws: ConfigurationError(path: "c.toml", line: 1, message: "[[files]] needs a glob")) {
            try Configuration(text: "[[files]]\nkind = \"supporters\"\n", path: "c.toml")
        }
        #expect(throws: ConfigurationError(path: "c.toml", line: 1, message: "select: expected a list of strings")) {
            try Configuration(text: "select = \"EN1\"\n", path: "c.toml")
        }
    }

    @Test func invalidTOMLReportsTheParsersLine() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Configuration(text: "select = [\"EN1\"\nignore = 3\n", path: "c.toml")
        }
        #expect(error.path == "c.toml")
        #expect(error.line != nil)
        #expect(error.message.hasPrefix("invalid TOML: "))
    }

    @Test func globStarCrossesDirectoriesAndDoubleStarMatchesTheTop() {
        #expect(Glob.matches("tx/*.csv", "tx/a/b.csv"))
        #expect(Glob.matches("**/*.csv", "a.csv"))
        #expect(!Glob.matches("tx/*.csv", "sup/a.csv"))
    }
}
