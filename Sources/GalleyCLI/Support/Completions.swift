import ArgumentParser
import Foundation
import GalleyCore

/// Shell completion of the newsroom's own names: story slugs and people's emails, read from the
/// catalog of the newsroom around the current folder (nothing when there is none).
enum Completions {
    static let slugs = CompletionKind.custom { _, _, prefix in
        guard let newsroom = try? open() else { return [] }
        return ((try? newsroom.board()) ?? []).map(\.slug).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static let people = CompletionKind.custom { _, _, prefix in
        guard let newsroom = try? open() else { return [] }
        return ((try? newsroom.people()) ?? []).map(\.email).filter { $0.hasPrefix(prefix) }
    }

    private static func open() throws -> Newsroom {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return try Newsroom.open(at: try Newsroom.locate(explicit: nil, from: cwd), clock: Clock())
    }
}
