import Foundation
import QMTLAPI
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Synchronization
import Testing

/// The in-process WorldService on every store: worlds as immutable snapshots, datasets by
/// fingerprint, roles checked and recorded.
@Suite("WorldService: worlds and datasets", .timeLimit(.minutes(10)))
struct WorldServiceTests {
    static let admin = Caller(actor: "user:alice", role: .admin)

    static func service(_ store: SQLStore, _ caller: Caller = admin) -> QMTLService {
        let counter = Counter()
        return QMTLService(
            store: store, caller: caller, ids: { String(format: "00000000-0000-4000-8000-%012d", counter.next()) }, now: { 1_700_000_000 })
    }

    static func bars(_ n: Int, start: Int64 = 1_420_156_800, step: Int64 = 86_400) -> [Bar] {
        (0..<n).map { i in
            let p = 100 + Double(i % 13)
            return Bar(ts: start + Int64(i) * step, open: p, high: p + 1, low: p - 1, close: p + 0.5, volume: 10)
        }
    }

    @Test(arguments: Backend.all)
    func worldsAreImmutableSnapshotsWithAWorldRef(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: Self.bars(300))
            #expect(data.created && data.bars == 300)
            let dataset = WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint, paperStart: "2015-06-01")
            let spec = WorldSpec(name: "", marketConfig: MarketConfig(commissionBps: 10), dataset: dataset, labels: ["b", "a", "b"])
            let created = try await ws.createWorld(id: "eq", spec: spec)
            #expect(created.id == "world:eq" && created.spec.name == "eq" && created.state == .active)
            #expect(created.spec.labels == ["a", "b"])
            #expect(created.spec.dataset?.paperStart == "2015-06-01T00:00:00Z", "one spelling per instant")
            #expect(!created.spec.allowLive, "allow_live defaults to false")
            // The WorldRef is the BLAKE3 of the snapshot's JCS (R-ID-6): anyone can recompute it.
            let config = try JSONParser.parseValue(Array(try JSONEncoder().encode(created.spec)), fileName: "spec")
            #expect(created.worldRef == (try WorldRef(world: WorldID(parsing: "eq"), snapshot: config)).description)

            let same = try await ws.updateWorld("eq", patch: WorldPatch(addLabels: ["a"]))
            #expect(same.worldRef == created.worldRef, "an update that changes nothing keeps the ref")
            let cheaper = try await ws.updateWorld("eq", patch: WorldPatch(marketConfig: MarketConfig(commissionBps: 5), allowLive: true))
            #expect(cheaper.worldRef != created.worldRef && cheaper.spec.allowLive && cheaper.spec.marketConfig.commissionBps == 5)
            let back = try await ws.updateWorld("eq", patch: WorldPatch(marketConfig: MarketConfig(commissionBps: 10), allowLive: false))
            #expect(back.worldRef == created.worldRef, "the same content is the same snapshot")
            #expect(try await ws.listWorlds().map(\.id) == ["world:eq"])

            #expect(try await ws.setWorldState("eq", to: .suspended).state == .suspended)
            #expect(try await ws.setWorldState("world:eq", to: .active).state == .active)
            #expect(try await ws.setWorldState("eq", to: .archived).state == .archived)
            let final = await #expect(throws: QMTLError.self) { try await ws.setWorldState("eq", to: .active) }
            #expect(final?.code == .illegalTransition)
        }
    }

    @Test(arguments: Backend.all)
    func badWorldsAreRefusedWithTheirCodesAndNothingWritten(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: Self.bars(50))
            _ = try await ws.createWorld(id: "equities", spec: WorldSpec(name: "E"))
            let head = try await store.auditHead()
            let cases: [(String, WorldSpec, QMTLError.Code)] = [
                ("Bad Slug", WorldSpec(name: "x"), .badWorldID),
                ("equities", WorldSpec(name: "again"), .worldExists),
                ("w1", WorldSpec(name: "x", marketConfig: MarketConfig(commissionBps: -1)), .worldConfig),
                ("w2", WorldSpec(name: "x", resourcePolicy: "cpu"), .worldConfig),
                (
                    "w3",
                    WorldSpec(
                        name: "x", dataset: WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: "lake:" + BLAKE3.hash("no").description)),
                    .datasetNotFound
                ),
                ("w4", WorldSpec(name: "x", dataset: WorldDataset(symbol: "XYZ", interval: 86_400, fingerprint: data.fingerprint)), .datasetMismatch),
                (
                    "w5",
                    WorldSpec(name: "x", dataset: WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint, paperStart: "soon")),
                    .worldConfig
                ),
            ]
            for (id, spec, code) in cases {
                let error = await #expect(throws: QMTLError.self) { try await ws.createWorld(id: id, spec: spec) }
                #expect(error?.code == code, "\(id): \(error?.message ?? "")")
            }
            let missing = await #expect(throws: QMTLError.self) { try await ws.describeWorld("equitie") }
            #expect(missing?.code == .worldNotFound && missing?.message.contains("did you mean \"equities\"") == true)
            #expect(try await store.auditHead() == head, "no refused call wrote anything")
            #expect(try await ws.listWorlds().count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func rolesAreCheckedAndRecorded(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let store = h.store
            let viewer = try h.acting(as: Caller(actor: "user:vic", role: .viewer))
            let submitter = try h.acting(as: Caller(actor: "system:ci", role: .submitter))
            let op = try h.acting(as: Caller(actor: "user:olga", role: .operator))
            let start = try await store.auditHead()?.seq ?? 0
            let denied = await #expect(throws: QMTLError.self) { try await viewer.addDataset(symbol: "S", interval: 60, bars: Self.bars(3)) }
            // In process the service names its action, over HTTP the server its route: both the role and who.
            #expect(denied?.code == .forbidden && denied?.message.hasSuffix("needs the submitter role; user:vic acts as viewer") == true)
            let data = try await submitter.addDataset(symbol: "S", interval: 60, bars: Self.bars(3, step: 60))
            #expect((await #expect(throws: QMTLError.self) { try await op.createWorld(id: "w", spec: WorldSpec(name: "w")) })?.code == .forbidden)
            _ = try await h.api.createWorld(id: "w", spec: WorldSpec(name: "w"))
            #expect(try await viewer.listDatasets().map(\.fingerprint) == [data.fingerprint])
            #expect(try await viewer.describeWorld("w").id == "world:w")
            let log = try await store.auditLog(after: start, limit: 10)
            #expect(log.map(\.entry.actor) == ["system:ci", "user:alice"])
            #expect(log.map(\.entry.role) == ["submitter", "admin"])
            #expect(log.map(\.entry.action) == ["dataset.add", "world.create"])
            // The same log through the API, with the hashes that chain it; and its verdict.
            let listed = try await viewer.auditLog(after: start, limit: 10)
            #expect(listed.map(\.actor) == ["system:ci", "user:alice"] && listed.map(\.hash) == log.map(\.hash.description))
            #expect(listed.map(\.seq) == log.map(\.entry.seq) && listed.map(\.requestID) == log.map(\.entry.requestID))
            let verdict = try await viewer.verifyAudit()
            #expect(verdict.intact && verdict.entries == log.last?.entry.seq)
        }
    }

    @Test(arguments: Backend.all)
    func datasetsAreAddedOnceAndLoadBack(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            let bars = Self.bars(1_234, step: 60)
            let first = try await ws.addDataset(symbol: "MIN", interval: 60, bars: bars)
            let again = try await ws.addDataset(symbol: "MIN", interval: 60, bars: bars)
            #expect(first.created && !again.created && first.fingerprint == again.fingerprint)
            #expect(first.fingerprint == (try DatasetFingerprint(symbol: "MIN", interval: 60, bars: bars)).description)
            #expect(try await ws.datasetBars(first.fingerprint) == bars)
            #expect(try await ws.describeDataset(first.fingerprint).firstBar == "2015-01-02T00:00:00Z")
            let unsorted = await #expect(throws: QMTLError.self) { try await ws.addDataset(symbol: "X", interval: 60, bars: bars.reversed()) }
            #expect(unsorted?.code == .dataOrder)
            #expect((await #expect(throws: QMTLError.self) { try await ws.addDataset(symbol: "X", interval: 60, bars: []) })?.code == .dataEmpty)
            var impossible = bars
            impossible[7].high = impossible[7].low - 1
            #expect(
                (await #expect(throws: QMTLError.self) { try await ws.addDataset(symbol: "X", interval: 60, bars: impossible) })?.code == .dataValue)
            impossible[7] = bars[7]
            impossible[9].close = .nan
            #expect(
                (await #expect(throws: QMTLError.self) { try await ws.addDataset(symbol: "X", interval: 60, bars: impossible) })?.code == .dataValue)
            #expect((await #expect(throws: QMTLError.self) { try await ws.addDataset(symbol: "A B", interval: 60, bars: bars) })?.code == .paramType)
            let absent = await #expect(throws: QMTLError.self) { try await ws.describeDataset("lake:" + BLAKE3.hash("none").description) }
            #expect(absent?.code == .datasetNotFound)
        }
    }
}

/// Request ids 1, 2, 3 … for reproducible audit entries.
final class Counter: Sendable {
    private let value = Mutex<Int>(0)
    func next() -> Int {
        value.withLock {
            $0 += 1; return $0
        }
    }
}
