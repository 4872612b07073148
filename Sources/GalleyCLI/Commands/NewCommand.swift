import ArgumentParser
import Foundation
import GalleyCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a draft story and print its slug.",
        discussion: Help.discussion(
            examples: ["galley new \"Floods close Jakarta's ring road\" --slug jakarta-floods --section metro",
                       "galley new \"Putin and Kim sign a defence pact\" --body-file pact.md"],
            notes: "The story gets an id that never changes and a folder under stories/; revision 1 is committed.",
            exits: [.ok("created (prints the slug)"), .noIdentity,
                    .badInput("a bad headline, slug or body file, or the slug is taken"),
                    .notFound("no such body file, or not inside a newsroom"), .notPermitted("not a member")]))

    @Argument(help: "The headline.")
    var headline: String

    @Option(help: "The slug (default: made from the headline). Lowercase letters, digits and '-'.")
    var slug: String?

    @Option(help: "The section, e.g. world or politics.")
    var section: String?

    @Option(help: "The byline (default: your name).")
    var byline: String?

    @Option(name: .customLong("body-file"), help: "A UTF-8 Markdown file holding the body.", completion: .file())
    var bodyFile: String?

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let (newsroom, actor) = try global.openAsActor()
        var body: Data?
        if let bodyFile {
            body = try InputFile.read(bodyFile)
        }
        let story = try newsroom.createStory(
            NewStory(headline: headline, slug: slug, section: section, byline: byline, body: body, bodySource: bodyFile ?? "body"),
            by: actor)
        if global.json { return try Output.json(story) }
        Output.line(story.slug)
    }
}

/// Reads a file named on the command line, refusing folders, missing files and huge files clearly.
enum InputFile {
    static func read(_ path: String, limit: Int = TextValidation.maximumStoryBytes) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GalleyError.notFound("no such file: \(path); check the path (it is relative to the current folder)")
        }
        guard !isDirectory.boolValue else {
            throw GalleyError.badInput("\(path) is a folder; give a file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try TextValidation.checkSize(size, file: path, limit: limit)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GalleyError.notFound("cannot read \(path); check its permissions")
        }
        return data
    }
}
