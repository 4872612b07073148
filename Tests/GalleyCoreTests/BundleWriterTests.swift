import Foundation
@testable import GalleyCore
import Testing

/// How bundles reach the disk: staged under a temporary name, flushed, moved into place; never
/// half a bundle under its final name, and nothing left behind when a write fails.
@Suite struct BundleWriterTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-writer-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func bundle(_ text: String) -> StoryBundle {
        StoryBundle(slug: "kim-putin", files: ["index.html": Data("<p>\(text)</p>".utf8), "story.md": Data(text.utf8),
                                               "assets/photo.jpg": Data([0xFF, 0xD8, 0xFF, text == "first" ? 0xE0 : 0xE1])])
    }

    func entries(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    @Test func aStagedBundleIsInvisibleUntilItIsMovedIntoPlaceAndThenReplacesTheOldOne() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try BundleWriter.write(bundle("first"), into: folder, zip: false)
        #expect(first.path == folder.appendingPathComponent("kim-putin").path)
        #expect(try entries(folder) == ["kim-putin"])

        let staged = try BundleWriter.stage(bundle("second"), into: folder, zip: false)
        let pid = ProcessInfo.processInfo.processIdentifier
        // `.SLUG.N.PID.tmp`: numbered within the process, the process number last (for doctor).
        let name = staged.temporary.lastPathComponent
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 5 && parts[0] == "" && parts[1] == "kim-putin" && Int(parts[2]) != nil && parts[3] == "\(pid)" && parts[4] == "tmp", "\(name)")
        #expect(try entries(folder) == [name, "kim-putin"])
        // The published name still holds the old bundle, whole.
        #expect(try String(contentsOf: first.appendingPathComponent("story.md"), encoding: .utf8) == "first")
        #expect(try entries(staged.temporary) == ["assets", "index.html", "story.md"])

        try BundleWriter.flush(folder)
        #expect(try BundleWriter.moveIntoPlace(staged).path == first.path)
        #expect(try entries(folder) == ["kim-putin"])
        #expect(try String(contentsOf: first.appendingPathComponent("story.md"), encoding: .utf8) == "second")
        #expect(try Data(contentsOf: first.appendingPathComponent("assets/photo.jpg")) == Data([0xFF, 0xD8, 0xFF, 0xE1]))
        #expect(try Data(contentsOf: first.appendingPathComponent("index.html")) == Data("<p>second</p>".utf8))
    }

    /// The move into place tries one rename first; whatever is under the final name (a file where
    /// the folder goes, a folder where the zip goes) is moved aside and removed as before.
    @Test func whateverIsUnderTheFinalNameIsReplaced() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("not a bundle".utf8).write(to: folder.appendingPathComponent("kim-putin"))
        let written = try BundleWriter.write(bundle("first"), into: folder, zip: false)
        #expect(try entries(folder) == ["kim-putin"])
        #expect(try entries(written) == ["assets", "index.html", "story.md"])

        try FileManager.default.createDirectory(at: folder.appendingPathComponent("kim-putin.zip/inside"), withIntermediateDirectories: true)
        let zipped = try BundleWriter.write(bundle("second"), into: folder, zip: true)
        #expect(try entries(folder) == ["kim-putin", "kim-putin.zip"])
        var isFolder: ObjCBool = true
        #expect(FileManager.default.fileExists(atPath: zipped.path, isDirectory: &isFolder) && !isFolder.boolValue)
        // A zip over a zip: the rename replaces it in one step.
        let again = try BundleWriter.write(bundle("third"), into: folder, zip: true)
        #expect(again.path == zipped.path)
        #expect(try entries(folder) == ["kim-putin", "kim-putin.zip"])
    }

    @Test func aDiscardedBundleLeavesNothing() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let staged = try BundleWriter.stage(bundle("first"), into: folder, zip: false)
        #expect(try entries(staged.temporary) == ["assets", "index.html", "story.md"])
        BundleWriter.discard(staged)
        #expect(try entries(folder) == [])
    }

    /// Two live stories can have the same slug (one's rename is saved, not yet published): each
    /// is staged under its own name, both move into place, the last one stays, nothing is left.
    @Test func twoBundlesOfOneSlugInABatchAreStagedApartAndTheLastOneStays() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try BundleWriter.stage(bundle("first"), into: folder, zip: false)
        let second = try BundleWriter.stage(bundle("second"), into: folder, zip: false)
        #expect(first.temporary != second.temporary)
        try BundleWriter.flush(folder)
        let place = try BundleWriter.moveIntoPlace(first)
        #expect(try BundleWriter.moveIntoPlace(second).path == place.path)
        #expect(try entries(folder) == ["kim-putin"])
        #expect(try String(contentsOf: place.appendingPathComponent("story.md"), encoding: .utf8) == "second")
    }

    /// When the new bundle cannot be moved in, the old one is put back under its name.
    @Test func aMoveThatFailsPutsTheOldBundleBack() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try BundleWriter.write(bundle("first"), into: folder, zip: false)
        let staged = try BundleWriter.stage(bundle("second"), into: folder, zip: false)
        // Something removed the staged folder before it could be moved in.
        try FileManager.default.removeItem(at: staged.temporary)
        let error = #expect(throws: GalleyError.self) { try BundleWriter.moveIntoPlace(staged) }
        #expect(error?.exitCode == 73)
        #expect(error?.message.contains("cannot write the bundle \(old.path):") == true)
        #expect(try entries(folder) == ["kim-putin"])
        #expect(try String(contentsOf: old.appendingPathComponent("story.md"), encoding: .utf8) == "first")
    }

    @Test func aFileThatCannotBeWrittenIsNamedAndNothingIsLeftBehind() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        // `notes` is written as a file first, so `notes/extra.txt` has no folder to go in.
        let broken = StoryBundle(slug: "kim-putin", files: ["notes": Data("a".utf8), "notes/extra.txt": Data("b".utf8)])
        let error = #expect(throws: GalleyError.self) { try BundleWriter.write(broken, into: folder, zip: false) }
        #expect(error?.exitCode == 73)
        #expect(error?.message.contains("cannot write the bundle \(folder.path)/kim-putin:") == true)
        #expect(error?.message.contains("/notes/extra.txt: Not a directory; check the folder's permissions and free space, or pass --out DIR") == true)
        #expect(try entries(folder) == [])
    }

    @Test func aBundleFolderThatCannotBeMadeIsNamed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let error = #expect(throws: GalleyError.self) { try BundleWriter.write(bundle("first"), into: file.appendingPathComponent("out"), zip: false) }
        #expect(error?.exitCode == 73)
        #expect(error?.message.hasPrefix("cannot create the bundle folder \(file.path)/out: ") == true)
        #expect(try entries(folder) == ["a-file"])
    }
}
