import QMTLCore

/// A world with its current immutable configuration snapshot (R-ID-6).
public struct WorldRecord: Sendable, Hashable {
    /// The stable id `world:<slug>`.
    public var id: WorldID
    /// The configuration (name, market_config, dataset, resource_policy, risk_limits,
    /// allow_live, labels …) of the current snapshot.
    public var config: JSONValue
    /// `world:<slug>@blake3:<hash of the snapshot>`.
    public var ref: WorldRef
    /// Active, suspended or archived.
    public var state: WorldState
    /// 0 until a policy is published.
    public var policyVersion: Int
    /// When the world was created, epoch milliseconds.
    public var createdAtMillis: Int64
    /// When its snapshot or state last changed, epoch milliseconds.
    public var updatedAtMillis: Int64
}

/// One published version of a world's policy (R-POL-3, R-POL-5).
public struct PolicyRecord: Sendable, Hashable {
    /// The world the policy governs.
    public var world: WorldID
    /// 1, 2, 3 … per world.
    public var version: Int
    /// `policy:blake3:…` of the expanded policy (R-POL-5).
    public var contractID: ContractID
    /// The policy as published (presets and defaults expanded).
    public var policy: JSONValue
    /// When it was published, epoch milliseconds.
    public var createdAtMillis: Int64
}
