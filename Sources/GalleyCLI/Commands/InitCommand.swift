import ArgumentParser
import Foundation
import GalleyCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a newsroom: a git repository, its settings and its first admin.",
        discussion: Help.discussion(
            examples: ["galley init radar --name \"Radar Detik\" --time-zone Asia/Jakarta --locale id_ID \\",
                       "    --editor ed@radar.id --editor-name \"Ed Editor\""],
            notes: "Then add people with `galley people add`, and start a story with `galley new HEADLINE`.",
            exits: [.ok("created"), .badInput("a bad name, zone, locale, email or workflow"),
                    .notFound("no such workflow file"),
                    .cannotCreate("already a newsroom, or a git repository with history (pass --adopt)")]))

    @Argument(help: "The folder to create the newsroom in (default: the current folder).", completion: .directory)
    var directory: String = "."

    @Option(help: "The newsroom's name, as readers know it.")
    var name: String

    @Option(name: .customLong("time-zone"), help: "The newsroom's IANA time zone, e.g. Asia/Jakarta.")
    var timeZone: String

    @Option(help: "The locale of dates shown to readers, e.g. en_GB or id_ID.")
    var locale: String = "en_GB"

    @Option(help: "The email of the first editor, who becomes the newsroom's admin.")
    var editor: String

    @Option(name: .customLong("editor-name"), help: "The first editor's name.")
    var editorName: String

    @Flag(help: "Make an existing git repository with history into a newsroom, keeping every commit.")
    var adopt = false

    @Option(help: "The workflow: a built-in name (default, copydesk) or a workflow file.")
    var workflow: String = "default"

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let folder = URL(fileURLWithPath: directory, isDirectory: true, relativeTo: cwd).standardizedFileURL
        var founding = Founding(name: name, timeZone: timeZone, locale: locale, editorEmail: editor, editorName: editorName, adopt: adopt)
        let (text, source) = try WorkflowSource.load(workflow)
        founding.workflow = (text, source)
        let newsroom = try Newsroom.found(at: folder, founding, clock: try Clock.fromEnvironment())
        if global.json {
            try Output.json(["path": newsroom.root.path, "name": newsroom.settings.name, "admin": editor])
        } else {
            Output.line("Created the newsroom \(newsroom.settings.name) in \(newsroom.root.path) (admin: \(editor)).")
            Output.note("Next: add people with `galley people add EMAIL --name NAME --role reporter`, then `galley new HEADLINE`.")
        }
    }
}
