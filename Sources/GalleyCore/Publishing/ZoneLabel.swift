import Foundation

/// The local abbreviation of a time zone at an instant (WIB, WITA, WIT, EDT, CET...), read from
/// the tz database's own files. Foundation on Linux answers `GMT+7` for Asia/Jakarta, which no
/// Indonesian reader writes; the TZif file holds the names the zone's people actually use.
public enum ZoneLabel {
    /// Where Debian's `tzdata` keeps the compiled zone files.
    public static let zoneinfo = URL(fileURLWithPath: "/usr/share/zoneinfo", isDirectory: true)

    /// The abbreviation in force in `zone` at `date`; Foundation's answer when the tz files are missing.
    public static func abbreviation(for zone: TimeZone, at date: Date, zoneinfo: URL = ZoneLabel.zoneinfo) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let isDST = zone.isDaylightSavingTime(for: date)
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier) { return "UTC" }
        if let names = names(for: zone.identifier, zoneinfo: zoneinfo),
           let name = names.first(where: { $0.offset == offset && $0.isDST == isDST })?.name
            ?? names.first(where: { $0.offset == offset })?.name,
           !name.hasPrefix("+"), !name.hasPrefix("-") {
            return name
        }
        return zone.abbreviation(for: date) ?? zone.identifier
    }

    struct Name: Equatable {
        var name: String
        var offset: Int
        var isDST: Bool
    }

    /// The names of each zone file read so far: the files do not change while Galley runs, and
    /// `bundle --all` asks for the same zone for every story.
    private static let cache = NamesCache()

    private final class NamesCache: @unchecked Sendable {
        let lock = NSLock()
        var names: [String: [Name]?] = [:]
    }

    /// The zone's names, the current rules (the POSIX footer) first, then the transition table
    /// from the latest type back, so present-day names win over historical ones.
    static func names(for identifier: String, zoneinfo: URL) -> [Name]? {
        let key = zoneinfo.path + "\u{0}" + identifier
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let names = cache.names[key] { return names }
        let names = readNames(for: identifier, zoneinfo: zoneinfo)
        cache.names[key] = names
        return names
    }

    private static func readNames(for identifier: String, zoneinfo: URL) -> [Name]? {
        guard !identifier.contains(".."), let data = FileManager.default.contents(atPath: zoneinfo.appendingPathComponent(identifier).path),
              data.count > 44, data.prefix(4) == Data("TZif".utf8) else { return nil }
        let bytes = [UInt8](data)
        func count(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        var start = 0
        var timeSize = 4
        // Version 2+ files repeat the data with 64-bit times after the version 1 block; use that.
        if bytes[4] >= UInt8(ascii: "2") {
            let v1Length = 44 + count(32) * 5 + count(36) * 6 + count(40) + count(28) * 8 + count(24) + count(20)
            guard bytes.count > v1Length + 44 else { return nil }
            start = v1Length
            timeSize = 8
        }
        let (isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt) =
            (count(start + 20), count(start + 24), count(start + 28), count(start + 32), count(start + 36), count(start + 40))
        var at = start + 44
        let indices = Array(bytes[(at + timecnt * timeSize)..<(at + timecnt * timeSize + timecnt)])
        at += timecnt * timeSize + timecnt
        var types: [Name] = []
        let charsStart = at + typecnt * 6
        guard bytes.count >= charsStart + charcnt else { return nil }
        for index in 0..<typecnt {
            let base = at + index * 6
            let offset = Int(Int32(bitPattern: UInt32(count(base))))
            let isDST = bytes[base + 4] != 0
            var cursor = charsStart + Int(bytes[base + 5])
            var name = ""
            while cursor < charsStart + charcnt, bytes[cursor] != 0 {
                name.append(Character(UnicodeScalar(bytes[cursor])))
                cursor += 1
            }
            types.append(Name(name: name, offset: offset, isDST: isDST))
        }
        var names: [Name] = []
        let footerStart = charsStart + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        if timeSize == 8, footerStart < bytes.count {
            let footer = String(decoding: bytes[footerStart...], as: UTF8.self).trimmingCharacters(in: .newlines)
            names += footerNames(footer, types: types)
        }
        var seen = Set<Int>()
        for index in indices.reversed() where seen.insert(Int(index)).inserted && Int(index) < types.count {
            names.append(types[Int(index)])
        }
        names += types
        return names
    }

    /// The standard and daylight names of a POSIX TZ string (`WIB-7`, `EST5EDT,M3.2.0,M11.1.0`, `<+07>-7`).
    static func footerNames(_ footer: String, types: [Name]) -> [Name] {
        var rest = Substring(footer)
        func name() -> String? {
            if rest.first == "<" {
                guard let close = rest.firstIndex(of: ">") else { return nil }
                defer { rest = rest[rest.index(after: close)...] }
                return String(rest[rest.index(after: rest.startIndex)..<close])
            }
            let letters = rest.prefix { $0.isLetter }
            guard letters.count >= 3 else { return nil }
            rest = rest.dropFirst(letters.count)
            return String(letters)
        }
        guard let standard = name() else { return [] }
        rest = rest.drop { $0.isNumber || $0 == "+" || $0 == "-" || $0 == ":" }
        let daylight = name()
        // The offsets come from the type table, which names the same abbreviations.
        var result: [Name] = []
        if let type = types.last(where: { $0.name == standard }) { result.append(type) }
        if let daylight, let type = types.last(where: { $0.name == daylight }) { result.append(type) }
        return result
    }
}
