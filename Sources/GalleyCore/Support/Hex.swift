/// Lowercase hexadecimal digits as bytes, for text written a byte at a time: checksums in
/// manifests, `\u00XX` escapes in JSON.
enum Hex {
    static let lowercaseDigits = Array("0123456789abcdef".utf8)
}
