import Foundation
@testable import GalleyCore
import GitKit
import Testing

/// A bundle's files are taken from the work tree only when the file there is exactly the blob
/// (its blob id is the blob's); anything else is read from git.
@Suite struct WorkTreeCopyTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("galley-worktree-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    let text = Data("---\nid: 01J0SXCJE0P3DEMSJ74XY4BDKR\n---\nThe published text.\n".utf8)

    @Test func theBlobsIdIsGitsOwn() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("story.md")
        try text.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["hash-object", "--no-filters", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: printed, as: UTF8.self) == ObjectID.ofBlob(text).hex + "\n")
        #expect(ObjectID.ofBlob(Data()).hex == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
    }

    @Test func aFileHoldingExactlyTheBlobIsRead() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("stories/A/assets"), withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent("stories/A/story.md"))
        #expect(WorkTreeCopy.bytes(of: ObjectID.ofBlob(text), at: "stories/A/story.md", in: folder) == text)
        try Data().write(to: folder.appendingPathComponent("stories/A/assets/empty.txt"))
        #expect(WorkTreeCopy.bytes(of: ObjectID.ofBlob(Data()), at: "stories/A/assets/empty.txt", in: folder) == Data())
    }

    @Test func anythingElseIsLeftToGit() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let blob = ObjectID.ofBlob(text)
        let newsroom = folder.appendingPathComponent("newsroom")
        try FileManager.default.createDirectory(at: newsroom.appendingPathComponent("stories/A"), withIntermediateDirectories: true)
        // Edited since, with the same length: one letter changed.
        var edited = text
        edited[edited.count - 3] = UInt8(ascii: "X")
        try edited.write(to: newsroom.appendingPathComponent("stories/A/story.md"))
        #expect(WorkTreeCopy.bytes(of: blob, at: "stories/A/story.md", in: newsroom) == nil)
        // Not there.
        #expect(WorkTreeCopy.bytes(of: blob, at: "stories/A/missing.md", in: newsroom) == nil)
        // Outside the newsroom, though it holds the blob: not by `..`, not by an absolute path.
        try text.write(to: folder.appendingPathComponent("outside.md"))
        #expect(WorkTreeCopy.bytes(of: blob, at: "../outside.md", in: newsroom) == nil)
        #expect(WorkTreeCopy.bytes(of: blob, at: folder.appendingPathComponent("outside.md").path, in: newsroom) == nil)
        // A link to a file that holds the blob is not followed, neither as the file nor as a folder on the way.
        try text.write(to: newsroom.appendingPathComponent("stories/A/original.md"))
        try FileManager.default.createSymbolicLink(at: newsroom.appendingPathComponent("stories/A/link.md"),
                                                   withDestinationURL: newsroom.appendingPathComponent("stories/A/original.md"))
        #expect(WorkTreeCopy.bytes(of: blob, at: "stories/A/link.md", in: newsroom) == nil)
        try FileManager.default.createSymbolicLink(at: newsroom.appendingPathComponent("stories/B"),
                                                   withDestinationURL: newsroom.appendingPathComponent("stories/A"))
        #expect(WorkTreeCopy.bytes(of: blob, at: "stories/B/original.md", in: newsroom) == nil)
        #expect(WorkTreeCopy.bytes(of: blob, at: "stories/A/original.md", in: newsroom) == text)
        // A folder, and a pipe (which nothing writes to: reading it must not wait).
        #expect(WorkTreeCopy.bytes(of: blob, at: "stories/A", in: newsroom) == nil)
        #expect(mkfifo(newsroom.appendingPathComponent("stories/A/pipe.md").path, 0o600) == 0)
        #expect(WorkTreeCopy.bytes(of: blob, at: "stories/A/pipe.md", in: newsroom) == nil)
    }
}
