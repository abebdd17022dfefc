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

    /// From now until `disarm()`, these signals remove `temporary` before enlint exits.
    static func arm(_ temporary: String) {
        path = strdup(temporary)
        for number in signals {
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
        // Blocked meanwhile, so that the handler never reads a path being freed.
        var block = sigset_t()
        var previous = sigset_t()
        sigemptyset(&block)
        for number in signals { sigaddset(&block, number) }
        sigprocmask(SIG_BLOCK, &block, &previous)
        free(path)
        path = nil
        sigprocmask(SIG_SETMASK, &previous, nil)
    }
}
