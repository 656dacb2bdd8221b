import Synchronization

/// Values computed from the store, kept in memory while the store's change generation
/// (``QMTLStore/StoreChanges``) is the one they were computed at, and at most until their
/// expiry (time-based changes such as a decision's TTL, and a bound on staleness should a
/// change notification be lost).
///
/// The generation is read *before* a value is computed and the value is kept under it: a commit
/// that lands while the value is computed moves the generation, so the value is never served.
/// Concurrent misses of one key at one generation share one computation. Bounded: when full,
/// it starts over empty.
final class GenerationCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let generation: UInt64
        let expires: ContinuousClock.Instant
        let value: Value
    }

    private struct Flight: Sendable {
        let generation: UInt64
        let task: Task<(value: Value, keepFor: Duration), any Error>
    }

    private struct State: Sendable {
        var entries: [Key: Entry] = [:]
        var flights: [Key: Flight] = [:]
    }

    /// How a value was found.
    enum Source: Sendable {
        /// In memory.
        case hit
        /// Computed by another request at the same time, and shared.
        case joined
        /// Computed for this request.
        case miss
    }

    private enum Step {
        case found(Value)
        case join(Task<(value: Value, keepFor: Duration), any Error>)
        case lead(Task<(value: Value, keepFor: Duration), any Error>)
    }

    private let state = Mutex(State())
    /// The most entries kept.
    let capacity: Int

    /// An empty cache of at most `capacity` entries.
    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value stored for `key` at `generation`, unless it expired by `now`.
    func value(for key: Key, generation: UInt64, now: ContinuousClock.Instant) -> Value? {
        state.withLock { state in
            guard let entry = state.entries[key], entry.generation == generation, now < entry.expires else { return nil }
            return entry.value
        }
    }

    /// Stores `value`, computed from the store at `generation`, until `expires`.
    func insert(_ value: Value, for key: Key, generation: UInt64, expires: ContinuousClock.Instant) {
        state.withLock { put(&$0, value, for: key, generation: generation, expires: expires) }
    }

    private func put(_ state: inout State, _ value: Value, for key: Key, generation: UInt64, expires: ContinuousClock.Instant) {
        if state.entries.count >= capacity && state.entries[key] == nil { state.entries.removeAll(keepingCapacity: true) }
        state.entries[key] = Entry(generation: generation, expires: expires, value: value)
    }

    /// The value for `key` at `generation`: from memory, from a computation already under way,
    /// or from `compute`, which says how long its value may be kept (`.zero`: not at all).
    func value(
        for key: Key, generation: UInt64, compute: @escaping @Sendable () async throws -> (value: Value, keepFor: Duration)
    ) async throws -> (Value, Source) {
        let now = ContinuousClock.now
        let step = state.withLock { state -> Step in
            if let entry = state.entries[key], entry.generation == generation, now < entry.expires { return .found(entry.value) }
            if let flight = state.flights[key], flight.generation == generation { return .join(flight.task) }
            let task = Task { try await compute() }
            state.flights[key] = Flight(generation: generation, task: task)
            return .lead(task)
        }
        switch step {
        case .found(let value):
            return (value, .hit)
        case .join(let task):
            return (try await task.value.value, .joined)
        case .lead(let task):
            let result = await task.result
            let done = ContinuousClock.now
            state.withLock { state in
                // The entry lands before the flight leaves: no request in between computes again.
                // A slow computation never replaces an answer of a newer generation.
                if case .success(let computed) = result, computed.keepFor > .zero, (state.entries[key]?.generation ?? 0) <= generation {
                    put(&state, computed.value, for: key, generation: generation, expires: done + computed.keepFor)
                }
                if state.flights[key]?.generation == generation { state.flights[key] = nil }
            }
            return (try result.get().value, .miss)
        }
    }

    /// The number of entries (tests).
    var count: Int { state.withLock { $0.entries.count } }
}
