import ArgumentParser
import GalleyCore

struct SaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save",
        abstract: "Save the story's folder as a new revision.",
        discussion: Help.discussion(
            examples: ["galley save jakarta-floods -m \"Add the governor's statement\"",
                       "galley save jakarta-floods -m \"Fix a typo\" --minor --expect r3"],
            notes: """
                Commits story.md and the story's assets as they are in the work tree. Nothing is committed \
                when nothing changed. Reporters may save only their own stories.
                """,
            exits: [.ok("saved, or nothing to save"), .usage("an empty message, no identity"),
                    .badInput("the story file does not parse (with line:col)"), .noStory, .conflict(),
                    .notPermitted("not your story, or not a member")]))

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
        discussion: Help.discussion(
            examples: ["EDITOR=nano galley edit jakarta-floods -m \"Tighten the lede\""],
            notes: """
                Uses $VISUAL, else $EDITOR, else vi. If the edited file does not parse, it is kept as it is \
                and nothing is saved: fix it and run `galley save`.
                """,
            exits: [.ok("saved, or unchanged"), .noIdentity, .badInput("the edit does not parse"), .noStory,
                    .unavailable("the editor could not start or failed"), .conflict(),
                    .notPermitted("not your story, or not a member")]))

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
