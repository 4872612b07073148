import Foundation
import Testing

/// A person of the test newsroom.
struct Member: Sendable {
    let email: String
    let name: String
    let role: String
}

/// A newsroom in a temporary folder, founded with `galley init` and staffed with `galley people add`
/// (an admin, a reporter and a second editor), removed when the test is done with it.
///
/// Everything runs through the real binaries: `galley` to act, and the stock `git` and `sqlite3`
/// command lines to read back what Galley wrote, as someone without Galley would.
///
///     <base>/home        HOME for every program (no machine git config is read)
///     <base>/newsroom    the newsroom (the git work tree)
///     <base>/outside     a folder outside the newsroom, for body files, editor scripts and other cwds
final class TempNewsroom {
    static let name = "Radar Detik"
    static let timeZone = "Asia/Jakarta"
    static let admin = Member(email: "ed@radar.id", name: "Ed Editor", role: "admin")
    static let reporter = Member(email: "rina@radar.id", name: "Rina Reporter", role: "reporter")
    static let editor = Member(email: "sam@radar.id", name: "Sam Subeditor", role: "editor")
    /// When the newsroom is founded and staffed.
    static let foundedAt = "2024-06-20T04:00:00Z"
    /// When a command runs unless the test says otherwise.
    static let now = "2024-06-20T05:00:00Z"

    /// The `galley init` options every test newsroom is founded with (after the folder).
    static let initOptions = ["--name", name, "--time-zone", timeZone,
                              "--editor", admin.email, "--editor-name", admin.name]

    let base: URL
    let home: URL
    /// The newsroom's root folder (not created when the newsroom is not founded).
    let folder: URL
    /// A folder outside the newsroom.
    let outside: URL

    private let galleyURL: URL
    private let gitURL: URL
    private let sqliteURL: URL

    /// Makes the folders; when `founded`, runs `galley init` and adds the reporter and the editor.
    init(founded: Bool = true) throws {
        galleyURL = try GalleyBinary.url()
        gitURL = try ProgramRunner.tool("git", package: "git")
        sqliteURL = try ProgramRunner.tool("sqlite3", package: "sqlite3")
        let manager = FileManager.default
        base = manager.temporaryDirectory
            .appendingPathComponent("galley-e2e-\(UUID().uuidString)", isDirectory: true).standardizedFileURL
        home = base.appendingPathComponent("home", isDirectory: true)
        folder = base.appendingPathComponent("newsroom", isDirectory: true)
        outside = base.appendingPathComponent("outside", isDirectory: true)
        ownsBase = true
        try manager.createDirectory(at: home, withIntermediateDirectories: true)
        try manager.createDirectory(at: outside, withIntermediateDirectories: true)
        guard founded else { return }
        try setUp(arguments: ["init", folder.path] + TempNewsroom.initOptions, in: outside)
        for member in [TempNewsroom.reporter, TempNewsroom.editor] {
            try setUp(arguments: ["people", "add", member.email, "--name", member.name, "--role", member.role],
                      as: TempNewsroom.admin)
        }
    }

    /// False for a clone: the newsroom it was cloned from owns (and removes) the shared folders.
    private let ownsBase: Bool

    /// A second machine of `origin`'s newsroom: `galley clone URL` into `<base>/<name>`, sharing
    /// origin's home and outside folders. Fails unless the clone worked.
    init(cloning url: String, of origin: TempNewsroom, into name: String) throws {
        galleyURL = origin.galleyURL
        gitURL = origin.gitURL
        sqliteURL = origin.sqliteURL
        base = origin.base
        home = origin.home
        outside = origin.outside
        folder = base.appendingPathComponent(name, isDirectory: true)
        ownsBase = false
        let result = try galley(arguments: ["clone", url, folder.path], at: TempNewsroom.now, in: outside)
        guard result.status == 0 else { throw HarnessError("cloning \(url) failed: \(result)") }
    }

    deinit {
        if ownsBase { try? FileManager.default.removeItem(at: base) }
    }

    private func setUp(arguments: [String], as person: Member? = nil, in directory: URL? = nil) throws {
        let result = try galley(arguments: arguments, as: person, at: TempNewsroom.foundedAt, in: directory)
        guard result.status == 0 else {
            throw HarnessError("setting up the test newsroom failed: \(result)")
        }
    }

    // MARK: Running galley, git and sqlite3

