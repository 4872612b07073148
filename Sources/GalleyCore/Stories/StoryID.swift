import Foundation

/// A story's immutable identity: a ULID (time-ordered, 26 Crockford base32 characters).
/// It never derives from the slug, so renaming a story never changes where its history lives.
public struct StoryID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let text: String

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// Each byte's value as a digit of the alphabet, or `notADigit`: ids are checked and decoded
    /// byte by byte, since a reindex reads one for every event and every story file.
    static let digitValues: [UInt8] = {
        var values = [UInt8](repeating: notADigit, count: 256)
        for (value, digit) in alphabet.enumerated() { values[Int(digit.asciiValue!)] = UInt8(value) }
        return values
    }()
    static let notADigit: UInt8 = 0xFF

    /// Accepts a well-formed ULID only. Every digit is ASCII, so 26 bytes that are all digits
    /// are exactly 26 characters that are.
    public init?(_ text: String) {
        guard text.utf8.count == 26, text.utf8.allSatisfy({ StoryID.digitValues[Int($0)] != StoryID.notADigit }) else { return nil }
        self.text = text
    }

    /// A new id whose first ten characters encode `time` (milliseconds) and the rest are random.
    public static func generate(at time: Date) -> StoryID {
        var generator = SystemRandomNumberGenerator()
        return generate(at: time, using: &generator)
    }

    public static func generate<G: RandomNumberGenerator>(at time: Date, using generator: inout G) -> StoryID {
        let millis = UInt64(max(0, time.timeIntervalSince1970 * 1000))
        var chars: [Character] = []
        for shift in stride(from: 45, through: 0, by: -5) {
            chars.append(alphabet[Int((millis >> UInt64(shift)) & 31)])
        }
        for _ in 0..<16 {
            chars.append(alphabet[Int(generator.next(upperBound: UInt64(32)))])
        }
        return StoryID(String(chars))!
    }

    public var description: String { text }
    public static func < (lhs: StoryID, rhs: StoryID) -> Bool { lhs.text < rhs.text }
}
