#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shell-style globs for config sections: `*` and `?` and `[...]`, where `*` also matches `/`
/// (so `tx/*.csv` covers `tx/2024/march.csv`), and `**/` may also match nothing (so
/// `**/*.csv` covers `a.csv`).
enum Glob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        if fnmatch(pattern, path, 0) == 0 { return true }
        if pattern.hasPrefix("**/") { return matches(String(pattern.dropFirst(3)), path) }
        return false
    }
}
