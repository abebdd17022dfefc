import ENLintCore

/// `--output-format html`: one self-contained page for people who are not engineers: per file,
/// whether it is ready to upload, the facts, the problems by rule with the rule's documentation,
/// where they are, and the first offending rows with the cells to fix highlighted.
public enum HTMLReporter {
    public static func render(_ results: [FileResult], context: ReportContext) -> String {
        template.render(ReportPage(results, context: context))
    }

    /// Parsed once; a broken template is a programming error the tests catch.
    static let template: HTMLTemplate = {
        do {
            return try HTMLTemplate(ReportTemplate.text)
        } catch {
            fatalError("the HTML report template does not parse: \(error)")
        }
    }()
}

/// The whole run, as the template reads it.
struct ReportPage {
    let title: String
    let summary: String
    let tool: String
    let multipleFiles: Bool
    let files: [FileSection]

    init(_ results: [FileResult], context: ReportContext) {
        let ready = results.filter { r in !r.diagnostics.contains { $0.severity >= context.failureThreshold } }.count
        title = results.count == 1 ? results[0].path : Plural.count(results.count, "file")
        summary = "\(ready) of \(Plural.count(results.count, "file")) ready to upload · " + RunSummary(results).line
        tool = "\(context.toolName) \(context.toolVersion)"
        multipleFiles = results.count > 1
        files = results.enumerated().map { FileSection($0.element, index: $0.offset, context: context) }
    }
}
