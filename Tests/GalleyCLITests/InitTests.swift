import Foundation
import Testing

/// `galley init`: refusing what it must not overwrite, adopting a repository only when asked.
@Suite struct InitTests {
    /// Makes the newsroom folder a git repository with one commit of someone else's work.
    static func repositoryWithHistory(in room: TempNewsroom) throws -> String {
        try FileManager.default.createDirectory(at: room.folder, withIntermediateDirectories: true)
        try room.gitText("init", "-q", "-b", "main")
        try Data("Notes from before Galley.\n".utf8).write(to: room.folder.appendingPathComponent("README"))
        try Data("*.tmp\n".utf8).write(to: room.folder.appendingPathComponent(".gitignore"))
        try room.gitText("add", "README", ".gitignore")
        try room.gitText("-c", "user.name=Old Hand", "-c", "user.email=old@radar.id", "commit", "-q", "-m", "Notes from before")
        return try room.head()
    }

    @Test func initIntoARepositoryWithHistoryIsRefusedWithoutAdopt() throws {
        let room = try TempNewsroom(founded: false)
        let old = try InitTests.repositoryWithHistory(in: room)
        let files = try room.workTreeFiles()
        let result = try room.galley(arguments: ["init", room.folder.path] + TempNewsroom.initOptions, in: room.outside)
        expectRefusal(result, exitCode: 73, mentioning: [
            "\(room.folder.path) is a git repository with 1 commit on refs/heads/main",
            "pass --adopt to make it a newsroom on top of them (no commit is lost)",
        ])
        #expect(try room.head() == old)
        #expect(try room.gitText("for-each-ref", "--format=%(refname)") == "refs/heads/main")
        #expect(try room.workTreeFiles() == files)
        #expect(!FileManager.default.fileExists(atPath: room.folder.appendingPathComponent(".galley").path))
    }

    @Test func initWithAdoptBuildsOnTheExistingHistory() throws {
        let room = try TempNewsroom(founded: false)
        let old = try InitTests.repositoryWithHistory(in: room)
        let result = try room.galley(arguments: ["init", room.folder.path, "--adopt"] + TempNewsroom.initOptions, in: room.outside)
        expectSuccess(result)
        #expect(result.stdout == "Created the newsroom Radar Detik in \(room.folder.path) (admin: ed@radar.id).\n")

        #expect(try room.git("merge-base", "--is-ancestor", old, "HEAD").status == 0)
        #expect(try room.gitText("rev-parse", "HEAD~1") == old)
        #expect(try room.gitText("log", "--format=%an|%s") == "Ed Editor|Found the newsroom Radar Detik\nOld Hand|Notes from before")
        let committed = try room.gitText("ls-tree", "-r", "--name-only", "HEAD").components(separatedBy: "\n")
        #expect(committed == [".gitignore", "README", "galley.yml", "house-dictionary.yml", "people.yml", "workflow.yml"])
        #expect(try room.gitText("show", "HEAD:README") == "Notes from before Galley.")
        // The repository's own ignore lines are kept; Galley's are added after them.
        #expect(try room.gitText("show", "HEAD:.gitignore") == """
            *.tmp
            # Galley: the catalog is rebuilt from git (`galley reindex`); bundles are built output.
            /.galley/
            /bundles/
            """)

        // It works as a newsroom from then on, and the old commit is still there.
        try room.succeed("people", "add", "rina@radar.id", "--name", "Rina Reporter", "--role", "reporter", as: TempNewsroom.admin)
        let slug = try room.newStory("First story in an adopted newsroom")
        #expect(try room.sql("SELECT slug, revision FROM stories") == "\(slug)|1")
        #expect(try room.git("merge-base", "--is-ancestor", old, "HEAD").status == 0)
        #expect(try room.gitText("rev-list", "--count", "HEAD") == "4")
        try room.expectFsckClean()

        // The commit Galley did not write is skipped when the catalog is rebuilt, exactly as before.
        let catalog = try room.catalogDump()
        try room.deleteCatalog()
        expectSuccess(try room.galley("reindex"))
        #expect(try room.catalogDump() == catalog)
    }

    @Test func initIntoAnExistingNewsroomIsRefused() throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        for extra in [[], ["--adopt"]] {
            let result = try room.galley(arguments: ["init", room.folder.path] + extra + TempNewsroom.initOptions, in: room.outside)
            expectRefusal(result, exitCode: 73, mentioning: ["\(room.folder.path) is already a Galley newsroom; nothing was changed"])
        }
        try room.expectUnchanged(since: before)
    }

    @Test(arguments: ["Mars/Olympus", "jakarta", "WIB", "+07:00"])
    func anUnknownTimeZoneIsRefusedAtInit(_ zone: String) throws {
        let room = try TempNewsroom(founded: false)
        let result = try room.galley("init", room.folder.path, "--name", "Radar Detik", "--time-zone", zone,
                                     "--editor", "ed@radar.id", "--editor-name", "Ed Editor", in: room.outside)
        expectRefusal(result, exitCode: 65, mentioning: [
            "unknown time zone '\(zone)'", "use an IANA name like Asia/Jakarta, Europe/London or UTC",
        ])
        #expect(!FileManager.default.fileExists(atPath: room.folder.path))
    }

    @Test func aBadFirstEditorIsRefusedAtInit() throws {
        let room = try TempNewsroom(founded: false)
        let email = try room.galley("init", room.folder.path, "--name", "Radar Detik", "--time-zone", "Asia/Jakarta",
                                    "--editor", "ed-at-radar", "--editor-name", "Ed Editor", in: room.outside)
        expectRefusal(email, exitCode: 65, mentioning: ["'ed-at-radar' is not an email address"])
        let name = try room.galley("init", room.folder.path, "--name", "Radar Detik", "--time-zone", "Asia/Jakarta",
                                   "--editor", "ed@radar.id", "--editor-name", "  ", in: room.outside)
        expectRefusal(name, exitCode: 65, mentioning: ["is not a name"])
        #expect(!FileManager.default.fileExists(atPath: room.folder.path))
    }
}
