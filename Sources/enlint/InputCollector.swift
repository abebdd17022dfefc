#if canImport(Glibc)
import Glibc
#endif

/// Turns command-line operands into the list of files to lint: files as named, directories
/// walked recursively for `*.csv` (hidden directories such as `.git` skipped), minus `--exclude`
/// globs, sorted by path so output order never depends on scheduling.
struct InputCollector {
    var excludes: [String]

    func collect(_ operands: [String]) -> [String] {
        var files: [String] = []
        var stdin = false
        for operand in operands {
            if operand == "-" {
                stdin = true
            } else if isDirectory(operand) {
                walk(operand.hasSuffix("/") && operand.count > 1 ? String(operand.dropLast()) : operand, into: &files)
            } else if !isExcluded(operand) {
                files.append(operand)
            }
        }
        var seen = Set<String>()
        let sorted = files.sorted().filter { seen.insert($0).inserted }
        return stdin ? ["-"] + sorted : sorted
    }

    func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// A directory itself, not a symbolic link to one. The walk does not follow links to
    /// directories: `ln -s . d/self` or `ln -s .. d/up` made it recurse until the stack overflowed.
    func isRealDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    func walk(_ directory: String, into files: inout [String]) {
        guard let dir = opendir(directory) else {
            // Unreadable: keep it as an operand, so linting it reports why.
            files.append(directory)
            return
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = directory == "." ? name : directory + "/" + name
            if isExcluded(path) { continue }
            if isRealDirectory(path) {
                if !name.hasPrefix(".") { walk(path, into: &files) }
            } else if isDirectory(path) {
                continue  // a symbolic link to a directory: not followed, see isRealDirectory
            } else if name.lowercased().hasSuffix(".csv") {
                files.append(path)
            }
        }
    }

    /// A glob excludes a path when it matches the whole path or its last component.
    func isExcluded(_ path: String) -> Bool {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return excludes.contains { fnmatch($0, path, 0) == 0 || fnmatch($0, base, 0) == 0 }
    }
}
