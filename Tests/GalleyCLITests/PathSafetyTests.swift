import Foundation
import Testing

/// No slug, asset name, import, template or bundle folder can make Galley read or write outside
/// the newsroom (or the bundle folder it was given): `..`, absolute paths, symbolic links put in
/// place of a story folder, its file, its assets, `bundles/` or `templates/`, and control
/// characters in arguments and front matter. Every refusal changes nothing, inside or outside.
@Suite struct PathSafetyTests {
    /// A newsroom with one story by the reporter, and beside it (outside the newsroom) a folder of
    /// files that must never be read into git nor changed: `victim/secret.txt`.
    static func newsroom() throws -> (TempNewsroom, String, URL) {
        let (room, slug) = try BadInputTests.newsroomWithAStory()
        let victim = room.outside.appendingPathComponent("victim", isDirectory: true)
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        try Data("TOP SECRET\n".utf8).write(to: victim.appendingPathComponent("secret.txt"))
        return (room, slug, victim)
    }

    /// Every file under `folder`, with its bytes (links listed by their target, not followed).
    static func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(at: folder, includingPropertiesForKeys: [.isSymbolicLinkKey, .isRegularFileKey]) else { return files }
        for case let url as URL in walker {
            let relative = String(url.standardizedFileURL.path.dropFirst(folder.standardizedFileURL.path.count))
            let values = try url.resourceValues(forKeys: [.isSymbolicLinkKey, .isRegularFileKey])
            if values.isSymbolicLink == true {
                files[relative] = Data(("-> " + (try manager.destinationOfSymbolicLink(atPath: url.path))).utf8)
            } else if values.isRegularFile == true {
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// Nothing of the victim folder reached git: no blob in the repository holds its text.
    static func expectSecretNotInGit(_ room: TempNewsroom, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let grep = try room.git("grep", "-q", "TOP SECRET", "HEAD")
        #expect(grep.status == 1, "the secret was committed: \(grep)", sourceLocation: sourceLocation)
    }

    // MARK: Slugs and other names in arguments

    @Test(arguments: ["../outside", "../../etc/passwd", "/etc/passwd", "..", "a/../../b", "stories/../..", "x\ny", "x\u{1B}[2Jy", "x\ty", "\u{7F}"])
    func noSlugArgumentReachesOutside(_ hostile: String) throws {
        let (room, slug, victim) = try Self.newsroom()
        let outsideBefore = try Self.contents(of: room.outside)
        let before = try room.snapshot()
        let commands: [[String]] = [
            ["new", "A headline", "--slug", hostile], ["show", hostile], ["log", hostile], ["save", hostile, "-m", "x"],
            ["rename", slug, hostile], ["restore", hostile, "r1"], ["bundle", hostile], ["submit", hostile], ["diff", hostile],
            ["lint", hostile, "--fix"], ["edit", hostile],
        ]
        for arguments in commands {
            let result = try room.galley(arguments: arguments, as: TempNewsroom.reporter)
            #expect([64, 65, 66].contains(result.status), "\(result)")
            #expect(result.stderr.hasPrefix("galley: error: "), "\(result)")
        }
        try room.expectUnchanged(since: before)
        #expect(try Self.contents(of: room.outside) == outsideBefore)
        _ = victim
    }

    @Test(arguments: ["Head\u{1B}[2Jline", "Head\u{7}line", "Head\u{9B}line"])
    func controlCharactersInAHeadlineOrBylineArgumentAreRefused(_ hostile: String) throws {
        let room = try TempNewsroom()
        let before = try room.snapshot()
        expectRefusal(try room.galley("new", hostile, as: TempNewsroom.reporter), exitCode: 65,
                      mentioning: ["the headline: a control character (U+"])
        expectRefusal(try room.galley("new", "Plain", "--byline", hostile, as: TempNewsroom.reporter), exitCode: 65,
                      mentioning: ["--byline: a control character (U+"])
        try room.expectUnchanged(since: before)
    }

    // MARK: Front matter

    @Test(arguments: [
        ("image:\n  file: ../../../outside/victim/secret.txt\n", "may not leave the story folder"),
        ("image:\n  file: /etc/passwd\n", "must be relative to the story folder"),
        ("image:\n  file: \"javascript:alert(1).jpg\"\n", "would read as a link"),
        ("image:\n  file: \"assets/a\\0b.jpg\"\n", "a control character (U+0000)"),
        ("byline: \"Rina\\0 Reporter\"\n", "a control character (U+0000)"),
        ("byline: \"Rina\\e[2J Reporter\"\n", "a control character (U+001B)"),
    ])
    func frontMatterCannotNameAFileOutsideOrHoldControlCharacters(_ field: String, _ message: String) throws {
        let (room, slug, _) = try Self.newsroom()
        try room.changeStory(slug) { $0.replacingOccurrences(of: "byline: Rina Reporter\n", with: field.hasPrefix("byline") ? field : "byline: Rina Reporter\n" + field) }
        let before = try room.snapshot()
        let result = try room.galley("save", slug, "-m", "Edit", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: [try room.storyPath(slug) + ":", message])
        try room.expectUnchanged(since: before)
    }

    @Test func aRawNulByteInTheStoryFileIsRefusedWithItsPlace() throws {
        let (room, slug, _) = try Self.newsroom()
        let text = try room.readStory(slug)
        try room.writeStory(slug, Data(text.replacingOccurrences(of: "Second paragraph.", with: "Second\u{0} paragraph.").utf8))
        let before = try room.snapshot()
        let result = try room.galley("save", slug, "-m", "Edit", as: TempNewsroom.reporter)
        expectRefusal(result, exitCode: 65, mentioning: ["\(try room.storyPath(slug)):11:7: a control character (U+0000) is not allowed"])
        try room.expectUnchanged(since: before)
    }

    // MARK: Symbolic links in the newsroom

    enum LinkPlace: String, CaseIterable, Sendable { case storyFolder, storyFile, assetsFolder, shardFolder }

    /// Replaces a part of the story's folder with a link to the victim folder (holding a copy of
    /// the story file, so that following the link would look like a valid story).
    static func plantLink(_ place: LinkPlace, room: TempNewsroom, slug: String, victim: URL) throws {
        let manager = FileManager.default
        let folder = room.folder.appendingPathComponent(try room.storyFolder(slug))
        let story = try Data(contentsOf: folder.appendingPathComponent("story.md"))
        try story.write(to: victim.appendingPathComponent("story.md"))
        switch place {
        case .storyFolder:
            try manager.removeItem(at: folder)
            try manager.createSymbolicLink(at: folder, withDestinationURL: victim)
        case .storyFile:
            try manager.removeItem(at: folder.appendingPathComponent("story.md"))
            try manager.createSymbolicLink(at: folder.appendingPathComponent("story.md"), withDestinationURL: victim.appendingPathComponent("story.md"))
        case .assetsFolder:
            try manager.createSymbolicLink(at: folder.appendingPathComponent("assets"), withDestinationURL: victim)
        case .shardFolder:
            // stories/YYYY/MM/DD -> a copy elsewhere, the story's folder inside it.
            let day = folder.deletingLastPathComponent()
            let copy = victim.appendingPathComponent("day", isDirectory: true)
            try manager.copyItem(at: day, to: copy)
            try manager.removeItem(at: day)
            try manager.createSymbolicLink(at: day, withDestinationURL: copy)
        }
    }

    @Test(arguments: LinkPlace.allCases)
    func aSymbolicLinkInPlaceOfPartOfAStoryIsNeitherReadNorWrittenThrough(_ place: LinkPlace) throws {
        let (room, slug, victim) = try Self.newsroom()
        try room.changeStory(slug) { $0 + "Third paragraph.\n" }
        try room.save(slug, "Add a paragraph")
        try Self.plantLink(place, room: room, slug: slug, victim: victim)
        try Data("TOP SECRET appended\n".utf8).append(to: victim.appendingPathComponent("story.md"))
        let victimBefore = try Self.contents(of: victim)
        let before = try room.snapshot()
        let marker = room.outside.appendingPathComponent("editor-ran")
        let commands: [[String]] = [
            ["save", slug, "-m", "Through a link"], ["restore", slug, "r1"], ["rename", slug, "renamed-story"],
            ["lint", slug, "--fix"], ["edit", slug], ["diff", slug],
        ]
        for arguments in commands {
            let result = try room.galley(arguments: arguments, as: TempNewsroom.reporter, environment: ["EDITOR": "touch \(marker.path)"])
            expectRefusal(result, exitCode: 65, mentioning: ["is a symbolic link", "Galley reads and writes only inside the newsroom"])
        }
        #expect(!FileManager.default.fileExists(atPath: marker.path), "the editor was started on a file behind a link")
        try room.expectUnchanged(since: before)
        #expect(try Self.contents(of: victim) == victimBefore, "a file outside the newsroom changed")
        try Self.expectSecretNotInGit(room)

        // doctor reports it and leaves it for a person; --repair writes nothing through it.
        let doctor = try room.galley("doctor", "--repair")
        if place != .assetsFolder {
            #expect(doctor.status == 65 && doctor.stdout.contains("is a symbolic link"), "\(doctor)")
        }
        #expect(try Self.contents(of: victim) == victimBefore, "doctor --repair wrote through the link")
    }

    /// Files Galley writes after a commit (a new story's file, people.yml, workflow.yml) are checked
    /// before the commit: a link in the way refuses the command, nothing half done.
    @Test func aLinkWhereGalleyWouldWriteANewFileRefusesTheCommandBeforeItCommits() throws {
        let (room, _, victim) = try Self.newsroom()
        let manager = FileManager.default
        // Every story folder lives under stories/: make it a link to the victim.
        let stories = room.folder.appendingPathComponent("stories")
        try manager.moveItem(at: stories, to: victim.appendingPathComponent("stories"))
        try manager.createSymbolicLink(at: stories, withDestinationURL: victim.appendingPathComponent("stories"))
        let people = room.folder.appendingPathComponent("people.yml")
        try manager.moveItem(at: people, to: victim.appendingPathComponent("people.yml"))
        try manager.createSymbolicLink(at: people, withDestinationURL: victim.appendingPathComponent("people.yml"))
        let victimBefore = try Self.contents(of: victim)
        let before = try room.snapshot()
        expectRefusal(try room.galley("new", "A new story", as: TempNewsroom.reporter), exitCode: 65,
                      mentioning: ["stories is a symbolic link", Self.linkRefusal])
        let markdown = try room.outsideFile("import.md", Data("---\nheadline: Imported\n---\nBody.\n".utf8))
        let imported = try room.galley("import", markdown.path, as: TempNewsroom.reporter)
        #expect(imported.status == 65 && imported.stderr.contains("stories is a symbolic link"), "\(imported)")
        expectRefusal(try room.galley("people", "add", "tono@radar.id", "--name", "Tono", "--role", "reporter", as: TempNewsroom.admin),
                      exitCode: 65, mentioning: ["people.yml is a symbolic link", Self.linkRefusal])
        try room.expectUnchanged(since: before)
        #expect(try Self.contents(of: victim) == victimBefore)
    }

    static let linkRefusal = "Galley reads and writes only inside the newsroom and follows no links there"

    @Test func aTemplatesFolderThatIsALinkIsNotCommittedBySettingsSave() throws {
        let (room, _, victim) = try Self.newsroom()
        try Data("<p>TOP SECRET {{headline}}</p>\n".utf8).write(to: victim.appendingPathComponent("article.mustache"))
        try FileManager.default.createSymbolicLink(at: room.folder.appendingPathComponent("templates"), withDestinationURL: victim)
        let before = try room.snapshot()
        let result = try room.galley("settings", "save", "-m", "Our page", as: TempNewsroom.admin)
        expectRefusal(result, exitCode: 65, mentioning: ["templates is a symbolic link"])
        try room.expectUnchanged(since: before)
        try Self.expectSecretNotInGit(room)
    }

    @Test func aTemplateCannotPullInFilesFromDisk() throws {
        let (room, slug, victim) = try Self.newsroom()
        try room.succeed("submit", slug, as: TempNewsroom.reporter)
        try room.succeed("approve", slug, as: TempNewsroom.editor)
        let templates = room.folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let secret = victim.appendingPathComponent("secret.txt").path
        try Data("<h1>{{headline}}</h1>{{> \(secret)}}{{> ../../outside/victim/secret.txt}}{{> secret}}\n".utf8)
            .write(to: templates.appendingPathComponent("article.mustache"))
        let saved = try room.galley("settings", "save", "-m", "Our page", as: TempNewsroom.admin)
        if saved.status == 0 {
            let bundle = try room.succeed("bundle", slug)
            let page = try String(contentsOf: URL(fileURLWithPath: bundle.line).appendingPathComponent("index.html"), encoding: .utf8)
            #expect(page.hasPrefix("<h1>Hello world</h1>"), "\(page)")
            #expect(!page.contains("TOP SECRET"), "a partial read a file from disk: \(page)")
        } else {
            expectRefusal(saved, exitCode: 65, mentioning: ["templates/article.mustache"])
        }
    }

    // MARK: Imports

    @Test func anImportedArticleCannotChooseWhereItIsWritten() throws {
        let (room, _, victim) = try Self.newsroom()
        let victimBefore = try Self.contents(of: victim)
        let explicit = try room.outsideFile("explicit.md", Data("---\nheadline: Escape\nslug: ../../outside/victim\n---\nBody.\n".utf8))
        let before = try room.snapshot()
        let refused = try room.galley("import", explicit.path, as: TempNewsroom.reporter)
        #expect(refused.status == 65 && refused.stderr.contains("invalid slug '../../outside/victim'"), "\(refused)")
        try room.expectUnchanged(since: before)

        // A headline that looks like a path becomes an ordinary slug in an ordinary story folder.
        let derived = try room.outsideFile("derived.md", Data("---\nheadline: ../../../outside/victim/secret\n---\nBody.\n".utf8))
        try room.succeed("import", derived.path, as: TempNewsroom.reporter)
        #expect(try room.storyFolder("outside-victim-secret").hasPrefix("stories/"))
        #expect(try Self.contents(of: victim) == victimBefore)
    }

    // MARK: Bundle folders

    @Test func aBundlesFolderThatIsALinkIsRefusedAndOutCanNameItOnPurpose() throws {
        let (room, slug, victim) = try Self.newsroom()
        try room.succeed("submit", slug, as: TempNewsroom.reporter)
        try room.succeed("approve", slug, as: TempNewsroom.editor)
        try FileManager.default.createSymbolicLink(at: room.folder.appendingPathComponent("bundles"), withDestinationURL: victim)
        let victimBefore = try Self.contents(of: victim)
        for arguments in [["bundle", slug], ["bundle", "--all"]] {
            expectRefusal(try room.galley(arguments: arguments), exitCode: 73,
                          mentioning: ["bundles is a symbolic link", "pass it with --out"])
        }
        #expect(try Self.contents(of: victim) == victimBefore)
        // doctor does not look through it either.
        expectSuccess(try room.galley("doctor", "--repair"))
        #expect(try Self.contents(of: victim) == victimBefore)
        // Named with --out, the folder is the person's choice: the bundle goes there, and only there.
        let out = try room.succeed("bundle", slug, "--out", victim.path)
        #expect(out.line == victim.appendingPathComponent(slug).path)
        let after = try Self.contents(of: victim)
        #expect(after.filter { victimBefore[$0.key] == nil }.keys.allSatisfy { $0.hasPrefix("/\(slug)/") }, "\(after.keys.sorted())")
        #expect(victimBefore.allSatisfy { after[$0.key] == $0.value })
    }

    @Test func anOutFolderThroughALinkGetsTheBundleAndNothingElseChanges() throws {
        let (room, slug, victim) = try Self.newsroom()
        try room.succeed("submit", slug, as: TempNewsroom.reporter)
        try room.succeed("approve", slug, as: TempNewsroom.editor)
        let target = room.outside.appendingPathComponent("web", isDirectory: true)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        let link = room.outside.appendingPathComponent("web-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        // A link already standing where the bundle goes, pointing at the victim: replaced, not followed.
        try FileManager.default.createSymbolicLink(at: target.appendingPathComponent(slug), withDestinationURL: victim)
        let victimBefore = try Self.contents(of: victim)
        let outsideBefore = try Self.contents(of: room.outside).filter { !$0.key.hasPrefix("/web") }

        try room.succeed("bundle", slug, "--out", link.path)
        let written = try Self.contents(of: target)
        #expect(written.keys.allSatisfy { $0.hasPrefix("/\(slug)/") }, "\(written.keys.sorted())")
        #expect(written["/\(slug)/index.html"] != nil)
        #expect(try Self.contents(of: victim) == victimBefore, "the bundle was written through the link it replaced")
        #expect(try Self.contents(of: room.outside).filter { !$0.key.hasPrefix("/web") } == outsideBefore)
        try room.succeed("bundle", slug, "--out", link.path, "--zip")
        #expect(try Self.contents(of: victim) == victimBefore)
    }
}

private extension Data {
    func append(to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}
