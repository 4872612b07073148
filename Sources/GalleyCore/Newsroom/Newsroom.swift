import Foundation
import GitKit

/// A newsroom: a git work tree (the log) plus its SQLite catalog (the view).
/// One method per use case; the command line is a thin layer over these.
public final class Newsroom {
    /// The newsroom's root folder (the git work tree).
    public let root: URL
    public let settings: NewsroomSettings
    /// The workflow committed in `workflow.yml` (the built-in default when there is none).
    public let workflow: Workflow
    public let clock: Clock
    let repository: Repository
    let catalog: Catalog
    /// The branch holding the newsroom's history (`refs/heads/main`).
    let branch: String
    /// While `galley sync` replays a local commit: that commit, named in every event recorded.
    var replaying: ObjectID?

    /// Galley's folder in the work tree, holding the catalog; git-ignored, never committed.
    public static let stateFolder = ".galley"
    public static let catalogFile = "catalog.sqlite"
    public static let peopleFile = "people.yml"

    init(root: URL, settings: NewsroomSettings, workflow: Workflow, clock: Clock, repository: Repository, catalog: Catalog, branch: String) {
        self.root = root
        self.settings = settings
        self.workflow = workflow
        self.clock = clock
        self.repository = repository
        self.catalog = catalog
        self.branch = branch
    }

    /// The newsroom at `explicit`, or the nearest one at or above `start`.
    public static func locate(explicit: URL?, from start: URL) throws -> URL {
        if let explicit {
            guard isNewsroom(explicit) else {
                throw GalleyError.notFound("\(explicit.path) is not a Galley newsroom (no \(NewsroomSettings.fileName) and .git there); create one with `galley init \(explicit.path)`")
            }
            return explicit.standardizedFileURL
        }
        var folder = start.standardizedFileURL
        while true {
            if isNewsroom(folder) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        throw GalleyError.notFound("\(start.path) is not inside a Galley newsroom; create one with `galley init DIR` or pass --newsroom DIR")
    }

    static func isNewsroom(_ folder: URL) -> Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: folder.appendingPathComponent(NewsroomSettings.fileName).path)
            && manager.fileExists(atPath: folder.appendingPathComponent(".git").path)
    }

    /// Opens the newsroom at `root` and brings its catalog up to date with git.
    public static func open(at root: URL, clock: Clock) throws -> Newsroom {
        let newsroom = try openWithoutCatalog(at: root, clock: clock) { try Catalog(url: $0) }
        try newsroom.catchUp()
        return newsroom
    }

    /// Rebuilds the catalog of the newsroom at `root` from git alone. A catalog file that cannot
    /// even be opened (corrupt, or from an unknown version) is moved aside, not deleted.
    public static func reindex(at root: URL, clock: Clock) throws -> (CatalogSummary, movedAside: URL?) {
        var movedAside: URL?
        let newsroom = try openWithoutCatalog(at: root, clock: clock) { url in
            do {
                return try Catalog(url: url)
            } catch {
                let aside = url.deletingLastPathComponent()
                    .appendingPathComponent("\(catalogFile).unreadable-\(Timestamp.format(Date()).replacingOccurrences(of: ":", with: ""))")
                let manager = FileManager.default
                do {
                    try manager.moveItem(at: url, to: aside)
                    for suffix in ["-wal", "-shm"] {
                        try? manager.removeItem(atPath: url.path + suffix)
                    }
                } catch {
                    throw GalleyError.cannotCreate("cannot move the unreadable catalog \(url.path) aside: \(error.localizedDescription); check the permissions of the .galley folder, or delete the file and run `galley reindex`")
                }
                movedAside = aside
                return try Catalog(url: url)
            }
        }
        return (try newsroom.reindex(), movedAside)
    }

    static func openWithoutCatalog(at root: URL, clock: Clock, catalog makeCatalog: (URL) throws -> Catalog) throws -> Newsroom {
        let repository: Repository
        do {
            repository = try Repository.open(at: root)
        } catch let error as GitError {
            throw GalleyError.notFound("\(root.path) is not a git repository (\(error.message)); create a newsroom with `galley init`")
        }
        let branch = try git { try repository.headBranch() }
        guard let head = try git({ try repository.resolve(branch) }),
              try git({ try repository.file(at: NewsroomSettings.fileName, in: head) }) != nil else {
            throw GalleyError.notFound("\(root.path) has no committed \(NewsroomSettings.fileName); create a newsroom with `galley init`")
        }
        let (settings, workflow) = try committedConfiguration(repository, at: head)
        let catalog = try makeCatalog(catalogURL(root))
        return Newsroom(root: root, settings: settings, workflow: workflow, clock: clock, repository: repository, catalog: catalog, branch: branch)
    }

    /// The settings and workflow committed at `head` (the built-in default workflow when there is none).
    static func committedConfiguration(_ repository: Repository, at head: ObjectID) throws -> (NewsroomSettings, Workflow) {
        guard let settingsData = try git({ try repository.file(at: NewsroomSettings.fileName, in: head) }) else {
            throw GalleyError.notFound("commit \(head.short) has no \(NewsroomSettings.fileName)")
        }
        let settings = try NewsroomSettings.parse(settingsData)
        if let data = try git({ try repository.file(at: WorkflowFile.fileName, in: head) }) {
            return (settings, try WorkflowFile.parse(data, file: WorkflowFile.fileName))
        }
        return (settings, try WorkflowFile.builtIn("default").0)
    }

    static func catalogURL(_ root: URL) throws -> URL {
        let folder = root.appendingPathComponent(stateFolder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw GalleyError.cannotCreate("cannot create \(folder.path): \(error.localizedDescription); check the folder's permissions and free space")
        }
        return folder.appendingPathComponent(catalogFile)
    }

    /// The commit the branch points at now.
    func head() throws -> ObjectID? {
        try git { try repository.resolve(branch) }
    }

    /// Indexes commits the catalog has not seen (after a crash, or commits made by another process).
    /// Returns the head the catalog now reflects.
    @discardableResult
    public func catchUp() throws -> ObjectID? {
        try git { try catalog.catchUp(repository: repository, branch: branch) }
    }

    /// Drops the catalog's rows and rebuilds them from git alone. The catalog is a view, never
    /// committed, so git is read without hashing every object again (`readingWithoutHashChecks`);
    /// and each commit and story file is read once, so without libgit2's object cache.
    public func reindex() throws -> CatalogSummary {
        try git {
            try Repository.readingWithoutHashChecks {
                try Repository.readingWithoutObjectCache { try catalog.rebuild(repository: repository, branch: branch) }
            }
        }
        return try catalog.summary()
    }

    /// The catalog's rows as text (for `reindex` checks and `doctor`).
    public func catalogDump() throws -> String {
        try catalog.dump()
    }
}

extension Newsroom {
    /// The error for an object whose bytes do not hash to its id (read with libgit2's check on).
    static func damagedObject(_ error: GitError) -> GalleyError {
        return .badInput("a git object is damaged (\(error.message)); `git fsck` lists every damaged object: "
                         + "copy them back from a clone or a backup (`git cat-file -p ID` there)")
    }
}

/// Runs a GitKit call, turning a libgit2 failure into an internal error the person can report
/// (or, for a damaged object or a race, into what it is).
func git<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as GitError {
        if error.isConflict {
            throw GalleyError.conflict("someone else changed the newsroom at the same moment (\(error.message)); run the command again")
        }
        if error.isDamagedObject {
            throw Newsroom.damagedObject(error)
        }
        throw GalleyError.internalFailure("git: \(error)")
    }
}
