import Foundation

/// What `galley` alone shows a person: what waits for them, what they have with the desk, and
/// what went live today, like `git status` for a newsroom.
public struct NewsroomStatus: Codable, Sendable {
    public struct Item: Codable, Sendable {
        public var slug: String
        public var headline: String
        public var state: String
        public var secondsInState: Int
        /// The last note on the story (why it was sent back), if any.
        public var note: String?
        public var noteBy: String?
        /// The command that moves it on.
        public var next: String
    }

    public var newsroom: String
    public var person: Person
    /// Stories that need this person now: reviews for an editor, stories sent back for a reporter.
    public var waitingForYou: [Item]
    /// This person's stories that are with someone else.
    public var withTheDesk: [Item]
    /// Stories first published or updated today, in the newsroom's zone.
    public var publishedToday: [Item]
}

extension Newsroom {
    public func status(for person: Person) throws -> NewsroomStatus {
        let board = try self.board()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: settings.timeZone)!
        let now = clock.now
        let reviewStates = Set(workflow.transitions.filter { $0.effect == .publish }.flatMap(\.from))
        let liveStates = Set(workflow.transitions.filter { $0.effect == .publish }.map(\.to))
        func item(_ entry: BoardEntry, next: String, withNote: Bool = true) throws -> NewsroomStatus.Item {
            let last = withNote ? try events(of: entry.slug).last { $0.note != nil } : nil
            return NewsroomStatus.Item(slug: entry.slug, headline: entry.headline, state: entry.state, secondsInState: entry.secondsInState,
                                       note: last?.note, noteBy: last?.actor, next: next)
        }
        var waiting: [NewsroomStatus.Item] = []
        var desk: [NewsroomStatus.Item] = []
        var today: [NewsroomStatus.Item] = []
        for entry in board {
            let mine = entry.author == person.email
            if person.role.isEditor, reviewStates.contains(entry.state), !mine {
                waiting.append(try item(entry, next: "galley show \(entry.slug); galley approve \(entry.slug) or galley reject \(entry.slug) -m NOTE"))
            } else if mine, entry.state == workflow.initial {
                waiting.append(try item(entry, next: "galley edit \(entry.slug), then galley submit \(entry.slug)"))
            } else if mine, !liveStates.contains(entry.state) {
                desk.append(try item(entry, next: "wait for an editor"))
            }
            if let updated = entry.lastUpdatedAt.flatMap(Timestamp.parse), calendar.isDate(updated, inSameDayAs: now) {
                today.append(try item(entry, next: "galley bundle \(entry.slug)", withNote: false))
            }
        }
        return NewsroomStatus(newsroom: settings.name, person: person, waitingForYou: waiting, withTheDesk: desk, publishedToday: today)
    }
}

extension Newsroom {
    /// Stories whose latest revision has every word of `query`, best first, with a snippet.
    public func search(_ query: String) throws -> [(Story, String)] {
        try catalog.search(query)
    }
}
