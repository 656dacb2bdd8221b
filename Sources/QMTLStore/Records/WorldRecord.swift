import QMTLCore

/// Lifecycle of a world (SPEC §4).
public enum WorldState: String, Sendable, Codable, CaseIterable {
    case active = "ACTIVE"
    case suspended = "SUSPENDED"
    case archived = "ARCHIVED"
}

/// A world with its current immutable configuration snapshot (R-ID-6).
public struct WorldRecord: Sendable, Hashable {
    public var id: WorldID
    /// The configuration (name, market_config, dataset, resource_policy, risk_limits,
    /// allow_live, labels …) of the current snapshot.
    public var config: JSONValue
    /// `world:<slug>@blake3:<hash of the snapshot>`.
    public var ref: WorldRef
    public var state: WorldState
    /// 0 until a policy is published.
    public var policyVersion: Int
    public var createdAtMillis: Int64
    public var updatedAtMillis: Int64
}

/// One published version of a world's policy (R-POL-3, R-POL-5).
public struct PolicyRecord: Sendable, Hashable {
    public var world: WorldID
    public var version: Int
    public var contractID: ContractID
    public var policy: JSONValue
    public var createdAtMillis: Int64
}
