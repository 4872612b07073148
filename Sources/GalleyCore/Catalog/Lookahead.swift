import Foundation

/// Reads items ahead of the one who consumes them, on a second thread, through a bounded queue:
/// during a reindex git is read (commits inflated, story files looked up) on one core while the
/// indexer parses and writes SQLite on the other.
///
/// `open` runs on the reading thread and returns the function that reads item `index`; it is where
/// the reader opens its own libgit2 repository, since a `git_repository` must not be used by two
/// threads at once. Items come out in order. When reading an item fails, the items before it come
/// out first and then `next()` throws that error, exactly where a serial loop would have. At most
/// `capacity` items wait in the queue, so a fast reader never holds the whole history in memory.
/// Stopping early (dropping the lookahead, or `stop()`) ends the reader before it returns.
final class Lookahead<Element: Sendable> {
    private let channel: Channel
    private var stopped = false

    init(count: Int, capacity: Int = 64, open: @escaping @Sendable () throws -> (Int) throws -> Element) {
        precondition(capacity > 0)
        let channel = Channel(capacity: capacity)
        self.channel = channel
        let thread = Thread {
            channel.run(count: count, open: open)
        }
        thread.name = "galley-lookahead"
        thread.start()
    }

    deinit {
        stop()
    }

    /// The next item, or nil after the last one. Throws the reader's error in its place.
    func next() throws -> Element? {
        try channel.take()
    }

    /// Tells the reader to stop and waits until it has (and has closed its repository).
    func stop() {
        guard !stopped else { return }
        stopped = true
        channel.stop()
    }

    /// The queue and its condition, shared by the reader and the consumer.
    private final class Channel: @unchecked Sendable {
        private let condition = NSCondition()
        private let capacity: Int
        private var queue: [Element] = []
        private var head = 0
        private var finished = false
        private var cancelled = false
        private var exited = false
        private var failure: (any Error)?
        /// Who is asleep on the condition, so each side wakes the other only when it must: a
        /// wake-up per item cost more (in system time) than the reading it overlapped.
        private var readerWaiting = false
        private var consumerWaiting = false

        init(capacity: Int) {
            self.capacity = capacity
        }

        func run(count: Int, open: () throws -> (Int) throws -> Element) {
            defer {
                condition.lock()
                finished = true
                exited = true
                condition.broadcast()
                condition.unlock()
            }
            do {
                let read = try open()
                for index in 0..<count {
                    condition.lock()
                    if queue.count - head >= capacity {
                        // Full: sleep until the consumer has taken half, not until it takes one.
                        readerWaiting = true
                        while queue.count - head > capacity / 2 && !cancelled { condition.wait() }
                        readerWaiting = false
                    }
                    let stop = cancelled
                    condition.unlock()
                    if stop { return }
                    let item = try read(index)
                    condition.lock()
                    if head > capacity {
                        queue.removeFirst(head)
                        head = 0
                    }
                    queue.append(item)
                    if consumerWaiting { condition.broadcast() }
                    condition.unlock()
                }
            } catch {
                condition.lock()
                failure = error
                condition.unlock()
            }
        }

        func take() throws -> Element? {
            condition.lock()
            defer { condition.unlock() }
            while head == queue.count && !finished {
                consumerWaiting = true
                condition.wait()
            }
            consumerWaiting = false
            if head < queue.count {
                let item = queue[head]
                head += 1
                if readerWaiting && queue.count - head <= capacity / 2 { condition.broadcast() }
                return item
            }
            if let failure {
                self.failure = nil
                throw failure
            }
            return nil
        }

        func stop() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            while !exited { condition.wait() }
            queue.removeAll()
            head = 0
            condition.unlock()
        }
    }
}
