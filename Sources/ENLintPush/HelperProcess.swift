import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program that sits next to the running executable: its input given whole on stdin, its
/// stdout read to the end; stderr and the environment (proxy settings) are inherited.
struct HelperProcess {
    /// How the helper ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    struct Outcome {
        var stdout: [UInt8]
        var ending: Ending
    }

    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    let path: String

    /// `name` in the directory of the running executable (`/proc/self/exe`), which is where
    /// `swift build` puts every product and where an install copies them.
    static func beside(named name: String) -> HelperProcess {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return HelperProcess(path: name) }
        let exe = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let directory = exe.lastIndex(of: "/").map { String(exe[..<$0]) } ?? "."
        return HelperProcess(path: directory + "/" + name)
    }

    func run(arguments: [String], stdin input: [UInt8]) throws(LaunchError) -> Outcome {
        guard access(path, X_OK) == 0 else {
            throw LaunchError(description: "cannot run \(path): \(String(cString: strerror(errno)))")
        }
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard Self.closeOnExecPipe(&toChild) else { throw Self.failure("pipe") }
        guard Self.closeOnExecPipe(&fromChild) else {
            close(toChild[0])
            close(toChild[1])
            throw Self.failure("pipe")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies: the child keeps exactly stdin, stdout, stderr.
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            throw LaunchError(description: "cannot run \(path): \(String(cString: strerror(spawned)))")
        }
        // The helper reads all of stdin before it writes anything, so writing first cannot
        // deadlock. If it dies early, the write fails with EPIPE and its exit status tells the
        // rest; SIGPIPE is ignored for that (enlint's main ignores it anyway, for stdout).
        signal(SIGPIPE, SIG_IGN)
        _ = input.withUnsafeBytes { AtomicFile.writeAll($0, to: toChild[1]) }
        close(toChild[1])
        let output = Self.readAll(fromChild[0])
        close(fromChild[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let ending: Ending = (status & 0x7F) == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        return Outcome(stdout: output, ending: ending)
    }

    /// Glibc's module does not export pipe2; nothing else spawns while a push runs.
    static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    static func failure(_ what: String) -> LaunchError {
        LaunchError(description: "\(what): \(String(cString: strerror(errno)))")
    }

    static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return out }
            out += chunk[0..<n]
        }
    }
}
