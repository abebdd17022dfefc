import Foundation

/// Runs the built `enlint` binary, as users do.
struct EnlintRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary sits next to the test bundle in SwiftPM's products directory.
    static let executable: URL = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidate = products.appendingPathComponent("enlint")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return repositoryRoot.appendingPathComponent(".build/debug/enlint")
    }()

    /// Runs `enlint args` in the repository root (so fixture paths are relative), with
    /// `NO_COLOR` set unless `environment` says otherwise, and without the variables in
    /// `removing`. `launcher` runs enlint through another program (`/usr/bin/time ...`) that
    /// takes the command after its own arguments.
    static func run(
        _ args: [String], stdin: Data? = nil, environment: [String: String] = ["NO_COLOR": "1"],
        removing: [String] = [], launcher: [String] = [], directory: URL = repositoryRoot
    ) throws -> Outcome {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [executable.path] + args
        } else {
            process.executableURL = executable
            process.arguments = args
        }
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (k, v) in environment { env[k] = v }
        for k in removing { env.removeValue(forKey: k) }
        process.environment = env
        let out = Pipe()
        // stderr goes to a file: two pipes read in turn could block the child on the other one.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try err.close()
        let errData = try Data(contentsOf: errURL)
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `enlint args` under `/usr/bin/time -f %M`: the outcome and the peak resident memory
    /// of the enlint process, in KiB.
    static func runMeasuringMemory(_ args: [String], stdin: Data? = nil) throws -> (outcome: Outcome, peakKiB: Int) {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("enlint-time-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: report) }
        let outcome = try run(args, stdin: stdin, launcher: ["/usr/bin/time", "-f", "%M", "-o", report.path])
        // GNU time writes "Command exited with non-zero status N" first when the status is not 0.
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        return (outcome, lines.last.flatMap { Int($0) } ?? Int.max)
    }
}
