import Synchronization

/// A generation counter that moves whenever the store's committed state may have changed:
/// after every write transaction of this process at once, and — while
/// `watchChanges()` runs — after other processes' commits too.
///
/// Readers that keep answers in memory (the server's response and token caches) note the
/// generation before they compute an answer and trust it only while the generation is the same.
/// A spurious move only costs a recomputation; a commit never goes unseen by this process.
public final class StoreChanges: Sendable {
    private let counter = Mutex<UInt64>(0)

    /// A counter at generation 0.
    public init() {}

    /// The current generation.
    public var generation: UInt64 { counter.withLock { $0 } }

    /// Something may have changed.
    public func bump() { counter.withLock { $0 &+= 1 } }
}
