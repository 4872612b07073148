import Foundation
import Yams

/// Reads a YAML text into nodes and turns every problem into a `file:line:col: message` error,
/// so a reporter can find the typo in their front matter or an editor in their workflow file.
struct YAMLReader {
    /// The file name shown in messages.
    let file: String
    /// Lines of the file that come before the YAML text (the `---` opening front matter).
    let lineOffset: Int

    /// Galley reads every value as text and only asks whether it is null, so Yams composes with
    /// no resolver rules at all: its default resolver compiles seven regular expressions through
    /// ICU on first use, and the first ICU regular expression of a process costs more than
    /// reading the whole newsroom's settings (about 1.5 ms of every command's start-up).
    static let resolver = Resolver.basic

    /// Whether `node` is YAML's null: a plain `~`, `null`, `Null`, `NULL` or nothing without a
    /// tag (the default resolver's null rule), or a value tagged `!!null`. The tag is read as
    /// written (`Node.Scalar.tag`, not `Node.tag`, which would resolve it).
    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        switch scalar.tag.description {
        case Tag.Name.implicit.rawValue:
            return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        case Tag.Name.null.rawValue:
            return true
        default:
            return false
        }
    }

    /// Parses `text` into one node (nil when the text is empty).
    func compose(_ text: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: text, YAMLReader.resolver)
        } catch let error as YamlError {
            switch error {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                // libyaml's context ("while scanning a quoted scalar") points where the trouble
                // started, which is where a person has to look; the problem mark is often the end.
                if let context {
                    throw located(line: context.mark.line, column: context.mark.column, "\(context.text): \(problem) at \(mark.line + lineOffset):\(mark.column)")
                }
                throw located(line: mark.line, column: mark.column, problem)
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw located(line: context.mark.line, column: context.mark.column,
                              "duplicate field \(duplicates.joined(separator: ", ")); keep only one")
            default:
                throw GalleyError.badInput("\(file): YAML could not be read: \(error); check the file's indentation and quotes")
            }
        }
    }

    /// An error pointing at `node` (or at the start of the text when the node has no position).
    func error(at node: Node?, _ message: String) -> GalleyError {
        let mark = node?.mark
        return located(line: mark?.line ?? 1, column: mark?.column ?? 1, message)
    }

    func located(line: Int, column: Int, _ message: String) -> GalleyError {
        .badInput("\(file):\(line + lineOffset):\(column): \(message)")
    }

    /// The root node as a mapping of fields.
    func fields(_ node: Node?, what: String) throws -> YAMLFields {
        guard let node, let mapping = node.mapping else {
            throw error(at: node, "\(what) must be a list of `field: value` lines")
        }
        return try YAMLFields(reader: self, node: node, mapping: mapping)
    }
}

/// The fields of one YAML mapping, read by name with a positioned error for every wrong type.
struct YAMLFields {
    let reader: YAMLReader
    let node: Node
    private(set) var entries: [(key: String, keyNode: Node, value: Node)] = []

    init(reader: YAMLReader, node: Node, mapping: Node.Mapping) throws {
        self.reader = reader
        self.node = node
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw reader.error(at: key, "a field name must be plain text")
            }
            entries.append((name, key, value))
        }
    }

    func value(_ key: String) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// Refuses fields this format does not know, naming the ones it does (catches `hedline:`).
    func rejectUnknown(_ known: [String], in what: String) throws {
        for entry in entries where !known.contains(entry.key) {
            throw reader.error(at: entry.keyNode,
                               "unknown field '\(entry.key)' in \(what); known fields are \(known.joined(separator: ", "))")
        }
    }

    /// A text field; `nil` when absent or null.
    func string(_ key: String) throws -> String? {
        guard let node = value(key) else { return nil }
        if YAMLReader.isNull(node) { return nil }
        guard let scalar = node.scalar else {
            throw reader.error(at: node, "'\(key)' must be a single text value")
        }
        return scalar.string
    }

    /// A text field that must be present and not empty.
    func requiredString(_ key: String, in what: String) throws -> String {
        guard let text = try string(key) else {
            throw reader.error(at: node, "\(what) is missing the required field '\(key)'")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw reader.error(at: value(key), "'\(key)' must not be empty")
        }
        return text
    }

    /// A list of texts; a single text is accepted as a list of one.
    func strings(_ key: String) throws -> [String] {
        guard let node = value(key) else { return [] }
        if let scalar = node.scalar {
            return YAMLReader.isNull(node) ? [] : [scalar.string]
        }
        guard let sequence = node.sequence else {
            throw reader.error(at: node, "'\(key)' must be a list of texts")
        }
        return try sequence.map { item in
            guard let scalar = item.scalar else {
                throw reader.error(at: item, "every item of '\(key)' must be a text")
            }
            return scalar.string
        }
    }

    /// A nested mapping; nil when absent.
    func fields(_ key: String, what: String) throws -> YAMLFields? {
        guard let node = value(key) else { return nil }
        if YAMLReader.isNull(node) { return nil }
        return try reader.fields(node, what: what)
    }

    /// A list of nested mappings.
    func list(_ key: String, what: String) throws -> [YAMLFields] {
        guard let node = value(key) else { return [] }
        guard let sequence = node.sequence else {
            throw reader.error(at: node, "'\(key)' must be a list")
        }
        return try sequence.map { try reader.fields($0, what: what) }
    }
}
