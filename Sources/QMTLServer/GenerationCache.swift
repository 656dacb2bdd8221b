import Synchronization

/// Values computed from the store, kept in memory while the store's change generation
/// (``QMTLStore/StoreChanges``) is the one they were computed at, and at most until their
/// expiry (time-based changes such as a decision's TTL, and a bound on staleness should a
/// change notification be lost).
///
/// The caller reads the generation *before* computing a value and stores the value under it:
/// a commit that lands while the value is computed moves the generation, so the value is never
/// served. Bounded: when full, it starts over empty.
final class GenerationCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let generation: UInt64
        let expires: ContinuousClock.Instant
        let value: Value
    }

    private let entries = Mutex<[Key: Entry]>([:])
    /// The most entries kept.
    let capacity: Int

    /// An empty cache of at most `capacity` entries.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value stored for `key` at `generation`, unless it expired by `now`.
    func value(for key: Key, generation: UInt64, now: ContinuousClock.Instant) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.generation == generation, now < entry.expires else { return nil }
            return entry.value
        }
    }

    /// Stores `value`, computed from the store at `generation`, until `expires`.
    func insert(_ value: Value, for key: Key, generation: UInt64, expires: ContinuousClock.Instant) {
        entries.withLock { entries in
            if entries.count >= capacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(generation: generation, expires: expires, value: value)
        }
    }

    /// The number of entries (tests).
    var count: Int { entries.withLock { $0.count } }
}
