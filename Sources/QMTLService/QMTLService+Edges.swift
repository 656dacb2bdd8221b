import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func setEdgeOverride(_ o: EdgeOverrideInfo) async throws -> EdgeOverrideInfo {
        let ctx = try authorize("edge.override", needs: .operator)
        let w = try await requireWorld(o.world)
        guard let reason = EdgeOverride.Reason(rawValue: o.reason) else {
            throw QMTLError(
                .worldConfig,
                "edge override reason \(o.reason) is unknown; one of "
                    + EdgeOverride.Reason.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let record = EdgeOverride(world: w.id, src: try NodeID(parsing: o.src), dst: try NodeID(parsing: o.dst), active: o.active, reason: reason)
        try await store.setEdgeOverride(record, audit: ctx)
        return Self.info(record)
    }

    public func edgeOverrides(world: String) async throws -> [EdgeOverrideInfo] {
        _ = try authorize("edge.list", needs: .viewer)
        return try await store.edgeOverrides(try await requireWorld(world).id).map(Self.info)
    }

    static func info(_ o: EdgeOverride) -> EdgeOverrideInfo {
        EdgeOverrideInfo(world: o.world.description, src: o.src.description, dst: o.dst.description, active: o.active, reason: o.reason.rawValue)
    }
}
