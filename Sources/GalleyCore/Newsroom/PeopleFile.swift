import Foundation

/// `people.yml`: the newsroom's roster, rewritten at every people event so `git show` and other
/// clones can read it. The catalog is built from the event trailers, not from this file.
enum PeopleFile {
    static func render(_ people: [Person]) -> String {
        var out = "# The people of this newsroom. Galley writes this file: change it with `galley people`.\npeople:\n"
        for person in people.sorted(by: { $0.email < $1.email }) {
            out += "  - email: \(YAMLWriter.scalar(person.email))\n"
            out += "    name: \(YAMLWriter.scalar(person.name))\n"
            out += "    role: \(person.role.rawValue)\n"
        }
        return out
    }
}

/// Checks a person's display name.
public enum PersonName {
    public static func validate(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !name.contains(where: { $0.isNewline }), name.count <= 200 else {
            throw GalleyError.badInput("'\(text)' is not a name: give one line of text, at most 200 characters")
        }
        return name
    }
}
