import Foundation
import Testing

/// The HTML report, read as text: what a person must see (verdicts, counts, highlighted cells)
/// and what must never happen (data becoming markup).
@Suite struct HTMLReportTests {
    static func report(_ args: [String], stdin: Data? = nil) throws -> String {
        let outcome = try EnlintRunner.run(["--output-format", "html"] + args, stdin: stdin)
        #expect(outcome.stderr == "")
        return outcome.stdout
    }

    /// The section of the page about one file.
    static func section(of path: String, in html: String) throws -> Substring {
        let start = try #require(html.range(of: "<h2 class=\"path\">\(path)</h2>"))
        let end = html[start.upperBound...].range(of: "</section>")?.lowerBound ?? html.endIndex
        return html[start.lowerBound..<end]
    }

    @Test func verdictsKindsAndFactsOfTheSampleFiles() throws {
        let html = try Self.report([
            "--format-header", "Fixtures/supporters-format.txt",
            "Fixtures/transactions-bad.csv", "Fixtures/supporters-excel-bom.csv",
        ])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<p>0 of 2 files ready to upload · 2 files, 12 errors, 4 warnings, 2 info</p>"))

        let bom = try Self.section(of: "Fixtures/supporters-excel-bom.csv", in: html)
        #expect(bom.contains("<div class=\"verdict error\">"))
        #expect(bom.contains("<strong>Not ready to upload</strong>"))
        #expect(bom.contains("<p>Supporter import · 2 errors, 3 warnings, 1 info</p>"))
        #expect(bom.contains("Checked as supporters because the header has no campaign ID column with a date or time column."))
        #expect(bom.contains("<tr><th>Byte order mark</th><td class=\"error\">yes"))
        #expect(bom.contains("<tr><th>Encoding</th><td class=\"\">UTF-8 with BOM</td></tr>"))
        #expect(bom.contains("<span class=\"id\">EN102</span> UTF-8 byte order mark</span><span class=\"count\">1 finding</span>"))
        #expect(bom.contains("<h4>How to fix</h4>"))
        #expect(bom.contains("<strong>Line 1</strong>: the file starts with a UTF-8 byte order mark"))

        let transactions = try Self.section(of: "Fixtures/transactions-bad.csv", in: html)
        #expect(transactions.contains("<div class=\"verdict error\">"))
        #expect(transactions.contains("<p>Transaction import · 10 errors, 1 warning, 1 info</p>"))
        #expect(transactions.contains("Checked as transactions because the header has a campaign ID column (Campaign ID)"))
        #expect(transactions.contains("<tr><th>Campaign IDs</th><td class=\"warning\">104233, 104299, 1.04233E+5 (EN expects one campaign ID per file)</td></tr>"))
        #expect(transactions.contains("<tr><th>Size</th><td>525 bytes of EN’s 20 MB limit"))
        #expect(transactions.contains("<tr><th>Records</th><td class=\"\">5 data rows after the header</td></tr>"))
    }

