import Foundation

/// Tells whether any galley process is in the middle of a write. Each writer holds a shared
/// `flock` on `.galley/writers.lock` while it writes; the kernel drops it when the process dies,
/// however it dies. So when an exclusive lock can be taken, no galley is writing, and a branch
/// lock file git left behind belongs to a process that is gone.
final class WriterPresence {
    private let fd: Int32

    init(stateFolder: URL) throws {
        let path = stateFolder.appendingPathComponent("writers.lock").path
        fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GalleyError.cannotCreate("cannot open \(path): \(String(cString: strerror(errno))); check that you may write to the newsroom's .galley folder")
        }
    }

    deinit {
        close(fd)
    }

    /// Marks this process as a writer until `leave()` (or its death).
    func enter() {
        while flock(fd, LOCK_SH) != 0 && errno == EINTR {}
    }

    func leave() {
        flock(fd, LOCK_UN)
    }

    /// True when no other galley process is writing. Call it outside `enter()`/`leave()`.
    func nobodyElseWriting() -> Bool {
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(fd, LOCK_UN)
        return true
    }
}
