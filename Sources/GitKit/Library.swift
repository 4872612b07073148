import CGitOptions
import Clibgit2
import Foundation

/// libgit2's global state: initialised once per process, before the first call.
enum Library {
    private static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Loads the CA certificates libgit2 would have parsed at start-up (`CGitOptions`
    /// postpones that: it was a fifth of a short command's time). Called before anything that
    /// may open a TLS connection: fetch, push, clone. Until then no server certificate verifies.
    ///
    /// A bundle that fails to load is not an error here, as it was not when libgit2 loaded it at
    /// start-up: ssh and local remotes need none, and an https server then fails verification.
    static func ensureCertificatesLoaded() {
        ensureInitialized()
        _ = galley_load_deferred_certificates()
    }

    /// The CA bundle whose loading is postponed, nil when libgit2 did not ask for one (not built
    /// with mbedTLS, or no bundle at its built-in location).
    static var deferredCertificatesPath: String? {
        ensureInitialized()
        guard let path = galley_deferred_certificates_path() else { return nil }
        defer { free(path) }
        return String(cString: path)
    }

    /// How many times the postponed CA bundle was loaded: 0 or 1.
    static var certificateLoadCount: Int {
        Int(galley_certificates_load_count())
    }

    /// Scopes reading objects without libgit2's hash check (`Repository.readingWithoutHashChecks`).
    private static let hashChecks = SettingScopes("GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION", galley_git_verify_object_hashes)
    /// Scopes reading objects without libgit2's object cache (`Repository.readingWithoutObjectCache`).
    private static let objectCache = SettingScopes("GIT_OPT_ENABLE_CACHING", galley_git_cache_objects)

    static func withoutHashChecks<T>(_ body: () throws -> T) throws -> T {
        try hashChecks.off(body)
    }

    static func withoutObjectCache<T>(_ body: () throws -> T) throws -> T {
        try objectCache.off(body)
    }

    /// The bytes libgit2's object cache holds now, across the process.
    static var cachedMemory: Int {
        ensureInitialized()
        return Int(galley_git_cached_memory())
    }

    /// Scopes in which one of libgit2's process-wide settings, on by default, is off: it is off
    /// while at least one is open, so scopes nest and may overlap across threads.
    private final class SettingScopes: @unchecked Sendable {
        private let lock = NSLock()
        private var open = 0
        private let name: String
        private let set: (Int32) -> Int32

        init(_ name: String, _ set: @escaping (Int32) -> Int32) {
            self.name = name
            self.set = set
        }

        func off<T>(_ body: () throws -> T) throws -> T {
            ensureInitialized()
            try enter()
            defer { leave() }
            return try body()
        }

        private func enter() throws {
            lock.lock()
            defer { lock.unlock() }
            if open == 0 {
                _ = try GitError.check(set(0), "git_libgit2_opts(\(name))")
            }
            open += 1
        }

        private func leave() {
            lock.lock()
            defer { lock.unlock() }
            open -= 1
            if open == 0 { _ = set(1) }
        }
    }
}
