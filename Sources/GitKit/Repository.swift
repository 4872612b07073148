import Clibgit2
import Foundation

/// An open git repository. The one owner of its `git_repository` pointer.
public final class Repository {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Runs `body` reading objects without libgit2's check of each against its id (a SHA-1 of
    /// every commit, tree and blob read; on by default, and outside this scope). For commands that
    /// only read git into something that is never committed (the catalog, bundles), as `git
    /// cat-file` and `git show` read: zlib's checksum still catches damaged bytes. Whatever is
    /// read to be written into history again (sync's replay, restore) stays checked. The setting
    /// is the process's: while any such scope is open, every thread reads unchecked.
    public static func readingWithoutHashChecks<T>(_ body: () throws -> T) throws -> T {
        try Library.withoutHashChecks(body)
    }

    /// Runs `body` with libgit2's object cache off: a lookup reads the object from the object
    /// database every time, and nothing read is kept once freed. For a pass that reads each
    /// object once (a reindex reads 500,000 commits and the trees of 100,000 story files, none of
    /// them twice): the cache would insert and evict every one of them, and what it held stays in
    /// the reading threads' malloc arenas (0.8 GB of a 100,000-story reindex's 2 GB). The setting
    /// is the process's: while any such scope is open, no thread's lookups are cached.
    public static func readingWithoutObjectCache<T>(_ body: () throws -> T) throws -> T {
        try Library.withoutObjectCache(body)
    }

    /// Opens the repository whose work tree (or git dir) is at `url`, without searching upward.
    public static func open(at url: URL) throws -> Repository {
        Library.ensureInitialized()
        var repo: OpaquePointer?
        try GitError.check(git_repository_open_ext(&repo, url.path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil),
                           "git_repository_open_ext")
        return Repository(pointer: repo!)
    }

    /// Creates a new repository with a work tree at `url` whose unborn HEAD points at `branch`.
    public static func create(at url: URL, branch: String = "main") throws -> Repository {
        Library.ensureInitialized()
        var options = git_repository_init_options()
        try GitError.check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                           "git_repository_init_options_init")
        options.flags = UInt32(GIT_REPOSITORY_INIT_MKPATH.rawValue)
        var repo: OpaquePointer?
        try branch.withCString { head in
            options.initial_head = head
            try GitError.check(git_repository_init_ext(&repo, url.path, &options), "git_repository_init_ext")
        }
        return Repository(pointer: repo!)
    }

    /// True when `url` holds a git repository (a `.git` folder or file).
    public static func exists(at url: URL) -> Bool {
        Library.ensureInitialized()
        var repo: OpaquePointer?
        let result = git_repository_open_ext(&repo, url.path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        if result == 0 { git_repository_free(repo) }
        return result == 0
    }

    /// The work tree folder, or nil for a bare repository.
    public var workTree: URL? {
        guard let path = git_repository_workdir(pointer) else { return nil }
        return URL(fileURLWithPath: String(cString: path), isDirectory: true)
    }

    /// The `.git` folder.
    public var gitDirectory: URL {
        URL(fileURLWithPath: String(cString: git_repository_path(pointer)), isDirectory: true)
    }

    /// A string from the repository's configuration (with global and system files), or nil when unset.
    public func configString(_ name: String) throws -> String? {
        var config: OpaquePointer?
        try GitError.check(git_repository_config_snapshot(&config, pointer), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let result = git_config_get_string(&value, config, name)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, "git_config_get_string")
        return value.map { String(cString: $0) }
    }

    /// Sets a string in the repository's own configuration file.
    public func setConfigString(_ name: String, _ value: String) throws {
        var config: OpaquePointer?
        try GitError.check(git_repository_config(&config, pointer), "git_repository_config")
        defer { git_config_free(config) }
        try GitError.check(git_config_set_string(config, name, value), "git_config_set_string")
    }
}