    @Test func offendingCellsAreHighlightedWithTheirMessage() throws {
        let html = try Self.report(["Fixtures/rules/EN203-ragged-row.csv", "Fixtures/rules/EN202-stray-quote.csv"])
        let ragged = try Self.section(of: "Fixtures/rules/EN203-ragged-row.csv", in: html)
        #expect(ragged.contains("<span class=\"count\">2 findings</span>"))
        #expect(ragged.contains("<th class=\"\">extra column 4</th>"))
        #expect(ragged.contains(
            "<tr><th class=\"line\">3</th><td class=\"\" title=\"\">Alex</td><td class=\"\" title=\"\">Two, Jr.</td>"
                + "<td class=\"\" title=\"\">alex@example.org</td>"
                + "<td class=\"error\" title=\"record has 4 fields, the header has 3\">extra</td></tr>"))
        #expect(ragged.contains("<strong>Line 3, extra column 4</strong>: record has 4 fields, the header has 3"))
        #expect(ragged.contains("<td class=\"absent\" title=\"\"></td>"), "a short row shows its missing cells")

        let stray = try Self.section(of: "Fixtures/rules/EN202-stray-quote.csv", in: html)
        #expect(stray.contains("<td class=\"error\" title=\"a double quote inside a value that is not quoted: &#39;Flat 3&quot; 5 Park Road&#39;\">Flat 3&quot; 5 Park Road</td>"))
        #expect(stray.contains("<strong>Line 4, column 4 “Address 1”</strong>"))
        // The column chart gives Address 1 a bar and the line strip a tick on line 4.
        #expect(stray.contains("<title>Address 1: 1</title>"))
        #expect(stray.contains("<title>Line 4: a double quote inside a value"))
    }

    @Test func countsIncludeFindingsPastThePerRuleCapAndTheGridSaysHowManyMore() throws {
        let rows = "a,b\n" + String(repeating: "1\n", count: 30)
        let html = try Self.report(["--max-per-rule", "25", "-"], stdin: Data(rows.utf8))
        #expect(html.contains("<span class=\"count\">30 findings</span>"))
        #expect(html.components(separatedBy: "<tr class=\"notes\">").count - 1 == 20, "the grid stops at 20 rows")
        #expect(html.contains("<p class=\"more\">…and 10 more findings in rows not shown here.</p>"))
    }

    @Test func infoFindingsDoNotStandInTheWayOfAnUpload() throws {
        let html = try Self.report(["Fixtures/supporters-good.csv"])
        #expect(html.contains("<div class=\"verdict ok\">"))
        #expect(html.contains("<strong>Ready to upload</strong>"))
        #expect(html.contains("<p>Supporter import · 0 errors, 0 warnings, 1 info</p>"))
    }

    @Test func aCleanFileIsReadyToUpload() throws {
        let html = try Self.report(["-"], stdin: Data("Email Address,First Name\nsam@example.org,Sam\n".utf8))
        #expect(html.contains("<div class=\"verdict ok\">"))
        #expect(html.contains("<strong>Ready to upload</strong>"))
        #expect(html.contains("✓ No problems found."))
        #expect(!html.contains("Rows to fix"))
    }

    @Test func hostileCellsAndFileNamesStayText() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let hostileName = directory.appendingPathComponent("\"><img src=x onerror=alert(1)>.csv")
        // The header and a ragged row (so that the row is shown), every value hostile.
        let cells = #"""
            <script>alert(1)</script>,"""><img src=x onerror=alert(1)>",' onmouseover='alert(1)
            <script>alert(2)</script>,"x"" onclick=""alert(3)",&lt;script&gt;,extra

            """#
        try Data(cells.utf8).write(to: hostileName)
        let html = try Self.report([
            hostileName.path, "--stdin-filename", "<script>alert(1)</script>.csv", "-",
        ], stdin: Data(cells.utf8))

        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), "a hostile cell is shown as text")
        #expect(html.contains("&amp;lt;script&amp;gt;"), "entities in data are shown as written, not decoded")
        #expect(html.contains("x&quot; onclick=&quot;alert(3)"), "a quote in a cell cannot end an attribute")
        #expect(html.contains("<td class=\"error\" title=\"record has 4 fields, the header has 3\">extra</td>"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.csv"), "a hostile file name is shown as text")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.csv"))
        for tag in Self.tags(in: html) {
            #expect(Self.allowedAttributes.isSuperset(of: tag.attributes), "unexpected attribute in <\(tag.name) \(tag.attributes)>")
        }
    }

    /// To Swift, a quote followed by a combining mark is one Character that is not `"`; to a
    /// browser it is a quote that ends the attribute. Escaping goes scalar by scalar.
    @Test func aQuoteWithACombiningMarkCannotEndAnAttribute() throws {
        let cells = "name,email\nx\"\u{301} onmouseover=alert(4) x,a@example.org\n"
        let html = try Self.report(["--stdin-filename", "combining.csv", "-"], stdin: Data(cells.utf8))
        #expect(html.contains("title=\"a double quote inside a value that is not quoted: &#39;x&quot;\u{301} onmouseover=alert(4) x&#39;\""))
        #expect(html.contains(">x&quot;\u{301} onmouseover=alert(4) x</td>"))
        for tag in Self.tags(in: html) {
            #expect(Self.allowedAttributes.isSuperset(of: tag.attributes), "unexpected attribute in <\(tag.name) \(tag.attributes)>")
        }
    }

    @Test func templateNeverWritesAValueUnescaped() throws {
        let source = try String(
            contentsOf: EnlintRunner.repositoryRoot.appendingPathComponent("Sources/ENLintHTML/ReportTemplate.swift"), encoding: .utf8)
        #expect(!source.contains("{{{"))
        #expect(!source.contains("{{&"))
        #expect(!source.contains("{{="), "no delimiter changes that could hide an unescaped value")
    }

    @Test func reportIsSelfContained() throws {
        let html = try Self.report(["Fixtures/rules/EN203-ragged-row.csv"])
        for reference in ["src=", "<link", "@import", "url(", "http://", "https://", "<script"] {
            #expect(!html.contains(reference), "the report must load nothing: found \(reference)")
        }
    }

    @Test func outputFileHoldsTheReport() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try EnlintRunner.run(["--output-format", "html", "--output-file", file.path, "Fixtures/rules/EN203-ragged-row.csv"])
        #expect(outcome.status == 1)
        #expect(outcome.stdout == "")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("<strong>Not ready to upload</strong>"))
    }

    // MARK: - A small tag scanner: enough to list the attributes the page's tags carry.

    static let allowedAttributes: Set<String> = [
        "lang", "charset", "name", "content", "http-equiv", "class", "id", "href", "role", "aria-label",
        "aria-hidden", "style", "title", "colspan", "viewbox", "x", "y", "width", "height", "rx", "text-anchor",
    ]

    struct Tag {
        var name: String
        var attributes: Set<String>
    }

    /// Start tags and their attribute names, read as an HTML parser would (quoted values skipped).
    static func tags(in html: String) -> [Tag] {
        var tags: [Tag] = []
        let chars = Array(html.unicodeScalars)
        var i = 0
        func isNameChar(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" }
        while i < chars.count {
            guard chars[i] == "<", i + 1 < chars.count, chars[i + 1].properties.isAlphabetic else { i += 1; continue }
            i += 1
            var name = ""
            while i < chars.count, isNameChar(chars[i]) { name.unicodeScalars.append(chars[i]); i += 1 }
            var attributes: Set<String> = []
            while i < chars.count, chars[i] != ">" {
                if chars[i] == " " || chars[i] == "\n" || chars[i] == "/" { i += 1; continue }
                var attribute = ""
                while i < chars.count, !" =>\n/".unicodeScalars.contains(chars[i]) { attribute.unicodeScalars.append(chars[i]); i += 1 }
                if !attribute.isEmpty { attributes.insert(attribute.lowercased()) }
                if i < chars.count, chars[i] == "=" {
                    i += 1
                    if i < chars.count, chars[i] == "\"" || chars[i] == "'" {
                        let quote = chars[i]
                        i += 1
                        while i < chars.count, chars[i] != quote { i += 1 }
                        i += 1
                    } else {
                        while i < chars.count, chars[i] != " ", chars[i] != ">" { i += 1 }
                    }
                }
            }
            tags.append(Tag(name: name.lowercased(), attributes: attributes))
        }
        return tags
    }
}
