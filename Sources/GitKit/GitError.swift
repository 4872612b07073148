import Clibgit2

/// A failed libgit2 call: which call failed, its return code and libgit2's own message.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The libgit2 function that failed, e.g. `git_commit_create`.
    public let call: String
    /// The raw libgit2 return code (`GIT_ENOTFOUND`, `GIT_EMODIFIED`...).
    public let code: Int32
    /// `git_error_last()`'s message at the time of the failure.
    public let message: String

    public init(call: String, code: Int32, message: String) {
        self.call = call
        self.code = code
        self.message = message
    }

    /// True when a compare-and-swap or a lock lost to another writer: the caller may retry.
    public var isConflict: Bool {
        code == GIT_EMODIFIED.rawValue || code == GIT_ELOCKED.rawValue || code == GIT_EEXISTS.rawValue
    }

    /// True when a push was refused because the remote branch moved to a commit the pushed one
    /// does not descend from.
    public var isNonFastForward: Bool { code == GIT_ENONFASTFORWARD.rawValue }

    /// True when the object or reference asked for does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// An object whose bytes do not hash to its id (libgit2 checks unless `Repository.readingWithoutHashChecks`).
    public var isDamagedObject: Bool { code == GIT_EMISMATCH.rawValue }

    public var description: String { "\(call) failed (\(code)): \(message)" }

    /// The one funnel every libgit2 return code goes through.
    @discardableResult
    static func check(_ result: Int32, _ call: String) throws -> Int32 {
        guard result < 0 else { return result }
        let message: String
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
        } else {
            message = "no message from libgit2"
        }
        throw GitError(call: call, code: result, message: message)
    }
}

/// libgit2 return codes callers distinguish, without importing the C module.
public enum GitErrorCode {
    /// A lock file is held (`refs/heads/main.lock`).
    public static let locked = GIT_ELOCKED.rawValue
    /// A compare-and-swap found another value.
    public static let modified = GIT_EMODIFIED.rawValue
}
