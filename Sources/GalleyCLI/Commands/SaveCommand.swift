import ArgumentParser
import GalleyCore

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save the story's folder as a new revision.",
        discussion: """
            Example: galley save putin-kim-pact -m "Add Kim's quote"
            Commits story.md and the story's assets as they are in the work tree. Nothing is committed \
            when nothing changed. Reporters may save only their own stories.
            Exit codes: 0 saved (or nothing to save), 65 the story file does not parse (with line:col), \
            66 no such story, 75 conflict (retry), 77 not permitted.
            """)

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @Option(name: .shortAndLong, help: "What changed in this revision.")
    var message: String

    @Flag(help: "Mark the revision as minor (a typo fix): publishing it does not move Last Updated.")
    var minor = false

    @OptionGroup var expectation: Expectation
    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (newsroom, actor) = try global.openAsActor()
        let outcome = try newsroom.saveStory(slug, message: message, minor: minor, expecting: expectation.revision, by: actor)
        SaveCommand.report(outcome, json: global.json)
    }

    static func report(_ outcome: SaveOutcome, json: Bool) {
        if json {
            try? Output.json(SaveReport(saved: outcome.revision != nil, story: outcome.story, revision: outcome.revision))
            return
        }
        if let revision = outcome.revision {
            Output.line("Saved \(outcome.story.slug) r\(revision.number) (\(revision.commitId.prefix(7))): \(revision.message)")
        } else {
            Output.line("Nothing to save: \(outcome.story.slug) is unchanged since r\(outcome.story.revision).")
        }
    }

    struct SaveReport: Encodable {
        var saved: Bool
        var story: Story
        var revision: Revision?
    }
}

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Open the story in $EDITOR and save a revision if it changed.",
        discussion: """
            Example: EDITOR=nano galley edit putin-kim-pact -m "Tighten the lede"
            Uses $VISUAL, else $EDITOR, else vi. If the edited file does not parse, it is kept as it is \
            and nothing is saved: fix it and run `galley save`.
            Exit codes: 0 saved (or unchanged), 65 the edit does not parse, 66 no such story, \
            69 the editor failed, 77 not permitted.
            """)

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @Option(name: .shortAndLong, help: "What changed (default: \"Edit SLUG\").")
    var message: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (newsroom, actor) = try global.openAsActor()
        let outcome = try newsroom.editStory(slug, message: message, by: actor, open: Editor.open)
        SaveCommand.report(outcome, json: global.json)
    }
}
