import Clibgit2

extension Repository {
    /// The full name of the branch HEAD points at (`refs/heads/main`), even when it has no commit yet.
    public func headBranch() throws -> String {
        var head: OpaquePointer?
        try GitError.check(git_reference_lookup(&head, pointer, "HEAD"), "git_reference_lookup")
        defer { git_reference_free(head) }
        guard let target = git_reference_symbolic_target(head) else {
            throw GitError(call: "git_reference_symbolic_target", code: GIT_EINVALID.rawValue,
                           message: "HEAD is detached; check out a branch first")
        }
        return String(cString: target)
    }

    /// The commit a reference points at, or nil when the reference does not exist yet (an unborn branch).
    public func resolve(_ reference: String) throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, reference)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, "git_reference_name_to_id")
        return ObjectID(oid)
    }

    /// Moves `reference` to `new` only if it still points at `expected` (nil: only if it does not exist).
    /// Throws a `GitError` whose `isConflict` is true when another writer moved it first.
    public func updateReference(_ reference: String, to new: ObjectID, expecting expected: ObjectID?, logMessage: String) throws {
        var target = new.oid
        var ref: OpaquePointer?
        if let expected {
            var current = expected.oid
            try GitError.check(
                git_reference_create_matching(&ref, pointer, reference, &target, 1, &current, logMessage),
                "git_reference_create_matching")
        } else {
            try GitError.check(git_reference_create(&ref, pointer, reference, &target, 0, logMessage),
                               "git_reference_create")
        }
        git_reference_free(ref)
    }

    /// Points `reference` at `target`, replacing whatever it held (Galley's own bookkeeping refs).
    public func setReference(_ reference: String, to target: ObjectID, logMessage: String) throws {
        var oid = target.oid
        var ref: OpaquePointer?
        try GitError.check(git_reference_create(&ref, pointer, reference, &oid, 1, logMessage), "git_reference_create")
        git_reference_free(ref)
    }

    /// Deletes `reference`; nothing happens when it does not exist.
    public func deleteReference(_ reference: String) throws {
        let result = git_reference_remove(pointer, reference)
        if result == GIT_ENOTFOUND.rawValue { return }
        try GitError.check(result, "git_reference_remove")
    }

    /// Points HEAD at the branch `reference` (`refs/heads/main`), which may not exist yet.
    public func setHead(_ reference: String) throws {
        try GitError.check(git_repository_set_head(pointer, reference), "git_repository_set_head")
    }

    /// The names of the references starting with `prefix` (e.g. `refs/remotes/origin/`).
    public func references(under prefix: String) throws -> [String] {
        var iterator: OpaquePointer?
        try GitError.check(git_reference_iterator_glob_new(&iterator, pointer, prefix + "*"), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while git_reference_next_name(&name, iterator) == 0, let name {
            names.append(String(cString: name))
        }
        return names.sorted()
    }
}
