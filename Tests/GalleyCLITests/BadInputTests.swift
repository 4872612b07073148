import Foundation
import Testing

/// Bad input gets the contract's exit code, a message on standard error that names the problem and
/// what to do, and changes nothing: the same branch head, the same catalog, the same work tree.
@Suite struct BadInputTests {
    static let body = "First paragraph.\n\nSecond paragraph.\n"

    /// A newsroom with one story by the reporter, whose file reads:
    ///
    ///      1 ---
    ///      2 id: <id>
    ///      3 slug: hello-world
    ///      4 headline: Hello world
    ///      5 byline: Rina Reporter
    ///      6 section: world
    ///      7 ---
    ///      8
    ///      9 First paragraph.
    ///     10
    ///     11 Second paragraph.
    static func newsroomWithAStory() throws -> (TempNewsroom, String) {
        let room = try TempNewsroom()
        let bodyFile = try room.outsideFile("hello.md", Data(body.utf8))
        let slug = try room.newStory("Hello world", ["--section", "world", "--body-file", bodyFile.path])
        let lines = try room.readStory(slug).components(separatedBy: "\n")
        try #require(lines.count == 12 && lines[3] == "headline: Hello world" && lines[10] == "Second paragraph.",
                     "the story file is not laid out as the tests expect: \(lines)")
        return (room, slug)
    }

    // MARK: Slugs

    struct SlugCase: Sendable, CustomTestStringConvertible {
        let slug: String
        let rule: String
        let suggestion: String
        var testDescription: String { "'\(slug)'" }
    }

    @Test(arguments: [
        SlugCase(slug: "world/putin-kim", rule: "a slug may not contain '/' or '\\' (it names one story, not a path)",
                 suggestion: "(try 'world-putin-kim')"),
        SlugCase(slug: "../putin-kim", rule: "a slug may not contain '/' or '\\'", suggestion: "(try 'putin-kim')"),
        SlugCase(slug: "putin..kim", rule: "a slug may not contain '..'", suggestion: "(try 'putin-kim')"),
        SlugCase(slug: "putin kim", rule: "a slug may not contain spaces; use '-' between words", suggestion: "(try 'putin-kim')"),
        SlugCase(slug: "Putin-Kim", rule: "a slug must be lowercase", suggestion: "(try 'putin-kim')"),
    ])
    func slugsThatAreNotSafeNamesAreRefusedNamingTheRule(_ example: SlugCase) throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        let result = try room.galley("new", "Putin and Kim", "--slug", example.slug, as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["invalid slug '\(example.slug)'", example.rule, example.suggestion])
        try room.expectUnchanged(since: before)
        #expect(try room.sql("SELECT count(*) FROM stories") == "0")
    }

    @Test func aSlugAlreadyInUseIsRefused() throws {
        let room = try TempNewsroom()
        let slug = try room.newStory("Putin and Kim sign a pact")
        let before = try room.snapshot()

        let derived = try room.galley("new", "Putin and Kim sign a pact", as: TempNewsroom.editor)
        expectRefusal(derived, exitCode: 65, mentioning: [
            "the slug '\(slug)' is already used by \"Putin and Kim sign a pact\"", "choose another with --slug",
        ])
        let explicit = try room.galley("new", "Another pact", "--slug", slug, as: TempNewsroom.editor)
        expectRefusal(explicit, exitCode: 65, mentioning: ["the slug '\(slug)' is already used by", "--slug"])
        try room.expectUnchanged(since: before)
    }

    /// `bundle --all` makes its folder before any story is built: one that cannot be made (here,
    /// under a file) is named, with exit 73, and nothing is written.
    @Test func aBundleFolderThatCannotBeMadeIsNamedBeforeAnyBundleIsBuilt() throws {
        let (room, slug) = try Self.newsroomWithAStory()
        try room.succeed("submit", slug, as: TempNewsroom.reporter)
        try room.succeed("approve", slug, as: TempNewsroom.editor)
        let file = try room.outsideFile("not-a-folder", Data("x".utf8))
        let before = try room.snapshot()
        let result = try room.galley("bundle", "--all", "--out", file.appendingPathComponent("web").path)
        expectRefusal(result, exitCode: 73, mentioning: [
            "cannot create the bundle folder \(file.path)/web", "check its permissions and free space, or pass --out DIR",
        ])
        #expect(try Data(contentsOf: file) == Data("x".utf8))
        try room.expectUnchanged(since: before)
    }

    @Test func aHeadlineThatIsEmptyOrSeveralLinesIsRefused() throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        for headline in ["   ", "Two\nlines"] {
            let result = try room.galley("new", headline, as: TempNewsroom.reporter)
            expectRefusal(result, exitCode: 65, mentioning: ["the headline must be one line of text"])
        }
        try room.expectUnchanged(since: before)
    }

    // MARK: Unknown stories and revisions

    @Test(arguments: [["save", "nope", "-m", "Fix"], ["show", "nope"], ["show", "nope@r1"], ["log", "nope"], ["edit", "nope"]])
    func anUnknownStoryIsNotFound(_ arguments: [String]) throws {
        let room = try TempNewsroom()
        try room.newStory("Hello world")
        let before = try room.snapshot()
        let result = try room.galley(arguments: arguments, as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 66, mentioning: ["no story with the slug 'nope' in Radar Detik", "check the spelling"])
        try room.expectUnchanged(since: before)
    }

    @Test(arguments: ["@rX", "@r0", "@r-1", "@", "@rr1"])
    func aMalformedRevisionReferenceIsAUsageError(_ suffix: String) throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let before = try room.snapshot()
        let result = try room.galley("show", slug + suffix)
        expectRefusal(result, exitCode: 64, mentioning: [
            "'\(slug)\(suffix)' names no revision", "write SLUG@rN", "galley log \(slug)",
        ])
        try room.expectUnchanged(since: before)
    }

    @Test func anUnknownRevisionIsNotFound() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        try room.changeStory(slug) { $0 + "Third paragraph.\n" }
        try room.save(slug, "Add a paragraph")
        let before = try room.snapshot()
        for reference in ["\(slug)@r9", "\(slug)@r3"] {
            let result = try room.galley("show", reference)
            expectRefusal(result, exitCode: 66, mentioning: ["\(slug) has no revision r\(reference.last!)", "it has r1 to r2"])
        }
        try room.expectUnchanged(since: before)
    }

    // MARK: Story files

    struct FrontMatterCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// Where the message must point: `:LINE:COL: ` or `:LINE:` when only the line is certain.
        let location: String
        let explanation: String
        let change: @Sendable (String) -> String
        var testDescription: String { name }
    }

    @Test(arguments: [
        FrontMatterCase(name: "an unclosed quote", location: ":4:11: ", explanation: "while scanning a quoted scalar") {
            $0.replacingOccurrences(of: "headline: Hello world", with: "headline: \"Hello world")
        },
        FrontMatterCase(name: "a misspelt field", location: ":4:1: ",
                        explanation: "unknown field 'hedline' in the front matter; known fields are id, slug, headline") {
            $0.replacingOccurrences(of: "headline: Hello world", with: "hedline: Hello world")
        },
        FrontMatterCase(name: "an unclosed list", location: ":7:7: ", explanation: "while parsing a flow sequence") {
            $0.replacingOccurrences(of: "section: world\n", with: "section: world\ntags: [world, asia\n")
        },
        FrontMatterCase(name: "a mis-indented field", location: ":5:", explanation: "mapping values are not allowed") {
            $0.replacingOccurrences(of: "byline: Rina", with: "  byline: Rina")
        },
        FrontMatterCase(name: "front matter never closed", location: ":1:1: ",
                        explanation: "the front matter opened on line 1 is never closed; add a '---' line after its last field") {
            $0.replacingOccurrences(of: "section: world\n---\n", with: "section: world\n")
        },
        FrontMatterCase(name: "a missing headline", location: ":2:1: ",
                        explanation: "the front matter is missing the required field 'headline'") {
            $0.replacingOccurrences(of: "headline: Hello world\n", with: "")
        },
        FrontMatterCase(name: "a malformed id", location: ":2:5: ", explanation: "'not-an-id' is not a story id") {
            $0.replacing(#/id: [0-9A-Z]{26}/#, with: "id: not-an-id")
        },
    ])
    func malformedFrontMatterIsRefusedWithItsLineAndColumn(_ example: FrontMatterCase) throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        try room.changeStory(slug, example.change)
        let broken = try room.readStory(slug)
        let before = try room.snapshot()

        let result = try room.galley("save", slug, "-m", "Edit", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["galley: error: \(path)\(example.location)", example.explanation])
        try room.expectUnchanged(since: before)
        #expect(try room.readStory(slug) == broken)
        #expect(try room.sql("SELECT revision FROM stories") == "1")
    }

    @Test func aDuplicatedFieldIsRefusedWithALocation() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        try room.changeStory(slug) { $0.replacingOccurrences(of: "section: world\n", with: "section: world\nsection: asia\n") }
        let before = try room.snapshot()
        let result = try room.galley("save", slug, "-m", "Edit", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["duplicate field section; keep only one"])
        #expect(result.stderr.contains(try Regex("\(NSRegularExpression.escapedPattern(for: path)):[67]:[0-9]+: ")), "\(result)")
        try room.expectUnchanged(since: before)
    }

    @Test func invalidUTF8InTheStoryFileIsRefusedWithItsLineAndColumn() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        let text = try room.readStory(slug)

        // Line 11 "Sécond \xFF...": the column counts characters, not bytes.
        let second = try #require(text.range(of: "Second paragraph.\n"))
        try room.writeStory(slug, Data(text[..<second.lowerBound].utf8) + Data("Sécond ".utf8) + Data([0xFF]) + Data("paragraph.\n".utf8))
        var before = try room.snapshot()
        var result = try room.galley("save", slug, "-m", "Edit", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["\(path):11:8: invalid UTF-8 (byte 0xFF)", "save the file as UTF-8"])
        try room.expectUnchanged(since: before)

        // A Latin-1 é in the headline, line 4.
        let headline = try #require(text.range(of: "headline: Hello world"))
        try room.writeStory(slug, Data(text[..<headline.lowerBound].utf8) + Data("headline: Caf".utf8) + Data([0xE9])
            + Data(" opens".utf8) + Data(text[headline.upperBound...].utf8))
        before = try room.snapshot()
        result = try room.galley("save", slug, "-m", "Edit", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["\(path):4:14: invalid UTF-8 (byte 0xE9)"])
        try room.expectUnchanged(since: before)
    }

    @Test func invalidUTF8InABodyFileIsRefusedWithItsLineAndColumn() throws {
        let room = try TempNewsroom()
        let bodyFile = try room.outsideFile("latin1.md", Data("Paragraf satu.\nKata ".utf8) + Data([0xC3, 0x28]) + Data(" rusak.\n".utf8))
        let before = try room.snapshot()
        let result = try room.galley("new", "Broken body", "--body-file", bodyFile.path, as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["\(bodyFile.path):2:6: invalid UTF-8 (byte 0xC3)", "save the file as UTF-8"])
        try room.expectUnchanged(since: before)
    }

    @Test func aBodyFileOverTwoMebibytesIsRefused() throws {
        let room = try TempNewsroom()
        let bodyFile = try room.outsideFile("huge.md", Data(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024 + 1))
        let before = try room.snapshot()
        let result = try room.galley("new", "Huge body", "--body-file", bodyFile.path, as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: [
            "\(bodyFile.path) is 2097153 bytes; a story file may be at most 2097152 bytes", "assets/",
        ])
        try room.expectUnchanged(since: before)
    }

    @Test
    func aBodyFileJustUnderTheLimitLeavesAWorkingNewsroom() throws {
        let room = try TempNewsroom()
        let bodyFile = try room.outsideFile("big.md", Data(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024 - 1) + Data("\n".utf8))
        let before = try room.snapshot()
        let result = try room.galley("new", "Big body", "--body-file", bodyFile.path, as: TempNewsroom.reporter)
        if result.status == 0 {
            expectSuccess(try room.galley("log", "big-body"))
        } else {
            expectRefusal(result, exitCode: 65, mentioning: ["bytes"])
            try room.expectUnchanged(since: before)
        }
        expectSuccess(try room.galley("whoami", as: TempNewsroom.reporter))
    }

    @Test func aBodyFileThatDoesNotExistIsNotFound() throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        let missing = room.outside.appendingPathComponent("missing.md").path
        let result = try room.galley("new", "No body", "--body-file", missing, as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 66, mentioning: ["no such file: \(missing)"])
        try room.expectUnchanged(since: before)
    }

    @Test func aStoryFileOverTwoMebibytesIsRefusedOnSave() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        try room.writeStory(slug, Data(try room.readStory(slug).utf8) + Data(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024))
        let before = try room.snapshot()
        let result = try room.galley("save", slug, "-m", "Paste a lot", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["\(path) is", "a story file may be at most 2097152 bytes"])
        try room.expectUnchanged(since: before)
    }

    @Test(arguments: ["id", "slug"])
    func changingTheIdOrSlugInTheStoryFileIsRefused(_ field: String) throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let path = try room.storyPath(slug)
        let id = try room.storyID(slug)
        let otherID = String(id.dropLast()) + (id.hasSuffix("0") ? "1" : "0")
        let expected: [String]
        if field == "id" {
            try room.changeStory(slug) { $0.replacingOccurrences(of: "id: \(id)", with: "id: \(otherID)") }
            expected = ["\(path): the id was changed to \(otherID); a story's id never changes, put back \(id)"]
        } else {
            try room.changeStory(slug) { $0.replacingOccurrences(of: "slug: \(slug)", with: "slug: goodbye-world") }
            expected = ["\(path): the slug was changed to 'goodbye-world'; put back '\(slug)'", "galley rename"]
        }
        let before = try room.snapshot()
        let result = try room.galley("save", slug, "-m", "Edit", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: expected)
        try room.expectUnchanged(since: before)
        #expect(try room.sql("SELECT id, slug, revision FROM stories") == "\(id)|\(slug)|1")
    }

    @Test func aSymbolicLinkInTheStoryFolderIsRefused() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let folder = try room.storyFolder(slug)
        try FileManager.default.createSymbolicLink(atPath: room.folder.appendingPathComponent(folder + "/passwd").path,
                                                   withDestinationPath: "/etc/passwd")
        let before = try room.snapshot()
        let result = try room.galley("save", slug, "-m", "Link", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["\(folder)/passwd is a symbolic link", "copy the file into the story folder"])
        try room.expectUnchanged(since: before)
    }

    @Test func aSaveWithoutAMessageIsAUsageError() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        try room.changeStory(slug) { $0 + "More.\n" }
        let before = try room.snapshot()
        let blank = try room.galley("save", slug, "-m", "  ", as: TempNewsroom.reporter)
        expectRefusal(blank, exitCode: 64, mentioning: ["a revision needs a message saying what changed: -m"])
        let missing = try room.galley("save", slug, as: TempNewsroom.reporter)
        #expect(missing.status == 64, "\(missing)")
        #expect(missing.stderr.contains("--message"), "\(missing)")
        try room.expectUnchanged(since: before)
    }

    // MARK: Not a newsroom

    @Test(arguments: [["log", "hello-world"], ["show", "hello-world"], ["save", "hello-world", "-m", "Edit"],
                      ["people", "list"], ["whoami"], ["reindex"]])
    func aFolderThatIsNotANewsroomIsReportedWithGalleyInit(_ arguments: [String]) throws {
        let room = try TempNewsroom(founded: false)
        let searched = try room.galley(arguments: arguments, as: TempNewsroom.reporter, in: room.outside)
        expectRefusal(searched, exitCode: 66, mentioning: ["\(room.outside.path) is not inside a Galley newsroom",
                                                           "create one with `galley init DIR`"])
        let named = try room.galley(arguments: arguments + ["--newsroom", room.outside.path], as: TempNewsroom.reporter, in: room.outside)
        expectRefusal(named, exitCode: 66, mentioning: ["\(room.outside.path) is not a Galley newsroom",
                                                        "galley init \(room.outside.path)"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: room.outside.path) == [])
    }

    @Test func aPlainGitRepositoryIsNotANewsroom() throws {
        let room = try TempNewsroom(founded: false)
        let plain = room.outside.appendingPathComponent("plain")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        try room.gitText("init", "-q", "-b", "main", in: plain)
        try Data("notes\n".utf8).write(to: plain.appendingPathComponent("README"))
        try room.gitText("add", "README", in: plain)
        try room.gitText("-c", "user.name=Old Hand", "-c", "user.email=old@radar.id", "commit", "-q", "-m", "Notes", in: plain)
        let head = try room.gitText("rev-parse", "HEAD", in: plain)

        let result = try room.galley("log", "hello-world", as: TempNewsroom.reporter, in: plain)
        expectRefusal(result, exitCode: 66, mentioning: ["galley init"])
        #expect(try room.gitText("rev-parse", "HEAD", in: plain) == head)
        #expect(try FileManager.default.contentsOfDirectory(atPath: plain.path).sorted() == [".git", "README"])
    }

    // MARK: Permissions

    @Test func aReporterMayNotSaveOrEditAnotherReportersStory() throws {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let tono = Member(email: "tono@radar.id", name: "Tono Reporter", role: "reporter")
        try room.succeed("people", "add", tono.email, "--name", tono.name, "--role", tono.role, as: TempNewsroom.admin)
        try room.changeStory(slug) { $0 + "Tono's paragraph.\n" }
        let before = try room.snapshot()

        let saved = try room.galley("save", slug, "-m", "Add my paragraph", as: tono)
        let refusal = "tono@radar.id is a reporter and may change only their own stories; '\(slug)' is by rina@radar.id. Ask an editor"
        expectRefusal(saved, exitCode: 77, mentioning: [refusal])

        let marker = room.outside.appendingPathComponent("editor-ran")
        let edited = try room.galley("edit", slug, as: tono, environment: ["EDITOR": "touch \(marker.path)"])
        expectRefusal(edited, exitCode: 77, mentioning: [refusal])
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the editor ran for someone who may not edit")
        try room.expectUnchanged(since: before)

        // An editor may save anyone's story.
        let byEditor = try room.galley("save", slug, "-m", "Add Tono's paragraph", as: TempNewsroom.editor)
        expectSuccess(byEditor)
        #expect(try room.gitText("log", "-1", "--format=%ae") == "sam@radar.id")
    }

    @Test(arguments: [TempNewsroom.reporter, TempNewsroom.editor])
    func onlyAnAdminMayAddPeopleOrChangeRoles(_ person: Member) throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        let added = try room.galley("people", "add", "tono@radar.id", "--name", "Tono", "--role", "reporter", as: person)
        expectRefusal(added, exitCode: 77, mentioning: ["only an admin may add people; \(person.email) is \(person.role)", "Ask ed@radar.id"])
        let promoted = try room.galley("people", "role", person.email, "admin", as: person)
        expectRefusal(promoted, exitCode: 77, mentioning: ["only an admin may change roles", "Ask ed@radar.id"])
        try room.expectUnchanged(since: before)
    }

    @Test func badPeopleAreRefused() throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        expectRefusal(try room.galley("people", "add", "rina@radar.id", "--name", "Rina Again", "--role", "editor", as: TempNewsroom.admin),
                      exitCode: 65, mentioning: ["rina@radar.id is already a member", "galley people role rina@radar.id ROLE"])
        expectRefusal(try room.galley("people", "add", "tono@radar.id", "--name", "Tono", "--role", "boss", as: TempNewsroom.admin),
                      exitCode: 65, mentioning: ["unknown role 'boss'; the roles are reporter, editor, admin"])
        expectRefusal(try room.galley("people", "add", "tono", "--name", "Tono", "--role", "reporter", as: TempNewsroom.admin),
                      exitCode: 65, mentioning: ["'tono' is not an email address"])
        try room.expectUnchanged(since: before)
    }
}
