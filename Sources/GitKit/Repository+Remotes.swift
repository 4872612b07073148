import Clibgit2
import Foundation

/// A named remote of a repository, as `git remote -v` lists it.
public struct RemoteInfo: Hashable, Sendable {
    public var name: String
    public var url: String
}

/// How a push of one reference ended on the remote.
public struct PushOutcome: Sendable, Equatable {
    /// The references the remote refused, with the remote's reason (e.g. non-fast-forward).
    public var rejected: [String: String]

    public init(rejected: [String: String]) {
        self.rejected = rejected
    }
}

extension Repository {
    /// The repository's remotes, by name.
    public func remotes() throws -> [RemoteInfo] {
        var names = git_strarray()
        try GitError.check(git_remote_list(&names, pointer), "git_remote_list")
        defer { git_strarray_dispose(&names) }
        var result: [RemoteInfo] = []
        for index in 0..<names.count {
            let name = String(cString: names.strings[index]!)
            if let url = try remoteURL(name) { result.append(RemoteInfo(name: name, url: url)) }
        }
        return result
    }

    /// The fetch URL of the remote `name`, or nil when there is no such remote.
    public func remoteURL(_ name: String) throws -> String? {
        var remote: OpaquePointer?
        let result = git_remote_lookup(&remote, pointer, name)
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EINVALIDSPEC.rawValue { return nil }
        try GitError.check(result, "git_remote_lookup")
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    /// Adds a remote with git's default fetch refspec (`+refs/heads/*:refs/remotes/NAME/*`).
    public func addRemote(_ name: String, url: String) throws {
        var remote: OpaquePointer?
        try GitError.check(git_remote_create(&remote, pointer, name, url), "git_remote_create")
        git_remote_free(remote)
    }

    /// Fetches `refspecs` from the remote `name` (or from a URL), updating the remote-tracking references.
    public func fetch(remote name: String, refspecs: [String], credentials: Credentials) throws {
        Library.ensureCertificatesLoaded()
        let remote = try lookupRemote(name)
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try GitError.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "git_fetch_options_init")
        options.prune = GIT_FETCH_NO_PRUNE
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        let payload = CallbackPayload(credentials: credentials)
        payload.install(in: &options.callbacks)
        try withExtendedLifetime(payload) {
            try withStringArray(refspecs) { array in
                _ = try GitError.check(git_remote_fetch(remote, &array, &options, "galley sync: fetch"), "git_remote_fetch")
            }
        }
    }

    /// Pushes `refspecs` (never forced) to the remote `name`. A remote branch that moved to a commit
    /// the pushed one does not descend from is refused by the remote: that is the compare-and-swap.
    public func push(remote name: String, refspecs: [String], credentials: Credentials) throws -> PushOutcome {
        Library.ensureCertificatesLoaded()
        let remote = try lookupRemote(name)
        defer { git_remote_free(remote) }
        var options = git_push_options()
        try GitError.check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "git_push_options_init")
        let outcome = PushCollector()
        let payload = CallbackPayload(credentials: credentials, collector: outcome)
        payload.install(in: &options.callbacks)
        options.callbacks.push_update_reference = { reference, status, payload in
            guard let status, let payload, let reference else { return 0 }
            let box = Unmanaged<CallbackPayload>.fromOpaque(payload).takeUnretainedValue()
            box.collector?.rejected[String(cString: reference)] = String(cString: status)
            return 0
        }
        do {
            try withExtendedLifetime(payload) {
                try withStringArray(refspecs) { array in
                    _ = try GitError.check(git_remote_push(remote, &array, &options), "git_remote_push")
                }
            }
        } catch let error as GitError where error.isNonFastForward {
            // libgit2 refuses before sending when the remote's branch is not an ancestor.
            return PushOutcome(rejected: ["*": error.message])
        }
        return PushOutcome(rejected: outcome.rejected)
    }

    /// Clones `url` into `folder` without checking anything out (no index is written): the caller
    /// writes the work tree itself.
    public static func clone(from url: String, into folder: URL, credentials: Credentials) throws -> Repository {
        Library.ensureCertificatesLoaded()
        var options = git_clone_options()
        try GitError.check(git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)), "git_clone_options_init")
        options.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE.rawValue
        options.fetch_opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        var repo: OpaquePointer?
        let payload = CallbackPayload(credentials: credentials)
        payload.install(in: &options.fetch_opts.callbacks)
        try withExtendedLifetime(payload) {
            _ = try GitError.check(git_clone(&repo, url, folder.path, &options), "git_clone")
        }
        return Repository(pointer: repo!)
    }

    /// The best common ancestor of two commits, or nil when their histories are unrelated.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws -> ObjectID? {
        var out = git_oid()
        var a = one.oid
        var b = two.oid
        let result = git_merge_base(&out, pointer, &a, &b)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, "git_merge_base")
        return ObjectID(out)
    }

    private func lookupRemote(_ name: String) throws -> OpaquePointer {
        var remote: OpaquePointer?
        try GitError.check(git_remote_lookup(&remote, pointer, name), "git_remote_lookup")
        return remote!
    }
}

