import ArgumentParser
import ENLintCore
import ENLintRules

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule: id, slug, default severity, summary.")

    enum ListFormat: String, ExpressibleByArgument {
        case text, markdown
    }

    @Option(help: "text, or markdown (the README's rule table).")
    var format: ListFormat = .text

    func run() {
        let out = Output.standard
        switch format {
        case .text:
            for type in RuleRegistry.all {
                let d = type.description
                out.write("\(d.id)  \(d.slug.padding(to: 28))\(d.defaultSeverity.rawValue.padding(to: 9))\(d.summary)\n")
            }
        case .markdown:
            out.write(RuleTable.markdown(RuleRegistry.all.map { $0.description }))
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Print a rule's documentation.")

    @Argument(help: ArgumentHelp("A rule id (EN401) or slug (multiple-campaign-ids).", valueName: "rule"))
    var rule: String

    func run() throws {
        guard let type = RuleRegistry.rule(named: rule) else {
            throw ToolFailure(message: "no rule '\(rule)' (see `enlint rules`)")
        }
        Output.standard.write(type.description.documentation)
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
