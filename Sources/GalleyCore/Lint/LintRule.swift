/// The copy-desk rules, each with an id people can name in settings and a default severity.
public enum LintRule: String, CaseIterable, Sendable, Codable {
    /// Two spaces in a row, including a no-break space beside a space.
    case doubledSpace = "doubled-space"
    /// An opening quotation mark “ with no closing ” in the same paragraph.
    case unclosedQuote = "unclosed-quote"
    /// A closing quotation mark ” with no opening “ before it in the paragraph.
    case unopenedQuote = "unopened-quote"
    /// TeX-style quotes: ``like this''.
    case texQuotes = "tex-quotes"
    /// Straight quotes " in a text that otherwise uses curly ones.
    case mixedQuotes = "mixed-quotes"
    /// A spaced dash inside a reduplicated word: `sewenang – wenang` for `sewenang-wenang`.
    case spacedReduplication = "spaced-reduplication"
    /// The same word twice in a row: `the the`.
    case repeatedWord = "repeated-word"
    /// A spelling the house dictionary lists as wrong.
    case houseSpelling = "house-spelling"

    /// What a newsroom gets unless its settings say otherwise: errors block submit and approve.
    public var defaultSeverity: LintSeverity {
        switch self {
        case .unclosedQuote, .unopenedQuote, .texQuotes, .spacedReduplication, .houseSpelling: return .error
        case .doubledSpace, .mixedQuotes, .repeatedWord: return .warning
        }
    }
}

public enum LintSeverity: String, Sendable, Codable, CaseIterable {
    case error, warning, off
}

/// One thing the copy desk should look at, with where it is and, for mechanical problems, the fix.
public struct LintFinding: Equatable, Sendable, Codable {
    public var rule: LintRule
    public var severity: LintSeverity
    public var line: Int
    /// 1-based, counted in Unicode scalars like the YAML errors.
    public var column: Int
    public var message: String
    /// The text to replace (on that line, from that column) and its replacement, when the fix is mechanical.
    public var fix: LintFix?

    /// `file:line:col: error: [rule] message`, the shape compilers and swift-format print.
    public func formatted(file: String) -> String {
        "\(file):\(line):\(column): \(severity.rawValue): [\(rule.rawValue)] \(message)"
    }
}

public struct LintFix: Equatable, Sendable, Codable {
    public var original: String
    public var replacement: String
}
