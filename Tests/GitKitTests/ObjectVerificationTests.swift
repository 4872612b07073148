import Foundation
import GitKit
import Testing

/// GitKit checks every object it reads against its id (libgit2's default), except inside
/// `Repository.readingWithoutHashChecks` (reindex, bundle --all), where zlib's checksum is trusted
/// as `git show` trusts it; the check is back when the scope ends.
@Suite struct ObjectVerificationTests {
    @Test func insideAnUncheckedScopeAReplacedObjectIsReadAsItIs() throws {
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

        // Inside the scope the replaced bytes are read as they are, as `git show` would print them.
        // (Outside it libgit2 refuses them: shown end to end by DamagedObjectTests, in processes
        // of their own, since the setting is the process's and other suites here open the scope.)
        let repositoryAgain = try Repository.open(at: folder.url)
        let unchecked = try Repository.readingWithoutHashChecks { try repositoryAgain.blob(original) }
        #expect(unchecked == Data("Banjir di Bogor\n".utf8))
        // Scopes nest: the check stays off until the outermost one ends.
        let afterInner = try Repository.readingWithoutHashChecks {
            _ = try Repository.readingWithoutHashChecks { try repositoryAgain.blob(original) }
            return try repositoryAgain.blob(original)
        }
        #expect(afterInner == Data("Banjir di Bogor\n".utf8))
        // git itself, as an outside reader, agrees that the object is damaged.
        #expect(try runGit(["fsck", "--full"], in: folder.url).status != 0)
    }
}