    /// Runs `galley` in the newsroom (or `directory`), as `person` through `GALLEY_USER` (no identity
    /// when nil), at the instant `now` through `GALLEY_NOW`, with `environment` added.
    @discardableResult
    func galley(arguments: [String], as person: Member? = nil, at now: String = TempNewsroom.now,
                in directory: URL? = nil, environment: [String: String] = [:]) throws -> ProgramResult {
        try ProgramRunner.run(galleyURL, arguments, in: directory ?? defaultDirectory,
                              environment: galleyEnvironment(as: person, at: now, adding: environment))
    }

    @discardableResult
    func galley(_ arguments: String..., as person: Member? = nil, at now: String = TempNewsroom.now,
                in directory: URL? = nil, environment: [String: String] = [:]) throws -> ProgramResult {
        try galley(arguments: arguments, as: person, at: now, in: directory, environment: environment)
    }

    /// Starts `galley` without waiting for it, to run several commands at once.
    func startGalley(_ arguments: [String], as person: Member?, at now: String = TempNewsroom.now) throws -> RunningProgram {
        try ProgramRunner.start(galleyURL, arguments, in: defaultDirectory,
                                environment: galleyEnvironment(as: person, at: now, adding: [:]))
    }

    /// Runs `galley` under `strace` (in the newsroom or `directory`), which writes every file the
    /// command opens to `trace`: what a command reads, seen from outside the process.
    @discardableResult
    func galleyOpeningFiles(_ arguments: [String], as person: Member? = nil, in directory: URL? = nil,
                            trace: URL) throws -> ProgramResult {
        let strace = try ProgramRunner.tool("strace", package: "strace")
        return try ProgramRunner.run(strace, ["-f", "-qq", "-e", "trace=open,openat", "-o", trace.path, galleyURL.path] + arguments,
                                     in: directory ?? defaultDirectory,
                                     environment: galleyEnvironment(as: person, at: TempNewsroom.now, adding: [:]))
    }

    private func galleyEnvironment(as person: Member?, at now: String, adding extra: [String: String]) -> [String: String] {
        var environment = TestEnvironment.make(home: home, now: now)
        if let person { environment["GALLEY_USER"] = person.email }
        environment.merge(extra) { _, new in new }
        return environment
    }

    private var defaultDirectory: URL {
        FileManager.default.fileExists(atPath: folder.path) ? folder : outside
    }

    /// Runs the stock `git` command line in the newsroom (or `directory`).
    @discardableResult
    func git(_ arguments: String..., in directory: URL? = nil) throws -> ProgramResult {
        try git(arguments: arguments, in: directory)
    }

    @discardableResult
    func git(arguments: [String], in directory: URL? = nil) throws -> ProgramResult {
        try ProgramRunner.run(gitURL, arguments, in: directory ?? defaultDirectory,
                              environment: TestEnvironment.make(home: home, now: TempNewsroom.now))
    }

    /// Runs `git` and returns its output without the final newline, failing unless it succeeded.
    @discardableResult
    func gitText(_ arguments: String..., in directory: URL? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try ProgramRunner.run(gitURL, arguments, in: directory ?? defaultDirectory,
                                           environment: TestEnvironment.make(home: home, now: TempNewsroom.now))
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result.line
    }

    /// The catalog file, read with the stock `sqlite3` shell.
    var catalogPath: String { folder.appendingPathComponent(".galley/catalog.sqlite").path }

    /// Runs one SQL statement with `sqlite3` on the catalog: rows as `a|b|c` lines, NULL as empty.
    func sql(_ statement: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try ProgramRunner.run(sqliteURL, ["-batch", "-bail", catalogPath, statement], in: outside,
                                           environment: TestEnvironment.make(home: home, now: TempNewsroom.now))
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result.line
    }

