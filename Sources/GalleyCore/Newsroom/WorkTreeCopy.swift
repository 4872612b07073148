import CSystem
import Foundation
import GitKit

/// A committed file taken from the newsroom's work tree instead of git, when the copy there is
/// byte-for-byte the same (`bundle`).
enum WorkTreeCopy {
    /// The bytes of the blob `blob` read from the work-tree file `path` (relative to `root`), when
    /// that file holds exactly them (its blob id is `blob`); nil otherwise, and the caller reads
    /// the blob from git. Git packs a story's text as a delta on other texts, up to 50 deep, so a
    /// blob read from git inflates a chain of them; most live stories are in the work tree as they
    /// were published. The id check makes the copy byte-for-byte the blob: what is being edited is
    /// never used. Nothing outside the newsroom is read and no link followed (`openat2`, see
    /// CSystem), a pipe is not waited on, and only plain files are read.
    static func bytes(of blob: ObjectID, at path: String, in root: URL) -> Data? {
        let file = galley_open_beneath(root.path, path)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var info = stat()
        // Story files are at most a few megabytes (`save` refuses more); anything larger is git's to read.
        guard fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= 64 << 20 else { return nil }
        var data = Data(count: Int(info.st_size))
        let complete = data.withUnsafeMutableBytes { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let count = read(file, buffer.baseAddress! + done, buffer.count - done)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        guard complete, ObjectID.ofBlob(data) == blob else { return nil }
        return data
    }
}
