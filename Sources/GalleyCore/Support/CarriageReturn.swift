import Foundation

extension String {
    /// Whether the text holds a `\r`, found with `memchr` over its UTF-8 when that is contiguous
    /// (a file read from git always is): the generic `contains` of the UTF-8 view takes a byte at
    /// a time, and a reindex or bundle run asks this of every story. Where there is none, every
    /// `\n` is a `Character` of its own and lines can be cut on the bytes.
    var containsCarriageReturn: Bool {
        let carriageReturn = UInt8(ascii: "\r")
        return utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(carriageReturn), bytes.count) != nil } ?? false
        } ?? utf8.contains(carriageReturn)
    }
}
