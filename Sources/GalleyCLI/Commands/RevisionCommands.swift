import ArgumentParser
import Foundation
import GalleyCore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two revisions, or between a revision and the work tree.",
        discussion: """
            Examples: galley diff putin-kim-pact            (latest revision against the work tree)
                      galley diff putin-kim-pact r2         (r2 against the work tree)
                      galley diff putin-kim-pact r2 r3 --words
            --words marks changed words ([-old-]{+new+}, or colour on a terminal) instead of whole lines.
            Exit codes: 0 ok, 64 a malformed revision, 66 no such story or revision.
            """)

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
        discussion: """
            Example: galley restore putin-kim-pact r2
            Refused when the work tree holds unsaved changes to the story (save them first).
            Exit codes: 0 restored, 65 unsaved changes, 66 no such story or revision, 75 conflict, 77 not permitted.
            """)

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
        discussion: """
            Example: galley rename putin-kim-pact putin-kim-defence-pact
            Exit codes: 0 renamed, 65 a bad or taken slug or unsaved changes, 66 no such story, 75 conflict, 77 not permitted.
            """)

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
        discussion: """
            Example: galley correct putin-kim-pact -m "An earlier version misnamed the treaty."
            The note is shown to readers with its time, and Last Updated moves. Editors only; the \
            story must be live and have a saved revision that is not live yet.
            Exit codes: 0 published, 64 no note, 65 not live or nothing new, 66 no such story, 75 conflict, 77 not an editor.
            """)
    @OptionGroup var arguments: TransitionArguments
    @OptionGroup var global: GlobalOptions
    func run() throws { try TransitionRunner.run("correct", arguments, global: global) }
}

struct PublishDueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish-due",
        abstract: "Publish every scheduled story whose time has come (run it from cron).",
        discussion: """
            Example crontab line: * * * * * cd /srv/newsroom && galley publish-due --quiet
            Idempotent: two runs at once never publish a story twice. A story saved again after it \
            was scheduled is held and reported.
            Exit codes: 0 nothing held, 65 a scheduled story was held (reported), 66 not in a newsroom.
            """)

    @Flag(help: "Print nothing when nothing was due.")
    var quiet = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let results = try global.openNewsroom().publishDue()
        if global.json {
            try Output.json(results)
        } else {
            for result in results {
                Output.line("\(result.slug) r\(result.revision) (due \(result.scheduledAt)): \(result.outcome)" + (result.reason.map { ": \($0)" } ?? ""))
            }
            if results.isEmpty && !quiet { Output.line("Nothing is due.") }
        }
        if results.contains(where: { $0.outcome == "held" }) { throw ExitCode(65) }
    }
}
