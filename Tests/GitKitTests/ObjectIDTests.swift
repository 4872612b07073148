import Clibgit2
@testable import GitKit
import Testing

/// The hex form is written by a table (issue 7); it must be what libgit2 itself writes.
@Suite struct ObjectIDTests {
    @Test func theHexFormIsLibgit2s() {
        var generator = SystemRandomNumberGenerator()
        var samples: [[UInt8]] = [Array(repeating: 0, count: 20), Array(repeating: 0xFF, count: 20), Array(0..<20),
                                  (0..<20).map { UInt8(0xF0 | $0 % 16) }]
        for _ in 0..<500 { samples.append((0..<20).map { _ in UInt8.random(in: 0...255, using: &generator) }) }
        for bytes in samples {
            var oid = git_oid()
            withUnsafeMutableBytes(of: &oid.id) { raw in raw.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: 41)
            git_oid_tostr(&buffer, 41, &oid)
            let expected = String(cString: buffer)
            let id = ObjectID(oid)
            #expect(id.hex == expected)
            #expect(id.hex.utf8.count == 40)
            #expect(ObjectID(hex: expected) == id)
            #expect(withUnsafeBytes(of: id.oid.id) { Array($0) } == bytes)
        }
    }
}
