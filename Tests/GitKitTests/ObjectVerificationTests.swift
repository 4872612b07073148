import Foundation
import GitKit
import Testing

/// GitKit reads objects as git does, trusting zlib's checksum; `Repository.verifyObjectHashes(true)`
/// (what `galley doctor` turns on) checks each object read against its id.
@Suite struct ObjectVerificationTests {
    @Test func aReplacedObjectIsReadAsItIsUnlessHashesAreVerified() throws {
        let folder = try TemporaryFolder()
        let repository = try Repository.create(at: folder.url, branch: "main")
        let original = try repository.writeBlob(Data("Banjir di Bandung\n".utf8))
        let other = try repository.writeBlob(Data("Banjir di Bogor\n".utf8))
        // The loose file of `other` put in the place of `original`'s: valid zlib, wrong bytes for its id.
        func objectFile(_ id: ObjectID) -> URL {
            folder.url.appendingPathComponent(".git/objects/\(id.hex.prefix(2))/\(id.hex.dropFirst(2))")
        }
        let target = objectFile(original)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target.path)
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: objectFile(other), to: target)

        let fresh = try Repository.open(at: folder.url)
        defer { try? Repository.verifyObjectHashes(false) }
        try Repository.verifyObjectHashes(true)
        do {
            _ = try fresh.blob(original)
            Issue.record("a replaced object was read although hashes are verified")
        } catch let error as GitError {
            #expect(error.isDamagedObject, "\(error)")
            #expect(error.message.contains(original.hex) && error.message.contains(other.hex), "\(error)")
        }
        try Repository.verifyObjectHashes(false)
        let unchecked = try Repository.open(at: folder.url)
        #expect(try unchecked.blob(original) == Data("Banjir di Bogor\n".utf8))
        // git itself, as an outside reader, agrees that the object is damaged.
        #expect(try runGit(["fsck", "--full"], in: folder.url).status != 0)
    }
}
