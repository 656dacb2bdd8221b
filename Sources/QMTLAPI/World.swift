import QMTLCore

/// A world's market settings (SPEC §4): costs and lots every run in the world uses.
public struct MarketConfig: Sendable, Hashable, Codable {
    /// Time zone of the market's calendar (informational; bars are UTC).
    public var tz: String
    /// Shares are rounded down to this lot; 0 means fractional.
    public var lot: Double
    /// Commission per side, basis points.
    public var commissionBps: Double
    /// Slippage per side, basis points.
    public var slippageBps: Double

    /// Market settings; the defaults trade without costs, fractionally.
    public init(tz: String = "UTC", lot: Double = 0, commissionBps: Double = 0, slippageBps: Double = 0) {
        self.tz = tz
        self.lot = lot
        self.commissionBps = commissionBps
        self.slippageBps = slippageBps
    }

    enum CodingKeys: String, CodingKey {
        case tz, lot
        case commissionBps = "commission_bps"
        case slippageBps = "slippage_bps"
    }
}

/// The data a world's strategies run on (SPEC §4): a registered dataset and where paper starts.
public struct WorldDataset: Sendable, Hashable, Codable {
    /// The instrument.
    public var symbol: String
    /// Seconds between bars.
    public var interval: Int
    /// The dataset's fingerprint, `lake:blake3:…` (it must be registered in the store).
    public var fingerprint: String
    /// Where the paper stage starts, ISO-8601 UTC; nil: the last bar minus twice the paper window.
    public var paperStart: String?

    /// A dataset reference.
    public init(symbol: String, interval: Int, fingerprint: String, paperStart: String? = nil) {
        self.symbol = symbol
        self.interval = interval
        self.fingerprint = fingerprint
        self.paperStart = paperStart
    }

    enum CodingKeys: String, CodingKey {
        case symbol, interval, fingerprint
        case paperStart = "paper_start"
    }
}

/// What a world is configured as: the content of one immutable snapshot (R-ID-6). Every change
/// makes a new snapshot and a new WorldRef.
public struct WorldSpec: Sendable, Hashable, Codable {
    /// A human name (default: the slug).
    public var name: String
    /// What the world is for.
    public var description: String
    /// Costs and lots.
    public var marketConfig: MarketConfig
    /// The data its strategies run on, once set.
    public var dataset: WorldDataset?
    /// Resources runs may use (an object; part of every EvalKey, R-ID-7).
    public var resourcePolicy: JSONValue
    /// Risk limits (an object).
    public var riskLimits: JSONValue
    /// Whether anything may go live here; false blocks every live promotion.
    public var allowLive: Bool
    /// Free labels, sorted, without repeats.
    public var labels: [String]

    /// A world's configuration.
    public init(
        name: String, description: String = "", marketConfig: MarketConfig = MarketConfig(), dataset: WorldDataset? = nil,
        resourcePolicy: JSONValue = [:], riskLimits: JSONValue = [:], allowLive: Bool = false, labels: [String] = []
    ) {
        self.name = name
        self.description = description
        self.marketConfig = marketConfig
        self.dataset = dataset
        self.resourcePolicy = resourcePolicy
        self.riskLimits = riskLimits
        self.allowLive = allowLive
        self.labels = Array(Set(labels)).sorted()
    }

    enum CodingKeys: String, CodingKey {
        case name, description, dataset, labels
        case marketConfig = "market_config"
        case resourcePolicy = "resource_policy"
        case riskLimits = "risk_limits"
        case allowLive = "allow_live"
    }
}

/// A world as the WorldService shows it: id, current snapshot and its WorldRef, state.
public struct World: Sendable, Hashable, Codable {
    /// `world:<slug>`.
    public var id: String
    /// `world:<slug>@blake3:…` of the current snapshot.
    public var worldRef: String
    /// Active, suspended or archived.
    public var state: WorldState
    /// The current configuration.
    public var spec: WorldSpec
    /// The default policy version (0: none published).
    public var policyVersion: Int
    /// When the world was created, ISO-8601 UTC.
    public var createdAt: String
    /// When it last changed, ISO-8601 UTC.
    public var updatedAt: String

