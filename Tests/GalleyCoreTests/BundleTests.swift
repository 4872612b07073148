import Foundation
@testable import GalleyCore
import GitKit
import Testing

@Suite struct BundleTests {
    let fixture: NewsroomFixture

    init() throws {
        fixture = try NewsroomFixture(now: "2024-06-20T04:00:00Z")
    }

    func at(_ time: String) throws -> Newsroom { try fixture.reopen(now: time) }

    /// A live story with `body`, published at 04:33 by the desk.
    func liveStory(headline: String = "Putin and Kim sign a pact", body: String = "First paragraph.\n", image: StoryImage? = nil,
                   assets: [String: Data] = [:]) throws -> Story {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: headline, body: Data(body.utf8)), by: fixture.rina)
        if image != nil || !assets.isEmpty {
            let folder = fixture.folder.appendingPathComponent(story.path)
            for (path, data) in assets {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: folder.appendingPathComponent(path))
            }
            var file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
            file.image = image
            try Data(file.render().utf8).write(to: fixture.storyURL(story))
            _ = try at("2024-06-20T04:15:00Z").saveStory(story.slug, message: "Add the photo", by: fixture.rina)
        }
        // The desk pushes these through whatever lint finds: the seed article has real faults.
        try at("2024-06-20T04:20:00Z").transition(story.slug, "submit", force: true, by: fixture.editor)
        return try at("2024-06-20T04:33:00Z").transition(story.slug, "approve", force: true, by: fixture.admin).0
    }

    func build(_ slug: String, at time: String = "2024-06-21T00:00:00Z", ninjs: NinjsVersion = .v3) throws -> StoryBundle {
        let newsroom = try at(time)
        return try BundleBuilder(template: try newsroom.articleTemplate(), ninjs: ninjs)
            .build(try newsroom.bundleSource(for: try newsroom.story(slug)))
    }

    func html(_ bundle: StoryBundle) -> String { String(decoding: bundle.files["index.html"]!, as: UTF8.self) }

    @Test func aBundleIsBuiltFromTheLiveRevisionOnly() throws {
        let story = try liveStory(body: "The published text.\n")
        try fixture.append("An unpublished paragraph.\n", to: story)
        _ = try at("2024-06-20T05:00:00Z").saveStory(story.slug, message: "Work in progress", by: fixture.rina)
        let bundle = try build(story.slug)
        #expect(html(bundle).contains("The published text."))
        #expect(!html(bundle).contains("An unpublished paragraph."))
        #expect(String(decoding: bundle.files["story.md"]!, as: UTF8.self).hasSuffix("The published text.\n"))
        let manifest = try JSONSerialization.jsonObject(with: bundle.files["manifest.json"]!) as! [String: Any]
        #expect(manifest["revision"] as? Int == 1)
    }

    /// `bundle --all` reads a story's folder by the tree the catalog keeps for its latest revision,
    /// so a story whose latest revision is not live must still be read at its live one, with the
    /// assets it had then.
    @Test func bundleAllReadsEachFolderAtTheLiveRevision() throws {
        let story = try liveStory(body: "The published text.\n", assets: ["assets/photo.jpg": Data([0xFF, 0xD8, 0xFF, 0xE0])])
        let current = try liveStory(headline: "Talks resume", body: "Also live.\n", assets: ["assets/map.png": Data([0x89, 0x50])])
        let folder = fixture.folder.appendingPathComponent(story.path)
        try fixture.append("An unpublished paragraph.\n", to: story)
        try Data([0x00]).write(to: folder.appendingPathComponent("assets/photo.jpg"))
        try Data("draft".utf8).write(to: folder.appendingPathComponent("assets/new.txt"))
        _ = try at("2024-06-20T05:00:00Z").saveStory(story.slug, message: "Work in progress", by: fixture.rina)
        let newsroom = try at("2024-06-21T00:00:00Z")
        let records = try newsroom.catalog.bundleRecords()
        // The catalog has the folder's tree only for the story whose live revision is its latest.
        #expect(records.liveFolderTrees.keys.sorted() == [current.id])
        let out = fixture.folder.appendingPathComponent("all")
        #expect(try newsroom.bundleAll(into: out).allSatisfy { $0.error == nil })
        for slug in [story.slug, current.slug] {
            let alone = try build(slug)
            #expect(try FileManager.default.subpathsOfDirectory(atPath: out.appendingPathComponent(slug).path).sorted()
                    == (alone.paths + ["assets"]).sorted())
            for path in alone.paths {
                #expect(try Data(contentsOf: out.appendingPathComponent(slug).appendingPathComponent(path)) == alone.files[path], "\(slug)/\(path)")
            }
        }
        let published = out.appendingPathComponent(story.slug)
        #expect(try Data(contentsOf: published.appendingPathComponent("assets/photo.jpg")) == Data([0xFF, 0xD8, 0xFF, 0xE0]))
        #expect(!FileManager.default.fileExists(atPath: published.appendingPathComponent("assets/new.txt").path))
        #expect(!(try String(decoding: Data(contentsOf: published.appendingPathComponent("story.md")), as: UTF8.self)
            .contains("An unpublished paragraph.")))
    }

    /// A bundle is made of the live revision's bytes whatever the work tree holds: an edit not
    /// saved yet, of the same length, is not published.
    @Test func anUnsavedEditInTheWorkTreeIsNotPublished() throws {
        let story = try liveStory(body: "The published text.\n", assets: ["assets/photo.jpg": Data([0xFF, 0xD8, 0xFF, 0xE0])])
        let url = fixture.storyURL(story)
        let published = try Data(contentsOf: url)
        try Data(String(decoding: published, as: UTF8.self).replacingOccurrences(of: "published", with: "PUBLISHED").utf8).write(to: url)
        try Data([0xFF, 0xD8, 0xFF, 0xE1]).write(to: fixture.folder.appendingPathComponent(story.path).appendingPathComponent("assets/photo.jpg"))
        let out = fixture.folder.appendingPathComponent("all")
        for bundle in [try build(story.slug).files, try readBack(try at("2024-06-21T00:00:00Z").bundleAll(into: out), in: out)] {
            #expect(bundle["story.md"] == published)
            #expect(bundle["assets/photo.jpg"] == Data([0xFF, 0xD8, 0xFF, 0xE0]))
            #expect(String(decoding: bundle["index.html"]!, as: UTF8.self).contains("The published text."))
        }
    }

    /// The files of the one bundle `bundleAll` wrote.
    func readBack(_ results: [BundleResult], in out: URL) throws -> [String: Data] {
        let location = try #require(results.count == 1 ? results[0].location : nil)
        var files: [String: Data] = [:]
        for path in try FileManager.default.subpathsOfDirectory(atPath: location.path) {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: location.appendingPathComponent(path).path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: location.appendingPathComponent(path))
            }
        }
        return files
    }

    @Test func aStoryThatIsNotLiveIsRefused() throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Still a draft"), by: fixture.rina)
        let error = #expect(throws: GalleyError.self) { try build(story.slug) }
        #expect(error?.exitCode == 65)
        #expect(error?.message.contains("is not live (it is draft)") == true)
    }

    @Test func anEmbargoedStoryIsRefusedUntilItsTime() throws {
        let story = try at("2024-06-20T04:10:00Z").createStory(NewStory(headline: "Results at noon"), by: fixture.rina)
        var file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
        file.embargo = Timestamp.parse("2024-06-20T05:00:00Z")
        try Data(file.render().utf8).write(to: fixture.storyURL(story))
        _ = try at("2024-06-20T04:12:00Z").saveStory(story.slug, message: "Embargo", by: fixture.rina)
        try at("2024-06-20T04:20:00Z").transition(story.slug, "submit", by: fixture.rina)
        try at("2024-06-20T04:30:00Z").transition(story.slug, "approve", by: fixture.editor)
        let error = #expect(throws: GalleyError.self) { try build(story.slug, at: "2024-06-20T04:59:59Z") }
        #expect(error?.exitCode == 77)
        #expect(error?.message.contains("under embargo until 2024-06-20 12:00 WIB (2024-06-20T05:00:00Z)") == true)
        let bundle = try build(story.slug, at: "2024-06-20T05:00:00Z")
        let manifest = try JSONSerialization.jsonObject(with: bundle.files["manifest.json"]!) as! [String: Any]
        #expect(manifest["embargo"] as? String == "2024-06-20T05:00:00Z")
    }

    @Test func theSameRevisionAlwaysBuildsTheSameBytes() throws {
        let story = try liveStory(image: StoryImage(file: "assets/photo.jpg", caption: "Kim and Putin", credit: "BBC"),
                                  assets: ["assets/photo.jpg": Data([0xFF, 0xD8, 0xFF, 0xE0])])
        let first = try build(story.slug, at: "2024-06-21T00:00:00Z")
        let second = try build(story.slug, at: "2025-01-01T00:00:00Z")
        #expect(first.files == second.files)
        let out = fixture.folder.appendingPathComponent("out")
        let zipA = try BundleWriter.write(first, into: out.appendingPathComponent("a"), zip: true)
        let zipB = try BundleWriter.write(second, into: out.appendingPathComponent("b"), zip: true)
        #expect(try Data(contentsOf: zipA) == Data(contentsOf: zipB))
        #expect(first.paths == ["article.json", "assets/photo.jpg", "index.html", "manifest.json", "story.md"])
    }

    /// `bundle --all` stages bundles a batch at a time, flushes once, then moves them into place:
    /// every live story ends up with exactly the bundle it gets on its own, and nothing else is left.
    @Test func everyBatchOfBundleAllIsMovedIntoPlaceWhole() throws {
        var slugs: [String] = []
        for headline in ["Pact signed", "Talks resume", "Rice prices fall", "Port reopens", "Rain in Bogor"] {
            slugs.append(try liveStory(headline: headline, body: "About \(headline).\n").slug)
        }
        _ = try at("2024-06-20T05:00:00Z").createStory(NewStory(headline: "Still a draft"), by: fixture.rina)
        // Corrections and names come from the catalog read once for the whole run.
        try fixture.append("A corrected line.\n", to: try at("2024-06-20T05:10:00Z").story(slugs[1]))
        _ = try at("2024-06-20T05:20:00Z").saveStory(slugs[1], message: "Correct the date", by: fixture.rina)
        try at("2024-06-20T05:30:00Z").transition(slugs[1], "correct", note: "An earlier version gave the wrong date.", by: fixture.editor)
        let out = fixture.folder.appendingPathComponent("batched")
        var reported: [Int] = []
        let results = try at("2024-06-21T00:00:00Z").bundleAll(into: out, bundlesPerFlush: 2) { done, total in
            #expect(total == 5)
            reported.append(done)
        }
        #expect(reported == [1, 2, 3, 4, 5])
        #expect(results.map(\.slug) == slugs.sorted())
        #expect(results.allSatisfy { $0.error == nil && $0.location?.path == out.appendingPathComponent($0.slug).path })
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == slugs.sorted())
        #expect(String(decoding: try Data(contentsOf: out.appendingPathComponent(slugs[1]).appendingPathComponent("index.html")), as: UTF8.self)
            .contains("An earlier version gave the wrong date."))
        for slug in slugs {
            let alone = try build(slug)
            for path in alone.paths {
                #expect(try Data(contentsOf: out.appendingPathComponent(slug).appendingPathComponent(path)) == alone.files[path], "\(slug)/\(path)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(slug).path).sorted() == alone.paths)
        }
    }

    @Test func theManifestListsEveryFileWithItsChecksum() throws {
        let story = try liveStory()
        let bundle = try build(story.slug)
        let manifest = try JSONSerialization.jsonObject(with: bundle.files["manifest.json"]!) as! [String: Any]
        let files = manifest["files"] as! [[String: Any]]
        #expect(files.map { $0["path"] as! String } == ["article.json", "index.html", "story.md"])
        // SHA-256 of story.md as sha256sum would print it.
        let storyEntry = files.first { $0["path"] as? String == "story.md" }!
        #expect(storyEntry["size"] as? Int == bundle.files["story.md"]!.count)
        #expect((storyEntry["sha256"] as? String)?.count == 64)
        #expect(manifest["story_id"] as? String == story.id)
        #expect(manifest["published_at"] as? String == "2024-06-20T04:33:00Z")
    }

    @Test(arguments: [
        "<script>alert('x')</script> & \"quotes\"",
        "Fish & Chips <b>bold</b>",
    ])
    func everyTextIsEscaped(_ hostile: String) throws {
        let body = "Para with \(hostile).\n\n[click](javascript:alert(1)) and ![img](x\"onerror=\"alert(1))\n\n<img src=x onerror=alert(1)>\n"
        let story = try liveStory(headline: "Headline \(hostile)", body: body,
                                  image: StoryImage(file: "assets/p.jpg", caption: "Caption \(hostile)", credit: "Credit \(hostile)"),
                                  assets: ["assets/p.jpg": Data([1, 2, 3])])
        let page = html(try build(story.slug))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<b>bold"))
        #expect(!page.contains("onerror=\""))
        #expect(!page.contains("<img src=x"))
        #expect(!page.contains("javascript:"))
        #expect(page.contains("<h1>Headline \(HTML.escape(hostile))</h1>"))
        #expect(page.components(separatedBy: "<script").count == 2, "only the JSON-LD script element")
    }

    @Test func theSeedArticleReadsAsPublished() throws {
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/radardetik-putin-kim-2024-06-20.body.md")
        let body = try String(contentsOf: seed, encoding: .utf8)
        let story = try liveStory(
            headline: "Presiden Rusia Vladimir Putin Teken Kerja Sama Pertahanan Bersama Kim Jong Un di Korea Utara", body: body,
            image: StoryImage(file: "assets/putin-kim.jpg", caption: "Presiden Rusia Vladimir Putin ketika melakukan kunjungan ke Korea Utara bertemu dengan Kim Jong Un", credit: "BBC"),
            assets: ["assets/putin-kim.jpg": Data([0xFF, 0xD8])])
        let text = ArticleBody.text(ofHTML: html(try build(story.slug)))
        #expect(text.contains("Presiden Rusia Vladimir Putin Teken Kerja Sama Pertahanan Bersama Kim Jong Un di Korea Utara"))
        #expect(text.contains("Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:00Z"))
        #expect(text.contains("bertemu dengan Kim Jong Un Photo: BBC"))
        for paragraph in body.split(separator: "\n").filter({ !$0.isEmpty }) {
            #expect(text.contains(paragraph.replacingOccurrences(of: "  ", with: " ").prefix(60)) || text.contains(paragraph.prefix(60)),
                    "missing: \(paragraph.prefix(60))")
        }
        for boilerplate in ["Iklan", "Notification", "×", "Berita Terbaru Update"] {
            #expect(!text.contains(boilerplate))
        }
    }

    @Test func aNewsroomTemplateOverridesTheBuiltInOne() throws {
        let story = try liveStory()
        let templates = fixture.folder.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try Data("<h1>{{headline}}</h1>{{#dateline_parts}}{{text}}{{/dateline_parts}}\n".utf8).write(to: templates.appendingPathComponent("article.mustache"))
        // A template in the work tree is not used until it is committed.
        #expect(!html(try build(story.slug)).hasPrefix("<h1>"))
        let saved = try fixture.newsroom.saveSettings(message: "Our own page", by: fixture.admin)
        #expect(saved == ["templates/article.mustache"])
        #expect(html(try build(story.slug)) == "<h1>Putin and Kim sign a pact</h1>Thursday, 20 June 2024 | 11:33 WIB Last Updated 2024-06-20T04:33:00Z\n")
    }

    @Test func correctionsAppearWithTheirTimes() throws {
        let story = try liveStory()
        try fixture.append("Fixed.\n", to: story)
        _ = try at("2024-06-20T05:00:00Z").saveStory(story.slug, message: "Fix", by: fixture.rina)
        try at("2024-06-20T05:30:00Z").transition(story.slug, "correct", note: "An earlier version misnamed the treaty.", by: fixture.editor)
        let page = html(try build(story.slug))
        #expect(page.contains("<li><time datetime=\"2024-06-20T05:30:00Z\">2024-06-20 12:30 WIB</time>: An earlier version misnamed the treaty.</li>"))
        #expect(page.contains("\"correction\":[{\"@type\":\"CorrectionComment\",\"datePublished\":\"2024-06-20T05:30:00Z\""))
    }
}

