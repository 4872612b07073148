import Foundation
import Testing

/// `--as`, `--newsroom`, `--json` before or after the command name, and who the acting person is.
@Suite struct GlobalOptionsTests {
    @Test func globalOptionsWorkBeforeOrAfterTheCommandName() throws {
        let room = try TempNewsroom()
        let before = try room.galley("--as", "ed@radar.id", "people", "add", "tono@radar.id", "--name", "Tono", "--role", "reporter")
        expectSuccess(before)
        #expect(before.stdout == "Added Tono <tono@radar.id> as reporter.\n")
        let after = try room.galley("people", "add", "umi@radar.id", "--name", "Umi", "--role", "reporter", "--as", "ed@radar.id")
        expectSuccess(after)
        let joined = try room.galley("--as=ed@radar.id", "people", "add", "vera@radar.id", "--name", "Vera", "--role", "editor")
        expectSuccess(joined)
        let between = try room.galley("people", "--as", "ed@radar.id", "add", "wati@radar.id", "--name", "Wati", "--role", "reporter")
        expectSuccess(between)
        #expect(try room.gitText("log", "-4", "--format=%ae|%s") == """
            ed@radar.id|Add Wati <wati@radar.id> as reporter
            ed@radar.id|Add Vera <vera@radar.id> as editor
            ed@radar.id|Add Umi <umi@radar.id> as reporter
            ed@radar.id|Add Tono <tono@radar.id> as reporter
            """)

        // --json and --newsroom too, from a folder outside the newsroom.
        let jsonFirst = try room.galley("--json", "--newsroom", room.folder.path, "--as", "sam@radar.id", "whoami", in: room.outside)
        let jsonLast = try room.galley("whoami", "--as", "sam@radar.id", "--newsroom", room.folder.path, "--json", in: room.outside)
        expectSuccess(jsonFirst)
        expectSuccess(jsonLast)
        #expect(jsonFirst.stdout == jsonLast.stdout)
        #expect(try jsonObject(jsonFirst)["email"] as? String == "sam@radar.id")
    }

    @Test func newsroomOptionFindsTheNewsroomFromAnotherFolder() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Rain delays the harvest")

        let absolute = try room.galley("--newsroom", room.folder.path, "log", slug, in: room.outside)
        expectSuccess(absolute)
        #expect(absolute.lines.first == "\(slug): Rain delays the harvest")

        let relative = try room.galley("log", slug, "--newsroom", "../newsroom", in: room.outside)
        expectSuccess(relative)
        #expect(relative.stdout == absolute.stdout)

        // A save through --newsroom writes the newsroom, not the current folder.
        try room.changeStory(slug) { $0 + "Farmers wait.\n" }
        let saved = try room.galley("save", slug, "-m", "Add farmers", "--newsroom", room.folder.path,
                                    as: TempNewsroom.reporter, in: room.outside)
        expectSuccess(saved)
        #expect(try room.gitText("log", "-1", "--format=%s") == "\(slug) r2: Add farmers")
        #expect(try FileManager.default.contentsOfDirectory(atPath: room.outside.path) == [])

        let without = try room.galley("log", slug, in: room.outside)
        expectRefusal(without, exitCode: 66, mentioning: ["is not inside a Galley newsroom", "galley init", "--newsroom"])
    }

    @Test func commandsFindTheNewsroomFromAFolderInsideIt() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Rain delays the harvest")
        let storyFolder = room.folder.appendingPathComponent(try room.storyFolder(slug))
        let log = try room.galley("log", slug, in: storyFolder)
        expectSuccess(log)
        #expect(log.lines.first == "\(slug): Rain delays the harvest")
    }

    @Test func identityComesFromAsThenGalleyUserThenGitUserEmail() throws {
        let room = try TempNewsroom()
        let fromEnvironment = try room.galley("whoami", as: TempNewsroom.reporter)
        expectSuccess(fromEnvironment)
        #expect(fromEnvironment.stdout == "Rina Reporter <rina@radar.id>, reporter of Radar Detik\n")

        let asWins = try room.galley("whoami", "--as", "sam@radar.id", as: TempNewsroom.reporter)
        expectSuccess(asWins)
        #expect(asWins.stdout == "Sam Subeditor <sam@radar.id>, editor of Radar Detik\n")

        try room.gitText("config", "user.email", "ed@radar.id")
        let fromGit = try room.galley("whoami")
        expectSuccess(fromGit)
        #expect(fromGit.stdout == "Ed Editor <ed@radar.id>, admin of Radar Detik\n")

        let environmentWinsOverGit = try room.galley("whoami", as: TempNewsroom.reporter)
        #expect(environmentWinsOverGit.stdout == fromEnvironment.stdout)

        // A save made without --as or GALLEY_USER is authored by git's user.email.
        let slug = try room.newStory("Bridge reopens", as: TempNewsroom.editor)
        try room.changeStory(slug) { $0 + "Traffic flows again.\n" }
        expectSuccess(try room.galley("save", slug, "-m", "Add traffic"))
        #expect(try room.gitText("log", "-1", "--format=%an <%ae>|%(trailers:key=Galley-Actor,valueonly,separator=%x2C)")
            == "Ed Editor <ed@radar.id>|ed@radar.id")
    }

    @Test(.enabled(if: !GlobalOptionsTests.machineConfiguresAGitIdentity,
                   "/etc/gitconfig sets an email, which libgit2 reads whatever GIT_CONFIG_NOSYSTEM says"))
    func noIdentityAtAllIsAUsageError() throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        let result = try room.galley("new", "Nobody wrote this")
        expectRefusal(result, exitCode: 64, mentioning: ["--as EMAIL", "GALLEY_USER", "user.email"])
        try room.expectUnchanged(since: before)
    }

    static var machineConfiguresAGitIdentity: Bool {
        (try? String(contentsOfFile: "/etc/gitconfig", encoding: .utf8))?.contains("email") ?? false
    }

    @Test(arguments: ["--as", "GALLEY_USER"])
    func anUnknownPersonIsRefusedWithTheCommandThatAddsThem(_ via: String) throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        let result: ProgramResult
        if via == "--as" {
            result = try room.galley("new", "An outsider's story", "--as", "nobody@radar.id")
        } else {
            result = try room.galley("new", "An outsider's story", environment: ["GALLEY_USER": "nobody@radar.id"])
        }
        expectRefusal(result, exitCode: 77, mentioning: [
            "nobody@radar.id is not a member of the newsroom Radar Detik",
            "galley people add nobody@radar.id --name NAME --role reporter",
        ])
        try room.expectUnchanged(since: before)
    }
}
