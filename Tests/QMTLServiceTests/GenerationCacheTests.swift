import QMTLCore
import Synchronization
import Testing

@testable import QMTLServer

/// The server's read cache on its own: generations, expiry, shared computations, the bound.
@Suite("Generation cache")
struct GenerationCacheTests {
    final class Count: Sendable {
        let value = Mutex(0)
        func next() -> Int {
            value.withLock {
                $0 += 1; return $0
            }
        }
        var current: Int { value.withLock { $0 } }
    }

    @Test func concurrentMissesShareOneComputation() async throws {
        let cache = GenerationCache<String, Int>(capacity: 10)
        let computations = Count()
        let sources = try await withThrowingTaskGroup(of: GenerationCache<String, Int>.Source.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    let (value, source) = try await cache.value(for: "k", generation: 1) {
                        let n = computations.next()
                        try await Task.sleep(for: .milliseconds(100))
                        return (n * 10, .seconds(60))
                    }
                    #expect(value == 10)
                    return source
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(computations.current == 1)
        #expect(sources.filter { if case .miss = $0 { true } else { false } }.count == 1)
        #expect(sources.count == 16)
        let (again, source) = try await cache.value(for: "k", generation: 1) { (computations.next(), .seconds(60)) }
        #expect(again == 10 && computations.current == 1)
        guard case .hit = source else { Issue.record("expected a hit, got \(source)"); return }
    }

    @Test func anotherGenerationAnExpiryOrANoKeepComputesAgain() async throws {
        let cache = GenerationCache<String, Int>(capacity: 10)
        let computations = Count()
        @Sendable func compute(_ keep: Duration) -> @Sendable () async throws -> (value: Int, keepFor: Duration) {
            { (computations.next(), keep) }
        }
        #expect(try await cache.value(for: "k", generation: 1, compute: compute(.seconds(60))).0 == 1)
        #expect(try await cache.value(for: "k", generation: 1, compute: compute(.seconds(60))).0 == 1)
        #expect(try await cache.value(for: "k", generation: 2, compute: compute(.milliseconds(50))).0 == 2, "the store changed")
        try await Task.sleep(for: .milliseconds(80))
        #expect(try await cache.value(for: "k", generation: 2, compute: compute(.zero)).0 == 3, "expired")
        #expect(try await cache.value(for: "k", generation: 2, compute: compute(.zero)).0 == 4, "a value not to keep is not kept")
        #expect(cache.count == 1)
    }

    @Test func aSlowComputationOfAnOlderGenerationDoesNotReplaceANewerAnswer() async throws {
        let cache = GenerationCache<String, Int>(capacity: 10)
        let slow = Task {
            try await cache.value(for: "k", generation: 1) {
                try await Task.sleep(for: .milliseconds(150))
                return (1, .seconds(60))
            }
        }
        try await Task.sleep(for: .milliseconds(30))
        #expect(try await cache.value(for: "k", generation: 2) { (2, .seconds(60)) }.0 == 2)
        #expect(try await slow.value.0 == 1)
        let (value, source) = try await cache.value(for: "k", generation: 2) { (3, .seconds(60)) }
        #expect(value == 2)
        guard case .hit = source else { Issue.record("the newer answer was replaced: \(source)"); return }
    }

    @Test func aFailedComputationIsSharedButNotKept() async throws {
        let cache = GenerationCache<String, Int>(capacity: 10)
        await #expect(throws: QMTLError.self) {
            _ = try await cache.value(for: "k", generation: 1) { throw QMTLError(.worldNotFound, "no world") }
        }
        #expect(try await cache.value(for: "k", generation: 1) { (7, .seconds(1)) }.0 == 7, "the failure left no flight behind")
    }

    @Test func aFullCacheStartsOver() {
        let cache = GenerationCache<Int, Int>(capacity: 3)
        for i in 0..<3 { cache.insert(i, for: i, generation: 1, expires: .now + .seconds(60)) }
        #expect(cache.count == 3)
        cache.insert(0, for: 0, generation: 1, expires: .now + .seconds(60))
        #expect(cache.count == 3, "replacing a key does not need room")
        cache.insert(9, for: 9, generation: 1, expires: .now + .seconds(60))
        #expect(cache.count == 1 && cache.value(for: 9, generation: 1, now: .now) == 9 && cache.value(for: 0, generation: 1, now: .now) == nil)
    }
}
