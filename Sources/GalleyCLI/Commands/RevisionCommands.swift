import ArgumentParser
import Foundation
import GalleyCore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two revisions, or between a revision and the work tree.",
        discussion: Help.discussion(
            examples: ["galley diff jakarta-floods               (the latest revision against the work tree)",
                       "galley diff jakarta-floods r2            (r2 against the work tree)",
                       "galley diff jakarta-floods r2 r3 --words (what the desk changed, word by word)"],
            notes: "--words marks changed words ([-old-]{+new+}, or colour on a terminal) instead of whole lines.",
            exits: [.ok(), .usage("a malformed revision"), .notFound("no such story or revision")]))

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @Argument(help: "The older revision (default: the latest).", transform: Expectation.parse)
    var from: Int?

    @Argument(help: "The newer revision (default: the work tree).", transform: Expectation.parse)
    var to: Int?

    @Flag(help: "Show changed words instead of changed lines.")
    var words = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let comparison = try global.openNewsroom().comparison(slug, from: from, to: to)
        if global.json {
            return try Output.json(Shape(old: comparison.oldName, new: comparison.newName,
                                         unified: TextDiff.unified(old: comparison.old, new: comparison.new,
                                                                   oldName: comparison.oldName, newName: comparison.newName),
                                         changedAssets: comparison.changedAssets))
        }
        if words {
            let segments = TextDiff.words(old: comparison.old, new: comparison.new)
            if segments.allSatisfy({ if case .same = $0 { return true } else { return false } }) {
                Output.note("No changes between \(comparison.oldName) and \(comparison.newName).")
            } else {
                Output.raw(Data((Terminal.colours ? Terminal.wordDiff(segments) : TextDiff.plain(segments)).utf8))
            }
        } else {
            let text = TextDiff.unified(old: comparison.old, new: comparison.new, oldName: comparison.oldName, newName: comparison.newName)
            if text.isEmpty {
                Output.note("No changes to the text between \(comparison.oldName) and \(comparison.newName).")
            } else {
                Output.raw(Data((Terminal.colours ? Terminal.lineDiff(text) : text).utf8))
            }
        }
        for asset in comparison.changedAssets {
            Output.line("Asset changed: \(asset)")
        }
    }

    struct Shape: Encodable {
        var old: String
        var new: String
        var unified: String
        var changedAssets: [String]
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Make a new revision with an earlier revision's content; history is kept.",
        discussion: Help.discussion(
            examples: ["galley restore jakarta-floods r2       (r2's text comes back as a new revision)"],
            notes: "Refused when the work tree holds unsaved changes to the story: save them first.",
            exits: [.ok("restored"), .noIdentity, .badInput("unsaved changes in the work tree"),
                    .notFound("no such story or revision"), .conflict(), .notPermitted("not your story, or not a member")]))

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @Argument(help: "The revision to bring back, e.g. r2.", transform: Expectation.parse)
    var revision: Int

    @OptionGroup var expectation: Expectation
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (newsroom, actor) = try global.openAsActor()
        let outcome = try newsroom.restoreStory(slug, to: revision, expecting: expectation.revision, by: actor)
        SaveCommand.report(outcome, json: global.json)
    }
}

struct RenameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename",
        abstract: "Give a story a new slug; its id and whole history stay.",
        discussion: Help.discussion(
            examples: ["galley rename banjir-jakarta jakarta-floods"],
            notes: "Links to the old slug are not kept: a bundle is named after the slug of its live revision.",
            exits: [.ok("renamed"), .noIdentity, .badInput("a bad or taken slug, or unsaved changes"), .noStory, .conflict(),
                    .notPermitted("not your story, or not a member")]))

    @Argument(help: "The story's current slug.", completion: Completions.slugs)
    var slug: String

    @Argument(help: "The new slug.")
    var newSlug: String

    @OptionGroup var expectation: Expectation
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (newsroom, actor) = try global.openAsActor()
        let outcome = try newsroom.renameStory(slug, to: newSlug, expecting: expectation.revision, by: actor)
        SaveCommand.report(outcome, json: global.json)
    }
}

struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Publish a fix to a live story with a public correction note.",
        discussion: Help.discussion(
            examples: ["galley correct jakarta-floods -m \"An earlier version gave the wrong death toll; 12 died, not 21.\""],
            notes: """
                The note is shown to readers with its time, and Last Updated moves. Editors only; the \
                story must be live and have a saved revision that is not live yet.
                """,
            exits: [.ok("published"), .usage("no note (-m), no identity"), .badInput("not live, or nothing new to publish"),
                    .noStory, .conflict(), .notPermitted("not an editor")]))
    @OptionGroup var arguments: TransitionArguments
    @OptionGroup var global: GlobalOptions
    func run() throws { try TransitionRunner.run("correct", arguments, global: global) }
}

struct PublishDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-due",
        abstract: "Publish every scheduled story whose time has come (run it from cron).",
        discussion: Help.discussion(
            examples: ["* * * * * cd /srv/newsroom && galley publish-due --quiet      (a crontab line)"],
            notes: """
                Idempotent: two runs at once never publish a story twice. A story saved again after it \
                was scheduled is held and reported: approve it again.
                """,
            exits: [.ok("nothing held"), .badInput("a scheduled story was held (reported)"), .noNewsroom]))

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let results = try global.openNewsroom().publishDue()
        if global.json {
            try Output.json(results)
        } else {
            for result in results {
                Output.line("\(result.slug) r\(result.revision) (due \(result.scheduledAt)): \(result.outcome)" + (result.reason.map { ": \($0)" } ?? ""))
            }
            if results.isEmpty { Output.info("Nothing is due.") }
        }
        if results.contains(where: { $0.outcome == "held" }) { throw ExitCode(65) }
    }
}