/// A three-way merge of a text file, as `git merge-file` does it.
public struct TextMerge: Sendable {
    /// The merged text; with conflict markers when `clean` is false.
    public var text: Data
    /// True when the two sides changed different lines.
    public var clean: Bool

    public static func merge(ancestor: Data, ours: Data, theirs: Data) throws -> TextMerge {
        Library.ensureInitialized()
        var result = git_merge_file_result()
        var options = git_merge_file_options()
        try GitError.check(git_merge_file_options_init(&options, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)), "git_merge_file_options_init")
        try ancestor.withUnsafeBytes { base in
            try ours.withUnsafeBytes { mine in
                try theirs.withUnsafeBytes { other in
                    func input(_ bytes: UnsafeRawBufferPointer) -> git_merge_file_input {
                        var value = git_merge_file_input()
                        git_merge_file_input_init(&value, UInt32(GIT_MERGE_FILE_INPUT_VERSION))
                        value.ptr = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                        value.size = bytes.count
                        value.mode = 0o100644
                        return value
                    }
                    var a = input(base), o = input(mine), t = input(other)
                    try GitError.check(git_merge_file(&result, &a, &o, &t, &options), "git_merge_file")
                }
            }
        }
        defer { git_merge_file_result_free(&result) }
        let text = result.ptr.map { Data(bytes: $0, count: result.len) } ?? Data()
        return TextMerge(text: text, clean: result.automergeable != 0)
    }
}

/// One file that differs between two commits' trees.
public struct TreeChange: Hashable, Sendable {
    public var path: String
    /// The file's blob in the newer tree; nil when the file was removed.
    public var blob: ObjectID?
    public var executable: Bool
}

extension Repository {
    /// The files that differ between the trees of `old` (nil: the empty tree) and `new`. Unchanged
    /// folders are skipped by id, so the cost follows the change, not the size of the newsroom.
    public func changes(from old: ObjectID?, to new: ObjectID) throws -> [TreeChange] {
        let oldTree = try old.map { try lookupTree(of: $0) }
        defer { if let oldTree { git_tree_free(oldTree) } }
        let newTree = try lookupTree(of: new)
        defer { git_tree_free(newTree) }
        var diff: OpaquePointer?
        try GitError.check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, nil), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        var result: [TreeChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            if delta.status == GIT_DELTA_DELETED {
                result.append(TreeChange(path: String(cString: delta.old_file.path), blob: nil, executable: false))
            } else {
                result.append(TreeChange(path: String(cString: delta.new_file.path), blob: ObjectID(delta.new_file.id),
                                         executable: delta.new_file.mode == UInt16(GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)))
            }
        }
        return result
    }
}

/// Runs `body` with `strings` as a `git_strarray` that lives for the call.
func withStringArray<T>(_ strings: [String], _ body: (inout git_strarray) throws -> T) throws -> T {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    var pointers = copies
    return try pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}

/// Collects the per-reference statuses a push reports.
final class PushCollector {
    var rejected: [String: String] = [:]
}
