import Foundation
import GitKit

/// What `publish-due` did with one scheduled story.
public struct DuePublication: Codable, Equatable, Sendable {
    public var slug: String
    public var revision: Int
    public var scheduledAt: String
    /// `published`, `already-published` (another run did it), or `held` (see `reason`).
    public var outcome: String
    public var reason: String?
}

extension Newsroom {
    /// Schedules a transition (approve) for `time`: checked now, as if made now, so a schedule can
    /// only be set by someone allowed to make the transition; `publish-due` carries it out.
    /// A time that has already come makes the transition at once.
    public func schedule(_ slug: String, _ name: String, at time: Date, note: String? = nil, expecting: Int? = nil,
                         minor: Bool = false, force: Bool = false, by actor: Person) throws -> Story {
        if time <= clock.now {
            return try transition(slug, name, note: note, expecting: expecting, minor: minor, force: force, by: actor).0
        }
        let start = try story(slug)
        try checkExpectation(start, expecting)
        try record(by: actor) { _ in
            guard let current = try catalog.story(id: StoryID(start.id)!) else {
                throw GalleyError.notFound("the story '\(slug)' no longer exists; `galley board` lists the stories there are")
            }
            if current.state != start.state || current.revision != start.revision {
                throw try changedUnderneath(current, since: start)
            }
            // Lint is checked now, as for the transition itself: a schedule that would be held for
            // lint errors at publication time is refused at once (an editor may --force).
            var lintClean = true
            if workflow.transition(named: name)?.guards.contains(.lintClean) == true, !force {
                lintClean = try lintErrors(of: current).findings.isEmpty
            }
            let decided = try TransitionEngine.decide(
                workflow, story: StorySnapshot(state: current.state, author: current.author, revision: current.revision,
                                               liveRevision: current.liveRevision),
                actor: actor, transition: name, note: note, lintClean: lintClean)
            guard decided.transition.effect == .publish else {
                throw GalleyError.usage("only a transition that publishes can be scheduled; '\(name)' does not")
            }
            var event = EditorialEvent(kind: .scheduled, actor: actor.email, time: Timestamp.format(clock.now))
            event.storyID = StoryID(current.id)
            event.slug = try Slug(validating: current.slug)
            event.revision = current.revision
            event.transition = name
            event.at = Timestamp.format(time)
            event.minor = minor
            event.note = (note?.isEmpty ?? true) ? nil : note
            return PendingCommit(updates: [], event: event, subject: "\(current.slug) r\(current.revision): \(name) scheduled for \(Timestamp.format(time))")
        }
        return try catalog.story(id: StoryID(start.id)!)!
    }

    /// Publishes every scheduled story whose time has come, as the editor who scheduled it.
    /// Safe to run from cron every minute and from two machines at once: each publication is a
    /// compare-and-swap on the story, so a second run finds it done and says so.
    public func publishDue() throws -> [DuePublication] {
        var results: [DuePublication] = []
        for story in try catalog.storiesDue(at: Timestamp.format(clock.now)) {
            guard let at = story.scheduledAt, let revision = story.scheduledRevision, let by = story.scheduledBy else { continue }
            var result = DuePublication(slug: story.slug, revision: revision, scheduledAt: at, outcome: "published", reason: nil)
            do {
                guard story.revision == revision else {
                    throw GalleyError.conflict("r\(story.revision) was saved after r\(revision) was scheduled; approve it again")
                }
                guard let editor = try catalog.person(by) else {
                    throw GalleyError.notPermitted("\(by), who scheduled it, is no longer in the newsroom; an editor must approve it again")
                }
                let transition = workflow.transitions.first { $0.effect == .publish && $0.from.contains(story.state) }?.name ?? "approve"
                // The editor checked this revision when scheduling it, lint included.
                try self.transition(story.slug, transition, note: story.scheduledNote ?? "Scheduled for \(at)", expecting: revision,
                                    minor: story.scheduledMinor, force: true, by: editor)
            } catch let error as GalleyError {
                // Another run got there first: the story is no longer scheduled.
                if let now = try catalog.story(id: StoryID(story.id)!), now.scheduledAt == nil, now.liveRevision == revision {
                    result.outcome = "already-published"
                } else {
                    result.outcome = "held"
                    result.reason = error.message
                }
            }
            results.append(result)
        }
        return results
    }

    /// The public corrections of a story, oldest first.
    public func corrections(of slug: String) throws -> [Correction] {
        try catalog.corrections(of: StoryID(try story(slug).id)!)
    }

    /// The story's dateline as readers see it, or nil before its first publication.
    public func dateline(of story: Story) throws -> String? {
        guard story.liveRevision != nil, let published = story.publishedAt.flatMap(Timestamp.parse) else { return nil }
        return try settings.dateline().render(published: published, updated: story.lastUpdatedAt.flatMap(Timestamp.parse))
    }
}
