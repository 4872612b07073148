import Clibgit2
import Foundation

/// Who made a commit and when, as a plain value.
public struct Signature: Hashable, Sendable {
    public var name: String
    public var email: String
    public var time: Date
    /// Offset from UTC in minutes, as git records it.
    public var offsetMinutes: Int

    public init(name: String, email: String, time: Date, offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ sig: UnsafePointer<git_signature>) {
        name = String(cString: sig.pointee.name)
        email = String(cString: sig.pointee.email)
        time = Date(timeIntervalSince1970: TimeInterval(sig.pointee.when.time))
        offsetMinutes = Int(sig.pointee.when.offset)
    }

    /// Makes a libgit2 signature that lives only for the duration of `body`.
    func withGitSignature<T>(_ body: (UnsafePointer<git_signature>) throws -> T) throws -> T {
        var sig: UnsafeMutablePointer<git_signature>?
        try GitError.check(
            git_signature_new(&sig, name, email, git_time_t(time.timeIntervalSince1970.rounded(.down)), Int32(offsetMinutes)),
            "git_signature_new")
        defer { git_signature_free(sig) }
        return try body(sig!)
    }
}
