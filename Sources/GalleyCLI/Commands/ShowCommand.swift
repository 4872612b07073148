import ArgumentParser
import Foundation
import GalleyCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a story as saved at its latest revision or at SLUG@rN.",
        discussion: Help.discussion(
            examples: ["galley show jakarta-floods", "galley show jakarta-floods@r2 --json"],
            notes: "Prints story.md as saved: front matter and Markdown body.",
            exits: [.ok(), .usage("a malformed SLUG@rN"), .notFound("no such story or revision")]))

    @Argument(help: "The story's slug, optionally with a revision: SLUG@rN.", completion: Completions.slugs)
    var story: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let newsroom = try global.openNewsroom()
        let (story, revision, data) = try newsroom.storyText(try RevisionReference(parsing: self.story))
        guard global.json else { return Output.raw(data) }
        let file = try StoryFile.parse(data)
        try Output.json(Shown(
            id: story.id, slug: file.slug.text, revision: revision.number, commit: revision.commitId,
            savedAt: revision.savedAt, author: revision.author, headline: file.headline, byline: file.byline,
            section: file.section, summary: file.summary, language: file.language, tags: file.tags,
            dateline: file.dateline, image: file.image, body: file.body))
    }

    struct Shown: Encodable {
        var id: String
        var slug: String
        var revision: Int
        var commit: String
        var savedAt: String
        var author: String
        var headline: String
        var byline: String?
        var section: String?
        var summary: String?
        var language: String?
        var tags: [String]
        var dateline: String?
        var image: StoryImage?
        var body: String
    }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List a story's revisions: number, time, author, message.",
        discussion: Help.discussion(
            examples: ["galley log jakarta-floods"],
            notes: "The live revision is marked with *; (minor) marks a revision that does not move Last Updated.",
            exits: [.ok(), .noStory]))

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let newsroom = try global.openNewsroom()
        let (story, revisions) = try newsroom.revisions(of: slug)
        if global.json {
            return try Output.json(revisions.map { WithExtraKey(value: $0, key: "live", extra: $0.number == story.liveRevision) })
        }
        Output.fitted("\(story.slug): \(story.headline)")
        if let dateline = try newsroom.dateline(of: story) {
            Output.line(dateline)
        }
        Output.table(["REV", "SAVED (UTC)", "AUTHOR", "MESSAGE"], revisions.reversed().map { revision in
            [(revision.number == story.liveRevision ? "*" : " ") + "r\(revision.number)", revision.savedAt, revision.author,
             revision.message + (revision.minor ? " (minor)" : "")]
        })
        if let live = story.liveRevision {
            Output.note("* r\(live) is live.")
        }
    }
}

struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the catalog from the git history alone.",
        discussion: Help.discussion(
            examples: ["galley reindex"],
            notes: """
                The catalog (.galley/catalog.sqlite) is a view of git; this drops its rows and replays every \
                commit's trailers, in one transaction. A catalog that cannot be opened is moved aside first.
                """,
            exits: [.ok("rebuilt"), .noNewsroom, Exit(70, "internal failure: a commit cannot be indexed")]))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (summary, movedAside) = try Newsroom.reindex(at: try global.locateNewsroom(), clock: try Clock.fromEnvironment())
        if let movedAside {
            Output.note("The catalog could not be opened; it was moved aside to \(movedAside.path).")
        }
        if global.json { return try Output.json(summary) }
        func counted(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
        Output.line("Rebuilt the catalog from git: \(counted(summary.people, "person", "people")), \(counted(summary.stories, "story", "stories")), "
                    + "\(counted(summary.revisions, "revision", "revisions")), \(counted(summary.events, "event", "events")).")
    }
}