    /// The whole catalog as SQL text (`sqlite3 FILE .dump` of every data table) plus the search
    /// index's content; the index's internal segment pages depend on how writes were batched,
    /// as any index's pages do, so they are left out.
    func catalogDump(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try ProgramRunner.run(sqliteURL, ["-batch", catalogPath,
                                                       ".dump people stories revisions events corrections catalog_state grdb_migrations sqlite_sequence",
                                                       "SELECT rowid, slug, headline, body FROM story_search ORDER BY rowid"], in: outside,
                                           environment: TestEnvironment.make(home: home, now: TempNewsroom.now))
        try #require(result.status == 0 && result.stdout.contains("CREATE TABLE stories"), "\(result)",
                     sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Deletes the catalog and its SQLite side files (`catalog.sqlite*`).
    func deleteCatalog() throws {
        let state = folder.appendingPathComponent(".galley")
        for name in try FileManager.default.contentsOfDirectory(atPath: state.path) where name.hasPrefix("catalog.sqlite") {
            try FileManager.default.removeItem(at: state.appendingPathComponent(name))
        }
    }

    /// The commit the newsroom's branch points at.
    func head(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try gitText("rev-parse", "HEAD", sourceLocation: sourceLocation)
    }

    // MARK: Stories

    /// Creates a story with `galley new` and returns the slug it printed, failing unless it worked.
    @discardableResult
    func newStory(_ headline: String, _ options: [String] = [], as person: Member = TempNewsroom.reporter,
                  at now: String = TempNewsroom.now, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try galley(arguments: ["new", headline] + options, as: person, at: now)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result.line
    }

    /// Runs `galley`, failing unless it succeeded.
    @discardableResult
    func succeed(_ arguments: String..., as person: Member? = nil, at now: String = TempNewsroom.now,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> ProgramResult {
        let result = try galley(arguments: arguments, as: person, at: now)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Saves a story with `galley save`, failing unless it worked.
    @discardableResult
    func save(_ slug: String, _ message: String, as person: Member = TempNewsroom.reporter,
              at now: String = TempNewsroom.now, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProgramResult {
        let result = try galley("save", slug, "-m", message, as: person, at: now)
        try #require(result.status == 0, "\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// A story's folder relative to the newsroom root, as the catalog records it.
    func storyFolder(_ slug: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = try sql("SELECT path FROM stories WHERE slug = '\(slug)'", sourceLocation: sourceLocation)
        try #require(!path.isEmpty, "no story '\(slug)' in the catalog", sourceLocation: sourceLocation)
        return path
    }

    /// A story's immutable id, as the catalog records it.
    func storyID(_ slug: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let id = try sql("SELECT id FROM stories WHERE slug = '\(slug)'", sourceLocation: sourceLocation)
        try #require(id.count == 26, "no story '\(slug)' in the catalog", sourceLocation: sourceLocation)
        return id
    }

    /// The story file's path relative to the newsroom root.
    func storyPath(_ slug: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try storyFolder(slug, sourceLocation: sourceLocation) + "/story.md"
    }

    /// The story file in the work tree.
    func storyFile(_ slug: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        folder.appendingPathComponent(try storyPath(slug, sourceLocation: sourceLocation))
    }

    func readStory(_ slug: String) throws -> String {
        try String(contentsOf: storyFile(slug), encoding: .utf8)
    }

    func writeStory(_ slug: String, _ data: Data) throws {
        try data.write(to: storyFile(slug))
    }

    func writeStory(_ slug: String, _ text: String) throws {
        try writeStory(slug, Data(text.utf8))
    }

    /// Rewrites the story file's text with `change`.
    func changeStory(_ slug: String, _ change: (String) -> String) throws {
        try writeStory(slug, change(readStory(slug)))
    }

    /// Writes a file outside the newsroom and returns its URL.
    func outsideFile(_ name: String, _ data: Data) throws -> URL {
        let url = outside.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    // MARK: Nothing changed

    /// Everything a refused command must leave as it was.
    struct Snapshot: Equatable {
        var head: String
        var refs: String
        var catalog: String
        /// Every file of the work tree outside `.git` and `.galley`, by path.
        var files: [String: Data]
    }

    func snapshot(sourceLocation: SourceLocation = #_sourceLocation) throws -> Snapshot {
        Snapshot(head: try head(sourceLocation: sourceLocation),
                 refs: try gitText("for-each-ref", "--format=%(refname) %(objectname)", sourceLocation: sourceLocation),
                 catalog: try catalogDump(sourceLocation: sourceLocation),
                 files: try workTreeFiles())
    }

    func workTreeFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let root = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return files
        }
        for case let url as URL in walker {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count + 1))
            if relative == ".git" || relative == ".galley" {
                walker.skipDescendants()
                continue
            }
            if try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// Expects the branch, every ref, the catalog and the work tree to be exactly as in `before`.
    func expectUnchanged(since before: Snapshot, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let after = try snapshot(sourceLocation: sourceLocation)
        #expect(after.head == before.head, "the branch moved", sourceLocation: sourceLocation)
        #expect(after.refs == before.refs, "a ref changed", sourceLocation: sourceLocation)
        #expect(after.catalog == before.catalog, "the catalog changed", sourceLocation: sourceLocation)
        #expect(after.files.keys.sorted() == before.files.keys.sorted(), "files appeared or went", sourceLocation: sourceLocation)
        let changed = before.files.keys.filter { after.files[$0] != nil && after.files[$0] != before.files[$0] }.sorted()
        #expect(changed == [], "files changed", sourceLocation: sourceLocation)
    }
}
