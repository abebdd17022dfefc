extension String {
    /// The string with each Unicode scalar for which `replacement` gives a string replaced by
    /// it: the one loop behind every reporter's escaping (JSON, XML, workflow commands), each
    /// of which only says what to replace.
    func replacingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            if let replaced = replacement(scalar) {
                out += replaced
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
