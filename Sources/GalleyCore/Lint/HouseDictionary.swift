import Foundation

/// The newsroom's list of wrong → right spellings (`progersif` → `progresif`), kept in
/// `house-dictionary.yml` in the newsroom so the desk can grow it.
public struct HouseDictionary: Equatable, Sendable {
    public static let fileName = "house-dictionary.yml"

    /// Wrong spelling (lowercase) → right spelling.
    public var entries: [String: String]

    public init(entries: [String: String]) {
        self.entries = Dictionary(uniqueKeysWithValues: entries.map { ($0.key.lowercased(), $0.value) })
    }

    /// Common misspellings in Indonesian and English news copy; `galley init` writes these.
    public static let defaults = HouseDictionary(entries: [
        "progersif": "progresif",
        "aktifitas": "aktivitas",
        "analisa": "analisis",
        "apotik": "apotek",
        "resiko": "risiko",
        "sistim": "sistem",
        "kwalitas": "kualitas",
        "nasehat": "nasihat",
        "ijin": "izin",
        "jaman": "zaman",
        "praktek": "praktik",
        "merubah": "mengubah",
        "definately": "definitely",
        "recieve": "receive",
        "seperate": "separate",
        "occured": "occurred",
        "goverment": "government",
    ])

    public static func parse(_ data: Data, file: String = fileName) throws -> HouseDictionary {
        let text = try TextValidation.decodeUTF8(data, file: file)
        let reader = YAMLReader(file: file, lineOffset: 0)
        guard let root = try reader.compose(text) else { return HouseDictionary(entries: [:]) }
        let fields = try reader.fields(root, what: "the house dictionary")
        var entries: [String: String] = [:]
        for entry in fields.entries {
            guard let right = entry.value.scalar?.string, !right.isEmpty else {
                throw reader.error(at: entry.value, "'\(entry.key)' needs its right spelling: `wrong: right`")
            }
            entries[entry.key] = right
        }
        return HouseDictionary(entries: entries)
    }

    public func render() -> String {
        var out = "# The house dictionary: wrong spelling -> right spelling. `galley lint` flags the left side.\n"
        for (wrong, right) in entries.sorted(by: { $0.key < $1.key }) {
            out += "\(YAMLWriter.scalar(wrong)): \(YAMLWriter.scalar(right))\n"
        }
        return out
    }
}
