import Foundation
import GitKit

extension Newsroom {
    /// Who is acting: `--as`, else `GALLEY_USER`, else git's `user.email`; they must be a member.
    public func actor(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Person {
        let email = explicit ?? environment["GALLEY_USER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (try? repository.configString("user.email"))
        guard let email else {
            throw GalleyError.usage("who are you? pass --as EMAIL, set GALLEY_USER, or set git's user.email")
        }
        guard let person = try catalog.person(email) else {
            throw GalleyError.notPermitted(
                "\(email) is not a member of the newsroom \(settings.name); an admin can add them with `galley people add \(email) --name NAME --role reporter`")
        }
        return person
    }

    /// Everyone in the newsroom, by email.
    public func people() throws -> [Person] {
        try catalog.people()
    }

    /// Adds a person with a role. Admins only.
    @discardableResult
    public func addPerson(email: String, name: String, role: Role, by actor: Person) throws -> Person {
        let email = try EmailAddress.validate(email)
        let name = try PersonName.validate(name)
        try requireAdmin(actor, to: "add people")
        try changePeople(by: actor) { people in
            if let existing = people.first(where: { $0.email == email }) {
                throw GalleyError.badInput("\(email) is already a member (\(existing.name), \(existing.role.rawValue)); change their role with `galley people role \(email) ROLE`")
            }
            let person = Person(email: email, name: name, role: role, addedAt: Timestamp.format(clock.now), addedBy: actor.email)
            var event = EditorialEvent(kind: .personAdded, actor: actor.email, time: person.addedAt)
            event.personEmail = email
            event.personName = name
            event.personRole = role
            return (people + [person], event, "Add \(name) <\(email)> as \(role.rawValue)")
        }
        return try catalog.person(email)!
    }

    /// Changes a person's role. Admins only; the last admin cannot step down.
    @discardableResult
    public func setRole(of email: String, to role: Role, by actor: Person) throws -> Person {
        try requireAdmin(actor, to: "change roles")
        try changePeople(by: actor) { people in
            guard let index = people.firstIndex(where: { $0.email == email }) else {
                throw GalleyError.notFound("\(email) is not a member of the newsroom; add them with `galley people add`")
            }
            var people = people
            if people[index].role == role {
                throw GalleyError.badInput("\(email) is already \(role.rawValue); nothing was changed")
            }
            if people[index].role == .admin, role != .admin, people.filter({ $0.role == .admin }).count == 1 {
                throw GalleyError.badInput("\(email) is the newsroom's only admin; make someone else admin first")
            }
            people[index].role = role
            var event = EditorialEvent(kind: .roleChanged, actor: actor.email, time: Timestamp.format(clock.now))
            event.personEmail = email
            event.personName = people[index].name
            event.personRole = role
            return (people, event, "Make \(people[index].name) <\(email)> \(role.rawValue)")
        }
        return try catalog.person(email)!
    }

    func requireAdmin(_ actor: Person, to action: String) throws {
        guard actor.role == .admin else {
            let admins = try catalog.people().filter { $0.role == .admin }.map(\.email)
            throw GalleyError.notPermitted("only an admin may \(action); \(actor.email) is \(actor.role.rawValue). Ask \(admins.joined(separator: " or "))")
        }
    }

    /// Commits a change to the roster: `people.yml` rewritten, the event in the trailers.
    private func changePeople(by actor: Person, _ change: ([Person]) throws -> ([Person], EditorialEvent, String)) throws {
        var roster = ""
        _ = try workTreeURL(Newsroom.peopleFile)
        try record(by: actor) { _ in
            let (people, event, subject) = try change(try catalog.people())
            roster = PeopleFile.render(people)
            let blob = try git { try repository.writeBlob(Data(roster.utf8)) }
            return PendingCommit(updates: [.upsert(path: Newsroom.peopleFile, blob: blob)], event: event, subject: subject)
        }
        try writeToWorkTree(Data(roster.utf8), at: Newsroom.peopleFile)
    }
}
