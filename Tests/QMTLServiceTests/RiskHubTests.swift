import Foundation
import QMTLAPI
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// The Risk Signal Hub (R-GOV-1): schema checks, the content hash, dedupe and conflicts,
/// data time apart from arrival time, and lookups — in process and over HTTP, on every store.
@Suite("WorldService: risk hub", .timeLimit(.minutes(10)))
struct RiskHubTests {
    static func snapshot(
        version: Int? = nil, asOf: String = "2021-06-30T00:00:00Z", weights: [String: Double] = ["s1": 0.25, "s2": 0.75],
        returns: [String: [Double]] = ["s1": [0.01, -0.005, 0.002]], ttl: Int? = nil, stage: String = "risk"
    ) -> RiskSnapshotRequest {
        RiskSnapshotRequest(
            version: version, asOf: asOf, ttlSeconds: ttl, weights: weights, realizedReturns: returns,
            stress: ["s1": ["covid_2020_pass": true]], provenance: RiskProvenance(actor: "user:somebody-else", stage: stage))
    }

    @Test(arguments: Backend.all)
    func snapshotsAreCheckedHashedDedupedAndFound(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let data = try await SubmitEvaluateTests.worlds(h.api)
            let operatorAPI = try h.acting(as: Caller(actor: "user:risk", role: .operator))
            let missing = await #expect(throws: QMTLError.self) { _ = try await h.api.latestRiskSnapshot(world: "a") }
            #expect(missing?.code == .riskSnapshotNotFound)

            let first = try await operatorAPI.pushRiskSnapshot(world: "a", snapshot: Self.snapshot())
            #expect(first.version == 1 && first.created == true)
            // The caller is the actor, whatever the body says; arrival is wall time, as_of data time.
            #expect(first.provenance == RiskProvenance(actor: "user:risk", stage: "risk"))
            #expect(first.producedAt == UTCTimestamp.format(1_700_000_000) && first.asOf == "2021-06-30T00:00:00Z")
            #expect(first.datasetFingerprint == data.fingerprint && first.ttlSeconds == RiskSnapshotLimits.defaultTTL)
            // The hash is BLAKE3 of the JCS of the stored body without its arrival time.
            let stored = try #require(try await h.store.latestRiskSnapshot(try WorldID(parsing: "a")))
            var body = try #require(stored.body.objectValue)
            #expect(body["produced_at_ms"] != nil)
            body["produced_at_ms"] = nil
            #expect(first.hash == BLAKE3.hash(try JCS.bytes(.object(body))).description)

            // The same version and content again: the stored one; other content: a conflict.
            let again = try await operatorAPI.pushRiskSnapshot(world: "a", snapshot: Self.snapshot(version: 1))
            #expect(again.created == false && again.hash == first.hash && again.producedAt == first.producedAt)
            let conflict = await #expect(throws: QMTLError.self) {
                _ = try await operatorAPI.pushRiskSnapshot(world: "a", snapshot: Self.snapshot(version: 1, weights: ["s1": 1]))
            }
            #expect(conflict?.code == .riskSnapshotConflict)
            let second = try await operatorAPI.pushRiskSnapshot(world: "a", snapshot: Self.snapshot(asOf: "2021-07-30T00:00:00Z", weights: ["s1": 1]))
            #expect(second.version == 2)
            #expect(
                try await h.api.latestRiskSnapshot(world: "a")
                    == {
                        var s = second; s.created = nil; return s
                    }())
            #expect(try await h.api.riskSnapshots(world: "a", version: nil, asOf: "2021-07-01T00:00:00Z", limit: nil).map(\.version) == [1])
            #expect(try await h.api.riskSnapshots(world: "a", version: 2, asOf: nil, limit: nil).map(\.hash) == [second.hash])
            #expect(try await h.api.riskSnapshots(world: "a", version: nil, asOf: nil, limit: nil).map(\.version) == [2, 1])
            #expect(try await h.api.riskSnapshots(world: "b", version: nil, asOf: nil, limit: nil).isEmpty, "worlds keep their own")
            let noVersion = await #expect(throws: QMTLError.self) { _ = try await h.api.riskSnapshots(world: "a", version: 7, asOf: nil, limit: nil) }
            #expect(noVersion?.code == .riskSnapshotNotFound)

            // Bad snapshots are refused with the reason, and nothing is written.
            let head = try await h.api.auditLog(after: 0, limit: 10_000).count
            let bad: [(RiskSnapshotRequest, String)] = [
                (Self.snapshot(weights: ["s1": 0.5, "s2": 0.4]), "sum to 0.9"),
                (Self.snapshot(weights: [:]), "weights is empty"),
                (Self.snapshot(ttl: 0), "ttl_sec"),
                (Self.snapshot(ttl: 86_401), "ttl_sec"),
                (Self.snapshot(version: -1), "version"),
                (Self.snapshot(stage: "vibes"), "provenance.stage"),
                (Self.snapshot(asOf: "yesterday"), "as_of"),
                (Self.snapshot(returns: ["s1": Array(repeating: 0.001, count: RiskSnapshotLimits.maxPointsPerSeries + 1)]), "at most 200000"),
            ]
            for (request, words) in bad {
                let error = await #expect(throws: QMTLError.self) { _ = try await operatorAPI.pushRiskSnapshot(world: "a", snapshot: request) }
                #expect(error?.code == .riskSnapshotFormat && error?.message.contains(words) == true, "\(error?.message ?? "")")
            }
            #expect(try await h.api.auditLog(after: 0, limit: 10_000).count == head)
            // A viewer reads but may not push.
            let viewer = try h.acting(as: Caller(actor: "user:vic", role: .viewer))
            #expect(try await viewer.latestRiskSnapshot(world: "a").version == 2)
            let forbidden = await #expect(throws: QMTLError.self) { _ = try await viewer.pushRiskSnapshot(world: "a", snapshot: Self.snapshot()) }
            #expect(forbidden?.code == .forbidden)
        }
    }
}
