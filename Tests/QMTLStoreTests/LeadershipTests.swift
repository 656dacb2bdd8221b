import Foundation
import QMTLCore
import QMTLTestSupport
import Synchronization
import Testing

@testable import QMTLStore

/// One leader per name among every process on a store (a world's campaign loop): while one
/// leads, others are told no at once; the leadership ends with the body, even when it throws.
@Suite("Store leadership")
struct LeadershipTests {
    @Test(arguments: StoreKind.available.filter { $0 != .sqliteMemory })
    func oneLeaderPerNameAcrossStores(_ kind: StoreKind) async throws {
        try await StoreChangesTests.withTwoStores(kind) { a, b in
            let (entered, release) = AsyncStream<Void>.makeStream()
            let (proceed, go) = AsyncStream<Void>.makeStream()
            let leader = Task {
                try await a.withLeadership("world:a") {
                    release.yield()
                    for await _ in proceed { break }  // hold until told
                    return "a led"
                }
            }
            for await _ in entered { break }
            let refused = try await b.withLeadership("world:a") { "b led" }
            #expect(refused == nil, "a leads world:a")
            let again = try await a.withLeadership("world:a") { "a again" }
            #expect(again == nil, "a second loop in a's own process is refused too")
            let other = try await b.withLeadership("world:b") { "b led world:b" }
            #expect(other == "b led world:b", "names are independent")
            go.yield()
            #expect(try await leader.value == "a led")
            let after = try await b.withLeadership("world:a") { "b led" }
            #expect(after == "b led", "free once a's body ended")

            struct Boom: Error {}
            await #expect(throws: Boom.self) { _ = try await a.withLeadership("world:a") { () async throws -> Int in throw Boom() } }
            let taken = try await b.withLeadership("world:a") { 1 }
            #expect(taken == 1, "a failing body gives the leadership up")
        }
    }

    @Test func anInMemoryStoreHasOneLeaderPerNameToo() async throws {
        try await withStore(.sqliteMemory) { store in
            let inner = try await store.withLeadership("x") { try await store.withLeadership("x") { 1 } }
            #expect(inner == .some(nil))
            let later = try await store.withLeadership("x") { 2 }
            #expect(later == 2)
        }
    }
}
