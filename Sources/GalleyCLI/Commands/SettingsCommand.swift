import ArgumentParser
import GalleyCore

struct SettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Commit the newsroom's settings files after you edit them (admins only).",
        discussion: Help.discussion(
            examples: ["galley settings save -m \"Add Baca Juga to the boilerplate\""],
            exits: [.ok(), .noNewsroom]),
        subcommands: [Save.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "save",
            abstract: "Check and commit galley.yml, house-dictionary.yml and templates/article.mustache.",
            discussion: Help.discussion(
                examples: ["galley settings save -m \"Dateline in Indonesian\" --as ed@radar.id"],
                notes: """
                    Galley reads these files from the committed newsroom, so every clone and every bundle \
                    uses the same ones: edit them in the newsroom folder, then save them here.
                    """,
                exits: [.ok("saved, or nothing changed"), .noIdentity, .badInput("a file does not parse"),
                        .noNewsroom, .notPermitted("not an admin")]))

        @Option(name: .shortAndLong, help: "Why the settings changed.")
        var message: String

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let (newsroom, actor) = try global.openAsActor()
            let changed = try newsroom.saveSettings(message: message, by: actor)
            if global.json { return try Output.json(["changed": changed]) }
            Output.line(changed.isEmpty ? "Nothing to save: the settings files are as committed." : "Saved \(changed.joined(separator: ", ")).")
        }
    }
}
