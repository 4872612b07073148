import Foundation
import GitKit

/// A story's line on the board.
public struct BoardEntry: Codable, Equatable, Sendable {
    public var slug: String
    public var headline: String
    public var author: String
    public var state: String
    /// When it entered that state, ISO 8601 UTC.
    public var stateSince: String
    /// Seconds in that state, as of the newsroom's clock.
    public var secondsInState: Int
    public var revision: Int
    public var liveRevision: Int?
    public var lastUpdatedAt: String?
    /// How the desk would say it: "draft", "published", "published, update in review".
    public var status: String
}

extension Newsroom {
    /// Moves a story through the workflow (`submit`, `approve`, or any transition of a custom
    /// workflow), as one commit whose trailers record the event.
    ///
    /// `expecting` is optimistic concurrency (as Ghost does with `updated_at`): when the story's
    /// latest revision is not that one, nothing happens and the conflict says what changed. The
    /// same happens when another person moves the story while this command is deciding.
    @discardableResult
    ///
    /// `force` lets an editor make a transition whose `lint_clean` guard fails; the overridden
    /// findings are recorded in the event.
    public func transition(_ slug: String, _ name: String, note: String? = nil, expecting: Int? = nil,
                           minor: Bool = false, force: Bool = false, by actor: Person) throws -> (Story, TransitionOutcome) {
        let start = try story(slug)
        try checkExpectation(start, expecting)
        let note = note.map { $0.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces) }
        var outcome: TransitionOutcome?
        try record(by: actor) { _ in
            guard let current = try catalog.story(id: StoryID(start.id)!) else {
                throw GalleyError.notFound("the story '\(slug)' no longer exists")
            }
            if current.state != start.state || current.revision != start.revision || current.liveRevision != start.liveRevision {
                throw try changedUnderneath(current, since: start)
            }
            var lintErrors: [LintFinding] = []
            if workflow.transition(named: name)?.guards.contains(.lintClean) == true {
                lintErrors = try self.lintErrors(of: current).findings
            }
            if force && !lintErrors.isEmpty && !actor.role.isEditor {
                throw GalleyError.notPermitted("only an editor may override lint with --force; \(actor.email) is \(actor.role). Fix what `galley lint` reports, or ask an editor")
            }
            let decided: TransitionOutcome
            do {
                decided = try TransitionEngine.decide(
                    workflow, story: StorySnapshot(state: current.state, author: current.author, revision: current.revision,
                                                   liveRevision: current.liveRevision),
                    actor: actor, transition: name, note: note, lintClean: lintErrors.isEmpty || force)
            } catch let error as GalleyError where error.exitCode == 65 && !lintErrors.isEmpty && error.message.contains("lint") {
                let path = current.path + "/" + StoryLayout.storyFile
                throw GalleyError.badInput(error.message + ":\n" + lintErrors.map { $0.formatted(file: path) }.joined(separator: "\n")
                    + (actor.role.isEditor ? "\n(an editor may override with --force; the findings are recorded)" : ""))
            }
            outcome = decided
            var event = EditorialEvent(kind: .transition, actor: actor.email, time: Timestamp.format(clock.now))
            event.storyID = StoryID(current.id)
            event.slug = try Slug(validating: current.slug)
            event.revision = current.revision
            event.transition = name
            event.fromState = decided.from
            event.toState = decided.to
            event.liveRevision = decided.liveRevision
            event.minor = minor && decided.transition.effect == .publish
            event.correction = decided.transition.effect == .correct
            if force && !lintErrors.isEmpty {
                event.lintOverride = "\(lintErrors.count) error\(lintErrors.count == 1 ? "" : "s"): "
                    + lintErrors.map { "[\($0.rule.rawValue)] \($0.line):\($0.column)" }.joined(separator: ", ")
            }
            event.note = (note?.isEmpty ?? true) ? nil : note
            return PendingCommit(updates: [], event: event,
                                 subject: "\(current.slug) r\(current.revision): \(name) (\(decided.from) -> \(decided.to))")
        }
        return (try catalog.story(id: StoryID(start.id)!)!, outcome!)
    }

    /// Refuses to act when the person expected another revision than the latest.
    func checkExpectation(_ story: Story, _ expecting: Int?) throws {
        guard let expecting, expecting != story.revision else { return }
        let latest = try catalog.revisions(of: StoryID(story.id)!).last
        throw GalleyError.conflict(
            "\(story.slug) is at r\(story.revision), not r\(expecting)"
            + (latest.map { ": \($0.author) saved r\($0.number) at \($0.savedAt) (\"\($0.message)\")" } ?? "")
            + "; read it again (`galley show \(story.slug)`) and retry with --expect r\(story.revision)")
    }

    /// The conflict raised when someone else moved a story while this command was deciding.
    func changedUnderneath(_ current: Story, since start: Story) throws -> GalleyError {
        let last = try catalog.events(of: StoryID(current.id)!).last
        let what = last.map { "\($0.actor) did \($0.transition ?? $0.kind) at \($0.at)" } ?? "it changed"
        return .conflict("\(current.slug) changed while you were acting: \(what); it is now \(current.state) at r\(current.revision). Check it and try again")
    }

    /// The stories of the newsroom, grouped by the workflow's state order, oldest in state first.
    public func board(state: String? = nil, author: String? = nil) throws -> [BoardEntry] {
        var entries: [BoardEntry] = []
        try board(state: state, author: author) { entries.append($0) }
        return entries
    }

    /// The board one entry at a time, in board order (`galley board --json` writes each as it comes).
    public func board(state: String? = nil, author: String? = nil, _ each: (BoardEntry) throws -> Void) throws {
        if let state, !workflow.states.contains(where: { $0.name == state }) {
            throw GalleyError.badInput("the workflow has no state '\(state)'; its states are \(workflow.states.map(\.name).joined(separator: ", "))")
        }
        let now = clock.now
        let publishedStates = Set(workflow.transitions.filter { $0.effect == .publish }.map(\.to))
        // SQLite sorts and filters (workflow order of states, then oldest in state, then slug);
        // the rows are read by column, without records.
        try catalog.boardRows(stateOrder: workflow.states.map(\.name), state: state, author: author) { story in
            var status = story.state
            if let scheduled = story.scheduledAt.flatMap(Timestamp.parse) {
                status = "\(story.state), r\(story.scheduledRevision ?? story.revision) scheduled for \(settings.localTime(scheduled))"
            } else if let live = story.liveRevision, !publishedStates.contains(story.state) {
                status = "live r\(live), update r\(story.revision) in \(story.state)"
            } else if let live = story.liveRevision, story.revision > live {
                status = "\(story.state), r\(story.revision) not yet submitted"
            }
            let since = Timestamp.parseFast(story.stateSince) ?? now
            try each(BoardEntry(slug: story.slug, headline: story.headline, author: story.author, state: story.state,
                                stateSince: story.stateSince, secondsInState: max(0, Int(now.timeIntervalSince(since))),
                                revision: story.revision, liveRevision: story.liveRevision,
                                lastUpdatedAt: story.lastUpdatedAt, status: status))
        }
    }

    /// Replaces the newsroom's workflow (admins only). Refused when a story sits in a state the
    /// new workflow does not have: it would be stranded.
    public func useWorkflow(_ data: Data, source: String, by actor: Person) throws -> Workflow {
        try requireAdmin(actor, to: "change the workflow")
        let replacement = try WorkflowFile.parse(data, file: source)
        _ = try workTreeURL(WorkflowFile.fileName)
        try record(by: actor) { _ in
            let states = Set(replacement.states.map(\.name))
            let stranded = try catalog.stories(state: nil, author: nil).filter { !states.contains($0.state) }
            if !stranded.isEmpty {
                throw GalleyError.badInput("the workflow in \(source) has no state for "
                    + stranded.prefix(5).map { "\($0.slug) (\($0.state))" }.joined(separator: ", ")
                    + (stranded.count > 5 ? " and \(stranded.count - 5) more" : "") + "; add those states or move the stories first")
            }
            let blob = try git { try repository.writeBlob(data) }
            let event = EditorialEvent(kind: .workflowChanged, actor: actor.email, time: Timestamp.format(clock.now))
            return PendingCommit(updates: [.upsert(path: WorkflowFile.fileName, blob: blob)], event: event,
                                 subject: "Use the workflow '\(replacement.name)' from \(source)")
        }
        try writeToWorkTree(data, at: WorkflowFile.fileName)
        return replacement
    }
}
