import Clibgit2
import Foundation

/// One change to a tree, by full path from the root.
public enum TreeUpdate: Hashable, Sendable {
    /// Adds or replaces the file at `path` with the blob `blob`.
    case upsert(path: String, blob: ObjectID, executable: Bool = false)
    /// Removes the file or folder at `path`.
    case remove(path: String)

    var path: String {
        switch self {
        case .upsert(let path, _, _), .remove(let path): return path
        }
    }
}

extension Repository {
    /// Creates a commit whose tree is `parent`'s tree with `updates` applied, without touching the
    /// on-disk index or any reference: only the trees along the changed paths are rewritten,
    /// so the cost does not grow with the number of files elsewhere in the repository.
    public func commit(
        parent: ObjectID?,
        updates: [TreeUpdate],
        author: Signature,
        committer: Signature? = nil,
        message: String
    ) throws -> ObjectID {
        var treeID = git_oid()
        var baseline: OpaquePointer?
        if let parent {
            baseline = try lookupTree(of: parent)
        }
        defer { if let baseline { git_tree_free(baseline) } }

        // The C strings must outlive the call, so they are duplicated and freed afterwards.
        let paths = updates.map { strdup($0.path)! }
        defer { paths.forEach { free($0) } }
        var raw: [git_tree_update] = []
        for (index, update) in updates.enumerated() {
            var item = git_tree_update()
            item.path = UnsafePointer(paths[index])
            switch update {
            case .upsert(_, let blob, let executable):
                item.action = GIT_TREE_UPDATE_UPSERT
                item.id = blob.oid
                item.filemode = executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
            case .remove:
                item.action = GIT_TREE_UPDATE_REMOVE
            }
            raw.append(item)
        }
        // A nil baseline starts from the empty tree (libgit2's tree builder accepts no source).
        try GitError.check(git_tree_create_updated(&treeID, pointer, baseline, raw.count, raw), "git_tree_create_updated")

        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, pointer, &treeID), "git_tree_lookup")
        defer { git_tree_free(tree) }

        var parentCommit: OpaquePointer?
        if let parent {
            var oid = parent.oid
            try GitError.check(git_commit_lookup(&parentCommit, pointer, &oid), "git_commit_lookup")
        }
        defer { if let parentCommit { git_commit_free(parentCommit) } }

        var commitID = git_oid()
        try author.withGitSignature { authorSig in
            try (committer ?? author).withGitSignature { committerSig in
                var parents: [OpaquePointer?] = parentCommit.map { [$0] } ?? []
                try parents.withUnsafeMutableBufferPointer { buffer in
                    _ = try GitError.check(
                        git_commit_create(&commitID, pointer, nil, authorSig, committerSig, nil, message, tree,
                                          buffer.count, buffer.baseAddress),
                        "git_commit_create")
                }
            }
        }
        return ObjectID(commitID)
    }
}
