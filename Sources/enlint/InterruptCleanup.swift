import ENLintCore

#if canImport(Glibc)
import Glibc
#endif

/// Removes `fix`'s temporary file when SIGINT, SIGTERM or SIGHUP ends enlint during the write
/// (Ctrl-C, a cancelled CI job, a closed terminal). The input is untouched until the rename
/// either way; without this the half-written `.NAME.enlint-XXXXXX` would stay beside it. The
/// handler only calls unlink and _exit, which are async-signal-safe, on a path copied into C
/// memory beforehand, and exits with 128 + the signal's number, as a shell reports it.
enum InterruptCleanup {
    nonisolated(unsafe) static var path: UnsafeMutablePointer<CChar>?
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    /// Creates the stream and arms for its temporary file with the signals held back meanwhile,
    /// so that there is no moment when the file exists and a signal would leave it behind.
    static func stream(at path: String) throws(AtomicFile.WriteError) -> AtomicFile.Stream {
        let previous = blockSignals()
        defer { restoreSignals(previous) }
        let stream = try AtomicFile.Stream(path: path)
        arm(stream.temporary)
        return stream
    }

    /// From now until `disarm()`, these signals remove `temporary` before enlint exits. A signal
    /// enlint was started ignoring (`nohup`, a background job) stays ignored.
    static func arm(_ temporary: String) {
        path = strdup(temporary)
        for number in signals {
            var current = sigaction()
            sigaction(number, nil, &current)
            if let handler = current.__sigaction_handler.sa_handler,
                unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
            {
                continue
            }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                if let pending = InterruptCleanup.path {
                    unlink(pending)
                    _exit(128 + number)
                }
                // Disarmed: die of the signal as if there were no handler.
                signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
    }

    /// The file was renamed into place or removed: signals act as usual again.
    static func disarm() {
        // Held back meanwhile, so that the handler never reads a path being freed.
        let previous = blockSignals()
        free(path)
        path = nil
        restoreSignals(previous)
    }

    static func blockSignals() -> sigset_t {
        var block = sigset_t()
        var previous = sigset_t()
        sigemptyset(&block)
        for number in signals { sigaddset(&block, number) }
        sigprocmask(SIG_BLOCK, &block, &previous)
        return previous
    }

    static func restoreSignals(_ previous: sigset_t) {
        var mask = previous
        sigprocmask(SIG_SETMASK, &mask, nil)
    }
}
