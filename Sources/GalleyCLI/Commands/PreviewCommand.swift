import ArgumentParser
import Foundation
import GalleyCore

struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Build the story's latest revision as readers would see it, marked as a preview.",
        discussion: """
            Example: galley preview putin-kim-pact    (then open the file:// address it prints)
            Built from the latest revision, live or not, into a temporary folder; never into bundles/.
            Exit codes: 0 built, 66 no such story, 73 cannot write the preview.
            """)

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
