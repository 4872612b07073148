import GitKit

/// A story's file as the indexer reads it at one commit, with the git tree of the story's folder
/// there. The catalog keeps that tree's id (`stories.folder_tree`), so `bundle --all` reads a
/// story's folder by it instead of looking it up from the commit's root: five trees fewer to
/// inflate per story, the largest part of reading a bundle's source from git.
struct StoryRead: Equatable, Sendable {
    let file: StoryFile
    let folderTree: ObjectID

    /// Reads and parses `storyID`'s file at `commit`; throws (naming the commit) when the commit
    /// has no such file or it does not parse.
    /// `root`, when given, is the commit's root tree: the commit is then not read again.
    static func read(_ storyID: StoryID, at commit: ObjectID, root: ObjectID? = nil, from repository: Repository) throws -> StoryRead {
        let folder = StoryLayout.folder(for: storyID)
        let path = folder + "/" + StoryLayout.storyFile
        let entry = try root.map { try repository.entry(at: folder, inTree: $0) } ?? repository.entry(at: folder, in: commit)
        guard let tree = entry, tree.kind == .tree,
              let data = try repository.file(named: StoryLayout.storyFile, inTree: tree.id) else {
            throw Catalog.Indexer.broken(commit, "\(path) is missing")
        }
        return StoryRead(file: try StoryFile.parse(data, file: path), folderTree: tree.id)
    }
}