    /// A world.
    public init(id: String, worldRef: String, state: WorldState, spec: WorldSpec, policyVersion: Int, createdAt: String, updatedAt: String) {
        self.id = id
        self.worldRef = worldRef
        self.state = state
        self.spec = spec
        self.policyVersion = policyVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, state, spec
        case worldRef = "world_ref"
        case policyVersion = "policy_version"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A change to a world's configuration: every field left nil stays as it is.
public struct WorldPatch: Sendable, Hashable, Codable {
    /// A new name.
    public var name: String?
    /// A new description.
    public var description: String?
    /// New market settings.
    public var marketConfig: MarketConfig?
    /// A new dataset.
    public var dataset: WorldDataset?
    /// A new resource policy (an object).
    public var resourcePolicy: JSONValue?
    /// New risk limits (an object).
    public var riskLimits: JSONValue?
    /// Allow or forbid live promotion.
    public var allowLive: Bool?
    /// Labels to add.
    public var addLabels: [String]
    /// Labels to remove.
    public var removeLabels: [String]

    /// A patch; the defaults change nothing.
    public init(
        name: String? = nil, description: String? = nil, marketConfig: MarketConfig? = nil, dataset: WorldDataset? = nil,
        resourcePolicy: JSONValue? = nil, riskLimits: JSONValue? = nil, allowLive: Bool? = nil, addLabels: [String] = [],
        removeLabels: [String] = []
    ) {
        self.name = name
        self.description = description
        self.marketConfig = marketConfig
        self.dataset = dataset
        self.resourcePolicy = resourcePolicy
        self.riskLimits = riskLimits
        self.allowLive = allowLive
        self.addLabels = addLabels
        self.removeLabels = removeLabels
    }

    /// `spec` with this patch applied.
    public func applied(to spec: WorldSpec) -> WorldSpec {
        var s = spec
        if let name { s.name = name }
        if let description { s.description = description }
        if let marketConfig { s.marketConfig = marketConfig }
        if let dataset { s.dataset = dataset }
        if let resourcePolicy { s.resourcePolicy = resourcePolicy }
        if let riskLimits { s.riskLimits = riskLimits }
        if let allowLive { s.allowLive = allowLive }
        s.labels = Array(Set(s.labels).union(addLabels).subtracting(removeLabels)).sorted()
        return s
    }

    enum CodingKeys: String, CodingKey {
        case name, description, dataset
        case marketConfig = "market_config"
        case resourcePolicy = "resource_policy"
        case riskLimits = "risk_limits"
        case allowLive = "allow_live"
        case addLabels = "add_labels"
        case removeLabels = "remove_labels"
    }
}

/// A published policy version of a world (R-POL-3, R-POL-5).
public struct PolicyInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// 1, 2, 3 …
    public var version: Int
    /// `policy:blake3:…` of the expanded policy.
    public var contractID: String
    /// When it was published, ISO-8601 UTC.
    public var publishedAt: String
    /// Whether it is the version the world evaluates with.
    public var isDefault: Bool

    /// A policy version.
    public init(world: String, version: Int, contractID: String, publishedAt: String, isDefault: Bool = true) {
        self.world = world
        self.version = version
        self.contractID = contractID
        self.publishedAt = publishedAt
        self.isDefault = isDefault
    }

    enum CodingKeys: String, CodingKey {
        case world, version
        case isDefault = "default"
        case contractID = "contract_id"
        case publishedAt = "published_at"
    }
}

/// What a draft policy would change in a world, on its evaluated runs (R-POL-3).
public struct PolicyWhatIfInfo: Sendable, Hashable, Codable {
    /// A strategy whose selection would change, and the rule that decided.
    public struct Change: Sendable, Hashable, Codable {
        /// The strategy.
        public var strategyID: String
        /// The deciding rule (`top_k` when only ranked below the cut).
        public var rule: String
        /// Its reason code.
        public var reasonCode: String
        /// The verdict in one sentence (R-POL-4).
        public var explanation: String

        /// A change.
        public init(strategyID: String, rule: String, reasonCode: String, explanation: String) {
            self.strategyID = strategyID
            self.rule = rule
            self.reasonCode = reasonCode
            self.explanation = explanation
        }

        enum CodingKeys: String, CodingKey {
            case rule, explanation
            case strategyID = "strategy_id"
            case reasonCode = "reason_code"
        }
    }

    /// The world.
    public var world: String
    /// Selected under the draft only.
    public var entering: [Change]
    /// Selected under the current policy only.
    public var leaving: [Change]
    /// Selected under both.
    public var staying: [String]
    /// The current policy's contract.
    public var currentContract: String
    /// The draft's contract.
    public var draftContract: String

    /// A what-if.
    public init(world: String, entering: [Change], leaving: [Change], staying: [String], currentContract: String, draftContract: String) {
        self.world = world
        self.entering = entering
        self.leaving = leaving
        self.staying = staying
        self.currentContract = currentContract
        self.draftContract = draftContract
    }

    enum CodingKeys: String, CodingKey {
        case world, entering, leaving, staying
        case currentContract = "current_contract"
        case draftContract = "draft_contract"
    }
}