/// article.json validated by IPTC's own JSON schemas (copies in fixtures/ninjs), through
/// python3 jsonschema with date-time and uri formats really checked (scripts/validate-ninjs).
@Suite struct NinjsTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func validate(_ document: Data, version: NinjsVersion) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ninjs-\(UUID().uuidString).json")
        try document.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", NinjsTests.project.appendingPathComponent("scripts/validate-ninjs").path,
                             NinjsTests.project.appendingPathComponent("fixtures/ninjs/ninjs-schema_\(version.rawValue).json").path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// A live story with everything ninjs can carry: summary, tags, dateline, embargo, a lead
    /// image and another asset (with a space in its name), a correction, and a base URL.
    func richBundle(_ version: NinjsVersion) throws -> StoryBundle {
        try BundleBuilder(template: try ArticleTemplate(override: nil), ninjs: version).build(try richSource())
    }

    /// The source `richBundle` builds from, with the base URL set.
    func richSource() throws -> BundleSource {
        let fixture = try NewsroomFixture(now: "2024-06-20T04:00:00Z")
        let settingsURL = fixture.folder.appendingPathComponent("galley.yml")
        var settings = try NewsroomSettings.parse(Data(contentsOf: settingsURL))
        settings.baseURL = "https://radardetik.id/"
        #expect(try NewsroomSettings.parse(Data(settings.render().utf8)) == settings)
        let clock = Clock(fixed: Timestamp.parse("2024-06-20T04:10:00Z")!)
            var newsroom = try Newsroom.open(at: fixture.folder, clock: clock)
        let story = try newsroom.createStory(NewStory(headline: "Putin & Kim <sign> a \"pact\"", section: "internasional",
                                                      body: Data("**PYONGYANG** – Perjanjian ditandatangani.\n".utf8)), by: fixture.rina)
        let folder = fixture.folder.appendingPathComponent(story.path)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("assets"), withIntermediateDirectories: true)
        try Data([0xFF, 0xD8, 0xFF]).write(to: folder.appendingPathComponent("assets/putin kim.jpg"))
        try Data("%PDF".utf8).write(to: folder.appendingPathComponent("assets/treaty.pdf"))
        var file = try StoryFile.parse(Data(contentsOf: fixture.storyURL(story)))
        file.summary = "Rusia dan Korea Utara meneken pakta pertahanan."
        file.tags = ["Rusia", "Korea Utara"]
        file.dateline = "PYONGYANG"
        file.language = "id"
        file.embargo = Timestamp.parse("2024-06-20T05:00:00Z")
        file.image = StoryImage(file: "assets/putin kim.jpg", caption: "Putin dan Kim", credit: "BBC")
        try Data(file.render().utf8).write(to: fixture.storyURL(story))
        _ = try newsroom.saveStory(story.slug, message: "Add the photo", by: fixture.rina)
        try newsroom.transition(story.slug, "submit", force: true, by: fixture.editor)
        try newsroom.transition(story.slug, "approve", force: true, by: fixture.admin)
        try fixture.append("Koreksi.\n", to: story)
        _ = try newsroom.saveStory(story.slug, message: "Fix", by: fixture.rina)
        try newsroom.transition(story.slug, "correct", note: "Versi sebelumnya salah menyebut tanggal.", force: true, by: fixture.admin)
        newsroom = try Newsroom.open(at: fixture.folder, clock: Clock(fixed: Timestamp.parse("2024-06-21T00:00:00Z")!))
        let source = try newsroom.bundleSource(for: try newsroom.story(story.slug))
        var withBase = source
        withBase.settings = settings
        return withBase
    }

    @Test(arguments: NinjsVersion.allCases)
    func articleJSONIsValidNinjs(_ version: NinjsVersion) throws {
        let bundle = try richBundle(version)
        let result = try validate(bundle.files["article.json"]!, version: version)
        #expect(result.status == 0, "\(result.output)")
        let document = try JSONSerialization.jsonObject(with: bundle.files["article.json"]!) as! [String: Any]
        #expect(document["version"] as? String == "3")
        #expect((document["associations"] as? [[String: Any]])?.count == 2)
        let descriptions = (document["descriptions"] as? [[String: Any]])?.map { $0["role"] as! String }
        #expect(descriptions == ["summary", "galley:firstPublished", "correction"])
    }

    @Test(arguments: NinjsVersion.allCases)
    func theValidatorRejectsAWrongDocument(_ version: NinjsVersion) throws {
        let broken = Data(#"{"uri": "urn:galley:article:X", "version": 3, "pubStatus": "published"}"#.utf8)
        #expect(try validate(broken, version: version).status == 1)
    }
}

@Suite struct ArticleBodyTests {
    @Test(arguments: [
        ("[a](https://x.org \"T\")", "<p><a href=\"https://x.org\">a</a></p>"),
        ("See <https://radardetik.id/a?b=1>.", "<p>See <a href=\"https://radardetik.id/a?b=1\">https://radardetik.id/a?b=1</a>.</p>"),
        ("[x](javascript:alert(1)) after", "<p><a href=\"#\">x</a> after</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("``TeX'' quotes", "<p>&#96;&#96;TeX'' quotes</p>"),
    ])
    func markdownIsRenderedSafely(_ markdown: String, _ html: String) {
        #expect(ArticleBody(markdown: markdown).html == html)
    }
}
