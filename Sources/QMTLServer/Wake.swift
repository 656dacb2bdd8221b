import Synchronization

/// A change counter: writers bump it, long-lived readers (the SSE streams) look at it cheaply and
/// go to the store only when it moved — or after their fallback interval, for changes made by
/// processes that cannot notify (another process on the same SQLite file).
final class Wake: Sendable {
    private let generation = Mutex<UInt64>(0)
    private let stopped = Mutex(false)

    /// The server is shutting down: waiting streams return at once and end.
    func stop() {
        stopped.withLock { $0 = true }
        bump()
    }

    /// Whether ``stop()`` was called.
    var isStopped: Bool { stopped.withLock { $0 } }

    /// Something changed.
    func bump() { generation.withLock { $0 &+= 1 } }

    /// The current generation.
    var current: UInt64 { generation.withLock { $0 } }

    /// Waits until the generation differs from `seen` or `fallback` passed, checking every
    /// `tick`; returns the generation then.
    func wait(after seen: UInt64, fallback: Duration, tick: Duration = .milliseconds(25)) async throws -> UInt64 {
        var waited: Duration = .zero
        while current == seen && waited < fallback && !isStopped {
            try await Task.sleep(for: tick)
            waited += tick
        }
        return current
    }
}
