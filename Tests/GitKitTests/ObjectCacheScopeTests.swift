import Foundation
@testable import GitKit
import Testing

/// Inside `Repository.readingWithoutObjectCache` (reindex) nothing read is kept in libgit2's object
/// cache (commits and trees, by default), so its size never grows there, whatever other suites
/// read meanwhile: the setting is the process's. Objects read there are still read whole.
@Suite struct ObjectCacheScopeTests {
    @Test func insideTheScopeNothingReadIsCached() throws {
        let folder = try TemporaryFolder()
        let repository = try Repository.create(at: folder.url, branch: "main")
        let author = Signature(name: "Sari Wulandari", email: "sari@example.org", time: Date(timeIntervalSince1970: 1_718_858_009))
        var head: ObjectID?
        var files: [(commit: ObjectID, text: String)] = []
        for number in 0..<40 {
            let text = "Banjir di Bandung, laporan \(number)\n"
            head = try repository.commit(parent: head, updates: [.upsert(path: "stories/\(number)/story.md",
                                                                          blob: try repository.writeBlob(Data(text.utf8)))],
                                         author: author, message: "Report \(number)\n")
            files.append((head!, text))
        }
        let again = try Repository.open(at: folder.url)
        let (before, after) = try Repository.readingWithoutObjectCache {
            // Scopes nest: the cache stays off until the outermost one ends.
            try Repository.readingWithoutObjectCache {}
            let before = Library.cachedMemory
            for (number, file) in files.enumerated() {
                #expect(try again.file(at: "stories/\(number)/story.md", in: file.commit) == Data(file.text.utf8))
                #expect(try again.commitMessage(file.commit) == "Report \(number)\n")
            }
            return (before, Library.cachedMemory)
        }
        #expect(before >= 0)
        #expect(after <= before)
    }
}
