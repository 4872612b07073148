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
        let file = folder.appendingPathComponent("story.md")
        try text.write(to: file)
        #expect(Newsroom.workTreeCopy(of: ObjectID.ofBlob(text), at: file) == text)
        let empty = folder.appendingPathComponent("empty.txt")
        try Data().write(to: empty)
        #expect(Newsroom.workTreeCopy(of: ObjectID.ofBlob(Data()), at: empty) == Data())
    }

    @Test func anythingElseIsLeftToGit() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let blob = ObjectID.ofBlob(text)
        // Edited since, with the same length: one letter changed.
        var edited = text
        edited[edited.count - 3] = UInt8(ascii: "X")
        let file = folder.appendingPathComponent("story.md")
        try edited.write(to: file)
        #expect(Newsroom.workTreeCopy(of: blob, at: file) == nil)
        // Not there.
        #expect(Newsroom.workTreeCopy(of: blob, at: folder.appendingPathComponent("missing.md")) == nil)
        // A link to a file that holds the blob is not followed.
        let original = folder.appendingPathComponent("original.md")
        try text.write(to: original)
        let link = folder.appendingPathComponent("link.md")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: original)
        #expect(Newsroom.workTreeCopy(of: blob, at: link) == nil)
        // A folder, and a pipe (which nothing writes to: reading it must not wait).
        #expect(Newsroom.workTreeCopy(of: blob, at: folder) == nil)
        let pipe = folder.appendingPathComponent("pipe.md")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        #expect(Newsroom.workTreeCopy(of: blob, at: pipe) == nil)
    }
}
