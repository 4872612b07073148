/// Differences between two texts: by line (unified diff, as `git diff` prints) and by word (for
/// prose, where a one-word fix should not show as a whole changed paragraph).
public enum TextDiff {
    /// One piece of an edit script.
    public enum Segment: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The edit script turning `old` into `new`, from the standard library's Myers difference.
    static func script<T: Hashable>(_ old: [T], _ new: [T]) -> [(Character, T)] {
        let difference = new.difference(from: old)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var result: [(Character, T)] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                result.append(("-", old[i])); i += 1
            } else if j < new.count, inserted.contains(j) {
                result.append(("+", new[j])); j += 1
            } else {
                result.append((" ", old[i])); i += 1; j += 1
            }
        }
        return result
    }

    /// A unified diff with `context` lines around each change; empty when the texts are equal.
    public static func unified(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let oldLines = lines(old)
        let newLines = lines(new)
        let edits = script(oldLines, newLines)
        guard edits.contains(where: { $0.0 != " " }) else { return "" }
        var out = "--- \(oldName)\n+++ \(newName)\n"
        // Positions (1-based) of each edit in the old and new texts.
        var positions: [(old: Int, new: Int)] = []
        var o = 1, n = 1
        for (kind, _) in edits {
            positions.append((o, n))
            if kind != "+" { o += 1 }
            if kind != "-" { n += 1 }
        }
        var index = 0
        while index < edits.count {
            guard let firstChange = edits[index...].firstIndex(where: { $0.0 != " " }) else { break }
            let start = max(index, firstChange - context)
            var end = firstChange
            // Extend the hunk while the next change is within 2 × context lines.
            while true {
                guard let next = edits[(end + 1)...].firstIndex(where: { $0.0 != " " }), next - end <= 2 * context else { break }
                end = next
            }
            let stop = min(edits.count, end + context + 1)
            let hunk = edits[start..<stop]
            let oldCount = hunk.filter { $0.0 != "+" }.count
            let newCount = hunk.filter { $0.0 != "-" }.count
            let oldStart = oldCount == 0 ? positions[start].old - 1 : positions[start].old
            let newStart = newCount == 0 ? positions[start].new - 1 : positions[start].new
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for (kind, line) in hunk {
                out += "\(kind)\(line.text)\n"
                if !line.newline { out += "\\ No newline at end of file\n" }
            }
            index = stop
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    struct Line: Hashable {
        var text: String
        var newline: Bool
    }

    static func lines(_ text: String) -> [Line] {
        guard !text.isEmpty else { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map { Line(text: String($0), newline: true) }
        if text.hasSuffix("\n") { parts.removeLast() } else { parts[parts.count - 1].newline = false }
        return parts
    }

    /// A word-level diff: words and the spaces between them are the units, and neighbouring
    /// pieces of the same kind are merged.
    public static func words(old: String, new: String) -> [Segment] {
        var segments: [Segment] = []
        for (kind, token) in script(tokens(old), tokens(new)) {
            switch (kind, segments.last) {
            case (" ", .same(let text)?): segments[segments.count - 1] = .same(text + token)
            case ("-", .removed(let text)?): segments[segments.count - 1] = .removed(text + token)
            case ("+", .added(let text)?): segments[segments.count - 1] = .added(text + token)
            case (" ", _): segments.append(.same(token))
            case ("-", _): segments.append(.removed(token))
            default: segments.append(.added(token))
            }
        }
        return segments
    }

    /// Plain markers for a word diff: `[-old-]{+new+}`, as `git diff --word-diff=plain` prints.
    public static func plain(_ segments: [Segment]) -> String {
        segments.map { segment in
            switch segment {
            case .same(let text): return text
            case .removed(let text): return "[-\(text)-]"
            case .added(let text): return "{+\(text)+}"
            }
        }.joined()
    }

    /// Splits prose into runs of letters and digits, runs of spaces, and single other characters.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentKind = 0
        for char in text {
            let kind = char.isLetter || char.isNumber ? 1 : (char == " " || char == "\t" ? 2 : 3)
            if kind == currentKind && kind != 3 {
                current.append(char)
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = String(char)
                currentKind = kind
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
