import Foundation

/// The copy desk's mechanical eye: finds what the seed article's editor missed. Works line by
/// line; a paragraph is a run of non-empty lines.
public struct Linter: Sendable {
    public var dictionary: HouseDictionary
    public var severities: [LintRule: LintSeverity]

    public init(dictionary: HouseDictionary = .defaults, severities: [LintRule: LintSeverity] = [:]) {
        self.dictionary = dictionary
        self.severities = severities
    }

    func severity(_ rule: LintRule) -> LintSeverity { severities[rule] ?? rule.defaultSeverity }

    /// Findings in `text`, in line and column order. `firstLine` is the file line the text starts
    /// on (after a story's front matter), so positions point into the file.
    public func lint(_ text: String, firstLine: Int = 1) -> [LintFinding] {
        var findings: [LintFinding] = []
        let lines = text.components(separatedBy: "\n")
        let usesCurly = text.contains("“") || text.contains("”")
        var paragraph: [(number: Int, scalars: [Unicode.Scalar])] = []

        func add(_ rule: LintRule, _ line: Int, _ column: Int, _ message: String, fix: LintFix? = nil) {
            let level = severity(rule)
            guard level != .off else { return }
            findings.append(LintFinding(rule: rule, severity: level, line: line, column: column, message: message, fix: fix))
        }

        func closeParagraph() {
            var open: (line: Int, column: Int)?
            for (number, scalars) in paragraph {
                for (index, scalar) in scalars.enumerated() {
                    if scalar == "“" {
                        open = (number, index + 1)
                    } else if scalar == "”" {
                        if open == nil {
                            add(.unopenedQuote, number, index + 1, "closing quotation mark ” without an opening “")
                        }
                        open = nil
                    }
                }
            }
            if let open {
                add(.unclosedQuote, open.line, open.column, "opening quotation mark “ is never closed in this paragraph")
            }
            paragraph = []
        }

        for (offset, line) in lines.enumerated() {
            let number = firstLine + offset
            let scalars = Array(line.unicodeScalars)
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                closeParagraph()
                continue
            }
            paragraph.append((number, scalars))
            checkSpaces(scalars, number, add)
            checkTeX(scalars, number, add)
            if usesCurly, let index = scalars.firstIndex(of: "\"") {
                add(.mixedQuotes, number, index + 1, "straight quotation marks in a text that uses curly ones (“ ”)")
            }
            checkWords(scalars, number, add)
        }
        closeParagraph()
        return findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    private func checkSpaces(_ scalars: [Unicode.Scalar], _ number: Int, _ add: (LintRule, Int, Int, String, LintFix?) -> Void) {
        var index = 0
        while index + 1 < scalars.count {
            if isSpace(scalars[index]) && isSpace(scalars[index + 1]) {
                var end = index
                while end < scalars.count, isSpace(scalars[end]) { end += 1 }
                let run = String(String.UnicodeScalarView(scalars[index..<end]))
                let kind = run.unicodeScalars.contains("\u{00A0}") ? "a no-break space beside a space" : "\(end - index) spaces"
                add(.doubledSpace, number, index + 1, "doubled space (\(kind)); use one space", LintFix(original: run, replacement: " "))
                index = end
            } else {
                index += 1
            }
        }
    }

    private func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\u{00A0}" }

    private func checkTeX(_ scalars: [Unicode.Scalar], _ number: Int, _ add: (LintRule, Int, Int, String, LintFix?) -> Void) {
        let text = String(String.UnicodeScalarView(scalars))
        var searchFrom = text.unicodeScalars.startIndex
        while let open = text.unicodeScalars[searchFrom...].firstRange(of: "``".unicodeScalars) {
            let column = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: open.lowerBound) + 1
            if let close = text.unicodeScalars[open.upperBound...].firstRange(of: "''".unicodeScalars) {
                let inner = String(text.unicodeScalars[open.upperBound..<close.lowerBound])
                add(.texQuotes, number, column, "TeX-style quotes ``…''; use “…”",
                    LintFix(original: "``" + inner + "''", replacement: "“" + inner + "”"))
                searchFrom = close.upperBound
            } else {
                add(.texQuotes, number, column, "TeX-style opening quotes ``; use “", LintFix(original: "``", replacement: "“"))
                searchFrom = open.upperBound
            }
        }
    }

    private func checkWords(_ scalars: [Unicode.Scalar], _ number: Int, _ add: (LintRule, Int, Int, String, LintFix?) -> Void) {
        // Words with their columns.
        var words: [(text: String, column: Int, end: Int)] = []
        var index = 0
        while index < scalars.count {
            if scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil {
                let start = index
                while index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil { index += 1 }
                words.append((String(String.UnicodeScalarView(scalars[start..<index])), start + 1, index))
            } else {
                index += 1
            }
        }
        for (position, word) in words.enumerated() {
            let lower = word.text.lowercased()
            if let right = dictionary.entries[lower] {
                add(.houseSpelling, number, word.column, "'\(word.text)' is spelled '\(right)' (house dictionary: \(lower) -> \(right))",
                    LintFix(original: word.text, replacement: right))
            }
            guard position + 1 < words.count else { continue }
            let next = words[position + 1]
            let between = String(String.UnicodeScalarView(scalars[word.end..<(next.column - 1)]))
            let nextLower = next.text.lowercased()
            if between.allSatisfy({ $0 == " " }) && !between.isEmpty && lower == nextLower && word.text.first?.isLetter == true {
                add(.repeatedWord, number, next.column, "'\(next.text)' repeats the word before it", nil)
            }
            let trimmed = between.trimmingCharacters(in: .whitespaces)
            if ["-", "–", "—"].contains(trimmed), between != trimmed, lower.count > 1, nextLower.count > 1,
               lower.hasSuffix(nextLower) || nextLower.hasSuffix(lower) || lower == nextLower {
                add(.spacedReduplication, number, word.column,
                    "spaced dash in the reduplicated word '\(word.text)\(between)\(next.text)'; write '\(word.text)-\(next.text)'",
                    LintFix(original: word.text + between + next.text, replacement: word.text + "-" + next.text))
            }
        }
    }

    /// Applies every mechanical fix in `findings` to `text` (whose first line is `firstLine`),
    /// returning the new text and the findings it fixed.
    public static func applyFixes(_ findings: [LintFinding], to text: String, firstLine: Int = 1) -> (String, [LintFinding]) {
        var lines = text.components(separatedBy: "\n")
        var applied: [LintFinding] = []
        // Right to left on each line, so earlier columns stay valid.
        for finding in findings.sorted(by: { ($0.line, $1.column) < ($1.line, $0.column) }) {
            guard let fix = finding.fix, finding.rule != .houseSpelling else { continue }
            let index = finding.line - firstLine
            guard lines.indices.contains(index) else { continue }
            var scalars = Array(lines[index].unicodeScalars)
            let original = Array(fix.original.unicodeScalars)
            let start = finding.column - 1
            guard start >= 0, start + original.count <= scalars.count, Array(scalars[start..<(start + original.count)]) == original else { continue }
            scalars.replaceSubrange(start..<(start + original.count), with: Array(fix.replacement.unicodeScalars))
            lines[index] = String(String.UnicodeScalarView(scalars))
            applied.append(finding)
        }
        return (lines.joined(separator: "\n"), applied.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }
}
