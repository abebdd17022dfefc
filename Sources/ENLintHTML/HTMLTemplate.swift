/// The Mustache subset the report's template uses, rendered over plain Swift values by
/// reflection: `{{name}}` and `{{a.b}}` (escaped), `{{.}}`, `{{#section}}` and `{{^inverted}}`,
/// with the spec's context stack and standalone lines. Our own (a page of code) rather than
/// swift-mustache, which imports all of Foundation: loading it cost every lint run about 7 MiB
/// of memory at start-up, for a report few runs ask for.
///
/// Deliberately missing: unescaped output (`{{{x}}}`, `{{&x}}`), partials, lambdas and delimiter
/// changes. Parsing refuses them, so the template cannot write a value unescaped.
struct HTMLTemplate: Sendable {
    indirect enum Node: Equatable, Sendable {
        case text(String)
        /// A value's path: empty for `.`.
        case variable([String])
        case section([String], inverted: Bool, [Node])
    }

    struct ParseError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    let nodes: [Node]

    init(_ text: String) throws(ParseError) {
        let bytes = Array(text.utf8)
        var open: [(path: [String], name: String, inverted: Bool, nodes: [Node])] = [([], "", false, [])]
        var cursor = 0
        while let tagStart = Self.find(Self.openTag, in: bytes, from: cursor) {
            guard let closeStart = Self.find(Self.closeTag, in: bytes, from: tagStart + 2) else {
                throw ParseError(description: "a tag opened at byte \(tagStart) is not closed")
            }
            let tagEnd = closeStart + 2
            var body = Substring(String(decoding: bytes[(tagStart + 2)..<closeStart], as: UTF8.self))
            let sigil = body.first.flatMap { "#^/!".contains($0) ? $0 : nil }
            if sigil != nil { body = body.dropFirst() }
            let name = String(body.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) || sigil == "!" else {
                throw ParseError(description: "unsupported tag {{\(body)}}: only {{name}}, {{#name}}, {{^name}}, {{/name}} and {{! comments }}")
            }
            // A section or comment tag alone on its line takes the whole line with it.
            var textEnd = tagStart
            var next = tagEnd
            if sigil != nil, let line = Self.standaloneLine(bytes, tagStart: tagStart, tagEnd: tagEnd) {
                textEnd = line.start
                next = line.next
            }
            if cursor < textEnd { open[open.count - 1].nodes.append(.text(String(decoding: bytes[cursor..<textEnd], as: UTF8.self))) }
            cursor = next
            let path = name == "." ? [] : name.split(separator: ".").map(String.init)
            switch sigil {
            case "!":
                break
            case "#", "^":
                open.append((path, name, sigil == "^", []))
            case "/":
                guard open.count > 1, let section = open.popLast(), section.name == name else {
                    throw ParseError(description: "{{/\(name)}} closes no open section of that name")
                }
                open[open.count - 1].nodes.append(.section(section.path, inverted: section.inverted, section.nodes))
            default:
                open[open.count - 1].nodes.append(.variable(path))
            }
        }
        if cursor < bytes.count { open[open.count - 1].nodes.append(.text(String(decoding: bytes[cursor...], as: UTF8.self))) }
        guard open.count == 1 else { throw ParseError(description: "section {{#\(open.last!.name)}} is not closed") }
        nodes = open[0].nodes
    }

    func render(_ root: Any) -> String {
        var out = ""
        Self.render(nodes, stack: [root], into: &out)
        return out
    }

    static func render(_ nodes: [Node], stack: [Any], into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let path):
                if let value = lookup(path, in: stack) { escape(String(describing: value), into: &out) }
            case .section(let path, let inverted, let body):
                let value = lookup(path, in: stack)
                let items = value.map(elements) ?? []
                if inverted {
                    if items.isEmpty { render(body, stack: stack, into: &out) }
                } else {
                    for item in items { render(body, stack: item is Bool ? stack : stack + [item], into: &out) }
                }
            }
        }
    }

    /// What a section iterates over: each element of a collection, a `true` once (in the same
    /// context), any other value once as the new context; `false` and empty collections never.
    static func elements(_ value: Any) -> [Any] {
        if let flag = value as? Bool { return flag ? [true] : [] }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection { return mirror.children.map(\.value) }
        return [value]
    }

    /// Mustache's lookup: the first name in the innermost context that has it (a nil there
    /// counts as not having it), the rest of a dotted path inside that.
    static func lookup(_ path: [String], in stack: [Any]) -> Any? {
        guard let first = path.first else { return stack.last }
        for object in stack.reversed() {
            guard let found = child(first, of: object) else { continue }
            var value = found
            for name in path.dropFirst() {
                guard let inner = child(name, of: value) else { return nil }
                value = inner
            }
            return value
        }
        return nil
    }

    /// A stored property by name, optionals unwrapped (nil when absent or nil).
    static func child(_ name: String, of object: Any) -> Any? {
        guard let value = Mirror(reflecting: object).children.first(where: { $0.label == name })?.value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }

    /// For text and for single- or double-quoted attributes. Scalar by scalar: a quote followed
    /// by a combining mark is one Character to Swift but still ends an attribute in a browser.
    static func escape(_ text: String, into out: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    static let openTag = Array("{{".utf8)
    static let closeTag = Array("}}".utf8)

    /// The first place of a two-byte `needle` at or after `start`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var i = start
        while i + 1 < bytes.count {
            if bytes[i] == needle[0] && bytes[i + 1] == needle[1] { return i }
            i += 1
        }
        return nil
    }

    /// When only spaces and tabs share the tag's line: where the line starts and where the text
    /// after the line (its line break included) resumes.
    static func standaloneLine(_ bytes: [UInt8], tagStart: Int, tagEnd: Int) -> (start: Int, next: Int)? {
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var start = tagStart
        while start > 0 && bytes[start - 1] != 0x0A {
            guard isBlank(bytes[start - 1]) else { return nil }
            start -= 1
        }
        var end = tagEnd
        while end < bytes.count && bytes[end] != 0x0A {
            guard isBlank(bytes[end]) || (bytes[end] == 0x0D && end + 1 < bytes.count && bytes[end + 1] == 0x0A) else { return nil }
            end += 1
        }
        return (start, min(end + 1, bytes.count))
    }
}
