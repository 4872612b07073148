import Clibgit2
import Foundation

/// The kind of an entry in a tree.
public enum EntryKind: Sendable, Equatable {
    case blob, tree, other
}

/// One entry of a tree, copied out of libgit2 so it outlives the tree.
public struct TreeEntry: Hashable, Sendable {
    public var name: String
    public var id: ObjectID
    public var kind: EntryKind
    public var mode: UInt32
}

/// A commit as a plain value.
public struct CommitInfo: Hashable, Sendable {
    public var id: ObjectID
    public var tree: ObjectID
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    public var message: String

    /// The first line of the message.
    public var subject: String {
        String(message.prefix { $0 != "\n" })
    }
}

extension Repository {
    /// Writes `data` as a blob and returns its id.
    public func writeBlob(_ data: Data) throws -> ObjectID {
        var oid = git_oid()
        try data.withUnsafeBytes { bytes in
            _ = try GitError.check(git_blob_create_from_buffer(&oid, pointer, bytes.baseAddress, bytes.count),
                               "git_blob_create_from_buffer")
        }
        return ObjectID(oid)
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws -> Data {
        var oid = id.oid
        var blob: OpaquePointer?
        try GitError.check(git_blob_lookup(&blob, pointer, &oid), "git_blob_lookup")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: size)
    }

    /// Reads a commit.
    public func commit(_ id: ObjectID) throws -> CommitInfo {
        var oid = id.oid
        var commit: OpaquePointer?
        try GitError.check(git_commit_lookup(&commit, pointer, &oid), "git_commit_lookup")
        defer { git_commit_free(commit) }
        var parents: [ObjectID] = []
        for index in 0..<git_commit_parentcount(commit) {
            parents.append(ObjectID(git_commit_parent_id(commit, index).pointee))
        }
        return CommitInfo(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit).pointee),
            parents: parents,
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)),
            message: String(cString: git_commit_message(commit)))
    }

    /// The message of a commit, without copying its signatures and parents (for walks over a
    /// whole history).
    public func commitMessage(_ id: ObjectID) throws -> String {
        var oid = id.oid
        var commit: OpaquePointer?
        try GitError.check(git_commit_lookup(&commit, pointer, &oid), "git_commit_lookup")
        defer { git_commit_free(commit) }
        return String(cString: git_commit_message(commit))
    }

    /// The entry at `path` (e.g. `stories/2024/06/ID/story.md`) in the tree of `commit`, or nil if absent.
    public func entry(at path: String, in commit: ObjectID) throws -> TreeEntry? {
        let tree = try lookupTree(of: commit)
        defer { git_tree_free(tree) }
        return try entry(at: path, inRoot: tree)
    }

    /// The entry at `path` under the tree `root` (a commit's root tree), or nil when there is none:
    /// `entry(at:in:)` without reading the commit.
    public func entry(at path: String, inTree root: ObjectID) throws -> TreeEntry? {
        var oid = root.oid
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, pointer, &oid), "git_tree_lookup")
        defer { git_tree_free(tree) }
        return try entry(at: path, inRoot: tree!)
    }

    private func entry(at path: String, inRoot tree: OpaquePointer) throws -> TreeEntry? {
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, tree, path)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(result, "git_tree_entry_bypath")
        defer { git_tree_entry_free(entry) }
        return TreeEntry(copying: entry!, name: String(path.split(separator: "/").last ?? ""))
    }

    /// The bytes of the file at `path` in `commit`, or nil when there is no such file.
    public func file(at path: String, in commit: ObjectID) throws -> Data? {
        guard let entry = try entry(at: path, in: commit), entry.kind == .blob else { return nil }
        return try blob(entry.id)
    }

    /// The entries of the tree `id`.
    public func treeEntries(_ id: ObjectID) throws -> [TreeEntry] {
        var oid = id.oid
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, pointer, &oid), "git_tree_lookup")
        defer { git_tree_free(tree) }
        var entries: [TreeEntry] = []
        for index in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, index)!
            entries.append(TreeEntry(copying: entry, name: String(cString: git_tree_entry_name(entry))))
        }
        return entries
    }

    /// Every file below the folder `path` in `commit`, keyed by its path relative to that folder.
    public func files(under path: String, in commit: ObjectID) throws -> [String: ObjectID] {
        guard let folder = try entry(at: path, in: commit), folder.kind == .tree else { return [:] }
        return try files(inTree: folder.id)
    }

    /// Every file below the tree `id`, keyed by its path relative to it: a folder read by its
    /// tree's id, without looking it up from a commit's root through every tree above it.
    public func files(inTree id: ObjectID) throws -> [String: ObjectID] {
        var result: [String: ObjectID] = [:]
        func walk(_ tree: ObjectID, prefix: String) throws {
            for entry in try treeEntries(tree) {
                switch entry.kind {
                case .blob: result[prefix + entry.name] = entry.id
                case .tree: try walk(entry.id, prefix: prefix + entry.name + "/")
                case .other: continue
                }
            }
        }
        try walk(id, prefix: "")
        return result
    }

    /// The bytes of the file `name` directly in the tree `id`, or nil when it has no such file.
    public func file(named name: String, inTree id: ObjectID) throws -> Data? {
        var oid = id.oid
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, pointer, &oid), "git_tree_lookup")
        defer { git_tree_free(tree) }
        guard let entry = git_tree_entry_byname(tree, name), git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return try blob(ObjectID(git_tree_entry_id(entry).pointee))
    }

    func lookupTree(of commit: ObjectID) throws -> OpaquePointer {
        var oid = commit.oid
        var object: OpaquePointer?
        try GitError.check(git_commit_lookup(&object, pointer, &oid), "git_commit_lookup")
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        try GitError.check(git_commit_tree(&tree, object), "git_commit_tree")
        return tree!
    }
}

extension TreeEntry {
    init(copying entry: OpaquePointer, name: String) {
        self.name = name
        self.id = ObjectID(git_tree_entry_id(entry).pointee)
        switch git_tree_entry_type(entry) {
        case GIT_OBJECT_BLOB: kind = .blob
        case GIT_OBJECT_TREE: kind = .tree
        default: kind = .other
        }
        mode = UInt32(git_tree_entry_filemode(entry).rawValue)
    }
}
