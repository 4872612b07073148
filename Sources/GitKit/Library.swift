import CGitOptions
import Clibgit2

/// libgit2's global state: initialised once per process, before the first call.
enum Library {
    private static let initialized: Bool = {
        git_libgit2_init()
        // Read objects as git does, without hashing each one again: libgit2 checks every commit,
        // tree and blob it reads against its id by default, about a tenth of a reindex. zlib's
        // checksum still catches damaged bytes; `galley doctor` turns the full check back on.
        _ = galley_git_verify_object_hashes(0)
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// Loads the CA certificates libgit2 would have parsed at start-up (`CGitOptions`
    /// postpones that: it was a fifth of a short command's time). Called before anything that
    /// may open a TLS connection: fetch, push, clone. Until then no server certificate verifies.
    static func ensureCertificatesLoaded() throws {
        ensureInitialized()
        _ = try GitError.check(galley_load_deferred_certificates(), "git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS)")
    }

    /// The CA bundle whose loading is postponed, nil when libgit2 did not ask for one (not built
    /// with mbedTLS, or no bundle at its built-in location).
    static var deferredCertificatesPath: String? {
        ensureInitialized()
        return galley_deferred_certificates_path().map { String(cString: $0) }
    }

    /// How many times the CA bundle was really parsed.
    static var certificateParseCount: Int {
        Int(galley_certificates_parse_count())
    }
}
