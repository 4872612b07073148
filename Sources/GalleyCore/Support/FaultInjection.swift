import Foundation

/// A testing aid: `GALLEY_FAULT=<point>` makes the process stop dead at that point, as a crash or
/// a power cut would, so tests can prove that every state between two steps is recoverable.
public enum FaultInjection {
    /// After the commit's objects are written, before the branch moves.
    public static let afterGitObjects = "after-git-objects"
    /// After the branch moved, before the catalog is updated.
    public static let afterBranchMove = "after-branch-move"
    /// After a bundle's files are written to a temporary folder, before it is moved into place.
    public static let whileWritingBundle = "while-writing-bundle"
    /// Inside the catalog's transaction, before it commits.
    public static let insideCatalogTransaction = "inside-catalog-transaction"

    static let armed: String? = ProcessInfo.processInfo.environment["GALLEY_FAULT"]

    /// Exits immediately, without cleanup, when `point` is the armed fault.
    static func reach(_ point: String) {
        if armed == point {
            _exit(86)
        }
    }

    /// `GALLEY_TEST_PAUSE=<point>:<file>` makes the process wait at `point` until `file` exists,
    /// so a test can line two processes up at the same step and release them together.
    static func pause(_ point: String) {
        guard let setting = ProcessInfo.processInfo.environment["GALLEY_TEST_PAUSE"],
              let colon = setting.firstIndex(of: ":"), setting[..<colon] == point else { return }
        let file = String(setting[setting.index(after: colon)...])
        for _ in 0..<3000 where !FileManager.default.fileExists(atPath: file) {
            usleep(10_000)
        }
    }

    /// Before the branch is moved (after the commit's objects are written).
    public static let beforeBranchMove = "before-branch-move"
}
