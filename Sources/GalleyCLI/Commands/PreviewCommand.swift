import ArgumentParser
import Foundation
import GalleyCore

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Build the story's latest revision as readers would see it, marked as a preview.",
        discussion: Help.discussion(
            examples: ["galley preview jakarta-floods        (then open the file:// address it prints)"],
            notes: "Built from the latest revision, live or not, into a temporary folder; never into bundles/.",
            exits: [.ok("built"), .badInput("a bad template or story file"), .noStory, .cannotCreate("the preview cannot be written")]))

    @Argument(help: "The story's slug.", completion: Completions.slugs)
    var slug: String

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let newsroom = try global.openNewsroom()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-preview-\(ProcessInfo.processInfo.processIdentifier)")
        let location = try newsroom.preview(slug, into: folder)
        let page = location.appendingPathComponent("index.html")
        if global.json { return try Output.json(["slug": slug, "path": location.path, "url": page.absoluteString]) }
        Output.line(page.absoluteString)
    }
}
