import Clibgit2

extension Repository {
    /// The commits reachable from `head` but not from `since`, oldest first (parents before children).
    public func history(from head: ObjectID, since: ObjectID? = nil) throws -> [ObjectID] {
        var walker: OpaquePointer?
        try GitError.check(git_revwalk_new(&walker, pointer), "git_revwalk_new")
        defer { git_revwalk_free(walker) }
        try GitError.check(git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue),
                           "git_revwalk_sorting")
        var start = head.oid
        try GitError.check(git_revwalk_push(walker, &start), "git_revwalk_push")
        if let since {
            var hidden = since.oid
            try GitError.check(git_revwalk_hide(walker, &hidden), "git_revwalk_hide")
        }
        var ids: [ObjectID] = []
        var oid = git_oid()
        while true {
            let result = git_revwalk_next(&oid, walker)
            if result == GIT_ITEROVER.rawValue { break }
            try GitError.check(result, "git_revwalk_next")
            ids.append(ObjectID(oid))
        }
        return ids
    }

    /// Walks the history from `head` along first parents, newest first, handing each commit with
    /// its root tree and message to `each` as it is read, so a caller can work on the newest commits while the
    /// oldest are still being inflated. Returns false, having stopped there, at the first merge
    /// (handed nothing of it) or when `each` returns false; true at the root.
    public func walkLine(from head: ObjectID, _ each: (LineCommit) throws -> Bool) throws -> Bool {
        var oid = head.oid
        while true {
            var commit: OpaquePointer?
            try GitError.check(git_commit_lookup(&commit, pointer, &oid), "git_commit_lookup")
            defer { git_commit_free(commit) }
            let parents = git_commit_parentcount(commit)
            if parents > 1 { return false }
            let walked = LineCommit(id: ObjectID(oid), tree: ObjectID(git_commit_tree_id(commit).pointee),
                                    message: String(cString: git_commit_message(commit)))
            guard try each(walked) else { return false }
            if parents == 0 { return true }
            oid = git_commit_parent_id(commit, 0).pointee
        }
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        if ancestor == descendant { return true }
        var a = ancestor.oid
        var d = descendant.oid
        let result = git_graph_descendant_of(pointer, &d, &a)
        try GitError.check(result, "git_graph_descendant_of")
        return result == 1
    }

    /// True when the object database holds `id`.
    public func contains(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 1
    }
}

/// A commit as `Repository.walkLine` hands it over: with its root tree, which a reader of its
/// files can start from without reading the commit again, and its message.
public struct LineCommit: Hashable, Sendable {
    public var id: ObjectID
    public var tree: ObjectID
    public var message: String

    public init(id: ObjectID, tree: ObjectID, message: String) {
        self.id = id
        self.tree = tree
        self.message = message
    }
}
