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

    /// Scopes reading objects without libgit2's hash check (`Repository.readingWithoutHashChecks`):
    /// the check is off while at least one is open.
    private static let hashScopes = HashCheckScopes()

    static func withoutHashChecks<T>(_ body: () throws -> T) throws -> T {
        ensureInitialized()
        try hashScopes.enter()
        defer { hashScopes.leave() }
        return try body()
    }

    private final class HashCheckScopes: @unchecked Sendable {
        private let lock = NSLock()
        private var open = 0

        func enter() throws {
            lock.lock()
            defer { lock.unlock() }
            if open == 0 {
                _ = try GitError.check(galley_git_verify_object_hashes(0), "git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION)")
            }
            open += 1
        }

        func leave() {
            lock.lock()
            defer { lock.unlock() }
            open -= 1
            if open == 0 { _ = galley_git_verify_object_hashes(1) }
        }
    }
}
