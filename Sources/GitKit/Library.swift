import Clibgit2

/// libgit2's global state: initialised once per process, before the first call.
enum Library {
    private static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }
}
