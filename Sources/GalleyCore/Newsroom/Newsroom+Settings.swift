import Foundation
import GitKit

extension Newsroom {
    /// The newsroom files an admin edits in the work tree and commits with `galley settings save`.
    public static let settingsFiles = [NewsroomSettings.fileName, HouseDictionary.fileName, ArticleTemplate.overridePath]

    /// Commits the work tree's settings files (galley.yml, house-dictionary.yml, the page
    /// template) after checking each one, so every clone and every bundle uses the same ones.
    /// Admins only. Returns the files that changed.
    @discardableResult
    public func saveSettings(message: String, by actor: Person) throws -> [String] {
        guard actor.role == .admin else {
            throw GalleyError.notPermitted("only an admin may change the newsroom's settings; \(actor.email) is \(actor.role). Ask an admin (`galley people` lists them)")
        }
        let message = try revisionMessage(message)
        var files: [String: Data] = [:]
        for path in Newsroom.settingsFiles {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path) else { continue }
            switch path {
            case NewsroomSettings.fileName: _ = try NewsroomSettings.parse(data, file: path)
            case HouseDictionary.fileName: _ = try HouseDictionary.parse(data, file: path)
            default: _ = try ArticleTemplate(override: data)
            }
            files[path] = data
        }
        guard files[NewsroomSettings.fileName] != nil else {
            throw GalleyError.notFound("\(NewsroomSettings.fileName) is missing from the work tree; `git show HEAD:\(NewsroomSettings.fileName)` has the committed one")
        }
        var changed: [String] = []
        try record(by: actor) { head in
            changed = []
            var updates: [TreeUpdate] = []
            for path in Newsroom.settingsFiles {
                let committed = try git { try head.flatMap { try repository.entry(at: path, in: $0) } }
                if let data = files[path] {
                    let blob = try git { try repository.writeBlob(data) }
                    if committed?.id != blob {
                        updates.append(.upsert(path: path, blob: blob))
                        changed.append(path)
                    }
                } else if committed != nil, path == ArticleTemplate.overridePath {
                    updates.append(.remove(path: path))
                    changed.append(path)
                }
            }
            guard !updates.isEmpty else { return nil }
            var event = EditorialEvent(kind: .settingsChanged, actor: actor.email, time: Timestamp.format(clock.now))
            event.message = message
            return PendingCommit(updates: updates, event: event, subject: "Settings: \(message)")
        }
        return changed
    }
}
