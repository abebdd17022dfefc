import Testing

@testable import ENLintHTML

/// The Mustache subset behind the HTML report: lookup, sections, standalone lines, escaping,
/// and the forms it refuses.
@Suite struct HTMLTemplateTests {
    struct Item {
        let name: String
        let note: String?
        let count: Int
    }

    struct Page {
        let title: String
        let items: [Item]
        let flag: Bool
        let none: [Item]
        let child: Item?
        let missing: Item?
        let note = "page note"
    }

    static let page = Page(
        title: "T & <b>", items: [Item(name: "a", note: "n1", count: 1), Item(name: "b", note: nil, count: 2)], flag: true, none: [],
        child: Item(name: "c", note: nil, count: 3), missing: nil)

    static func render(_ template: String, _ value: Any = page) throws -> String {
        try HTMLTemplate(template).render(value)
    }

    @Test func variablesDottedPathsAndTheCurrentValue() throws {
        #expect(try Self.render("<h1>{{title}}</h1> {{ child.name }} {{child.count}} {{missing.name}}|{{nothing}}|") == "<h1>T &amp; &lt;b&gt;</h1> c 3 ||")
        #expect(try Self.render("{{#.}}[{{.}}]{{/.}}", ["x", "y"]) == "[x][y]")
        #expect(try Self.render("{{#title}}[{{.}}]{{/title}}") == "[T &amp; &lt;b&gt;]")
    }

    @Test func sectionsIterateTestAndEnterValues() throws {
        #expect(try Self.render("{{#items}}{{name}}{{count}},{{/items}}") == "a1,b2,")
        #expect(try Self.render("{{#flag}}yes {{title}}{{/flag}}{{^flag}}no{{/flag}}") == "yes T &amp; &lt;b&gt;")
        #expect(try Self.render("{{#none}}x{{/none}}{{^none}}empty{{/none}}") == "empty")
        #expect(try Self.render("{{#child}}{{name}}{{/child}}{{#missing}}x{{/missing}}{{^missing}}nil{{/missing}}") == "cnil")
    }

    /// A name missing, or nil, in the inner context is looked up in the outer ones.
    @Test func lookupClimbsTheContextStackPastNils() throws {
        #expect(try Self.render("{{#items}}{{name}}:{{note}};{{/items}}") == "a:n1;b:page note;")
        #expect(try Self.render("{{#items}}{{title}}{{/items}}") == "T &amp; &lt;b&gt;T &amp; &lt;b&gt;")
    }

    @Test func standaloneSectionLinesDisappearWithTheirLineBreak() throws {
        let template = "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n{{^flag}}\nnever\n{{/flag}}\n{{! a comment }}\n</ul>\n"
        #expect(try Self.render(template) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        // Not alone on its line: the text around the tag stays.
        #expect(try Self.render("a {{#flag}}b{{/flag}} c\n") == "a b c\n")
        #expect(try Self.render("{{#flag}}\r\nx\r\n{{/flag}}") == "x\r\n")
    }

    @Test func escapingIsScalarByScalarForTextAndBothQuotes() throws {
        struct Value { let v: String }
        #expect(try Self.render("{{v}}", Value(v: #"<a href="x" title='y'>&amp;"#)) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;")
        #expect(try Self.render("{{v}}", Value(v: "\"\u{301}'\u{301}<\u{301}")) == "&quot;\u{301}&#39;\u{301}&lt;\u{301}")
    }

    @Test(arguments: ["{{{title}}}", "{{&title}}", "{{>partial}}", "{{=<% %>=}}", "{{title", "{{#a}}x", "{{/a}}", "{{#a}}{{/b}}", "{{}}"])
    func unsupportedOrBrokenTemplatesAreRefused(template: String) {
        #expect(throws: HTMLTemplate.ParseError.self) { try HTMLTemplate(template) }
    }

    @Test func theReportTemplateParses() throws {
        _ = try HTMLTemplate(ReportTemplate.text)
    }
}
