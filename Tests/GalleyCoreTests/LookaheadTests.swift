import Foundation
@testable import GalleyCore
import Testing

/// The reader thread of a reindex (issue 7): order, bound, errors and stopping early.
@Suite struct LookaheadTests {
    struct Unreadable: Error, Equatable {
        let index: Int
    }

    /// Counts what the reader has read and how far ahead of the consumer it got.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var readCount = 0
        private var opened = 0

        func open() { lock.withLock { opened += 1 } }
        func read() { lock.withLock { readCount += 1 } }
        var reads: Int { lock.withLock { readCount } }
        var opens: Int { lock.withLock { opened } }
    }

    @Test func itemsComeOutInOrder() throws {
        let tally = Tally()
        let lookahead = Lookahead<Int>(count: 1000, capacity: 7) {
            tally.open()
            return { index in tally.read(); return index * 3 }
        }
        var seen: [Int] = []
        while let item = try lookahead.next() { seen.append(item) }
        #expect(seen == (0..<1000).map { $0 * 3 })
        #expect(try lookahead.next() == nil)
        #expect(tally.opens == 1)
        #expect(tally.reads == 1000)
    }

    @Test func nothingToRead() throws {
        let lookahead = Lookahead<Int>(count: 0) { { $0 } }
        #expect(try lookahead.next() == nil)
    }

    @Test func theReaderStaysWithinItsBound() throws {
        let tally = Tally()
        let capacity = 5
        let lookahead = Lookahead<Int>(count: 100, capacity: capacity) {
            { index in tally.read(); return index }
        }
        var taken = 0
        while let _ = try lookahead.next() {
            taken += 1
            // Give the reader time to run ahead as far as it can.
            if taken % 10 == 0 { Thread.sleep(forTimeInterval: 0.02) }
            // Read: at most what was taken, plus the queue, plus the one item being read.
            #expect(tally.reads <= taken + capacity + 1)
        }
        #expect(taken == 100)
        // Nobody consumes: the reader fills the queue and waits.
        let idle = Tally()
        let waiting = Lookahead<Int>(count: 100, capacity: capacity) { { index in idle.read(); return index } }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(idle.reads <= capacity + 1)
        waiting.stop()
    }

    @Test func anErrorComesOutWhereItHappened() throws {
        let lookahead = Lookahead<Int>(count: 50, capacity: 4) {
            { index in
                if index == 17 { throw Unreadable(index: index) }
                return index
            }
        }
        var seen: [Int] = []
        let error = #expect(throws: Unreadable.self) {
            while let item = try lookahead.next() { seen.append(item) }
        }
        #expect(error == Unreadable(index: 17))
        #expect(seen == Array(0..<17))
    }

    @Test func anErrorOpeningComesOutFirst() throws {
        let lookahead = Lookahead<Int>(count: 10) { throw Unreadable(index: -1) }
        #expect(throws: Unreadable(index: -1)) { try lookahead.next() }
    }

    @Test func stoppingEarlyEndsTheReader() throws {
        let tally = Tally()
        var lookahead: Lookahead<Int>? = Lookahead<Int>(count: 1_000_000, capacity: 8) {
            { index in tally.read(); return index }
        }
        #expect(try lookahead?.next() == 0)
        #expect(try lookahead?.next() == 1)
        lookahead = nil
        // The reader has returned: nothing more is read after the lookahead is gone.
        let after = tally.reads
        Thread.sleep(forTimeInterval: 0.05)
        #expect(tally.reads == after)
        #expect(after < 1_000_000)
        _ = lookahead
    }
}
