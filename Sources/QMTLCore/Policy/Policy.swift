/// A world policy (SPEC §8, R-POL-1): selection, campaign windows, validation, governance
/// and risk hub rules, every field typed. Parse one with ``PolicyParser``; equivalent
/// policies written differently have the same ``contractID`` (R-POL-5).
public struct Policy: Sendable, Equatable {
    /// `metric ≥ min` and/or `metric ≤ max` (inclusive).
    public struct Bound: Sendable, Equatable {
        /// The metric compared.
        public var metric: MetricName
        /// The lowest passing value, if any.
        public var min: Double?
        /// The highest passing value, if any.
        public var max: Double?
    }

    /// A gate: a bound, or `and` / `or` / `not` of gates.
    public indirect enum Gate: Sendable, Equatable {
        case bound(Bound)
        case all([Gate])
        case any([Gate])
        case not(Gate)
    }

    /// Rank the eligible by `metric`, descending (ties by strategy id), and select `k`.
    public struct TopK: Sendable, Equatable {
        /// The ranking metric.
        public var metric: MetricName
        /// How many to select.
        public var k: Int
    }

    /// The greedy de-correlation walk over the ranking (R-POL-2 step 4).
    public struct Correlation: Sendable, Equatable {
        /// |corr| above this drops the later candidate (equal is kept).
        public var max: Double
        /// Overlapping daily returns needed, else the pair is `insufficient_evidence`.
        public var minOverlap: Int
    }

    /// Admission with hysteresis: newcomers need `enter`, incumbents stay while ≥ `exit` or
    /// inside `minDwellSeconds` of entering.
    public struct Hysteresis: Sendable, Equatable {
        /// The metric compared.
        public var metric: MetricName
        /// What a newcomer needs.
        public var enter: Double
        /// What an incumbent needs to stay (≤ `enter`).
        public var exit: Double
        /// Seconds after entering during which an incumbent stays whatever its metric.
        public var minDwellSeconds: Int
    }

    /// Who is eligible and who is selected (R-POL-2).
    public struct Selection: Sendable, Equatable {
        /// Named bounds, by name.
        public var thresholds: [String: Bound] = [:]
        /// A tree of bounds with three-valued `and`/`or`/`not`.
        public var gates: Gate?
        /// Ranking and cut.
        public var topK: TopK?
        /// De-correlation of the ranking.
        public var correlation: Correlation?
        /// Admission with hysteresis.
        public var hysteresis: Hysteresis?
    }

    /// How fresh and how long a candidate's data must be.
    public struct DataCurrency: Sendable, Equatable {
        /// The last bar may be at most this old at evaluation time.
        public var maxLagSeconds: Int?
        /// The data must span at least this long.
        public var minHistorySeconds: Int?
    }

    /// Campaign windows (R-CAMP-1), measured on observed data.
    public struct Campaign: Sendable, Equatable {
        /// The backtest stage's window.
        public var backtestWindowSeconds: Int?
        /// The paper stage's window.
        public var paperWindowSeconds: Int?
        /// Trades each stage's window needs.
        public var minTradesPerWindow: Int?
        /// Distinct days with a bar each stage's window needs (must fit in the window).
        public var minSampleDays: Int?
    }

    /// What a missing metric means: a blocking failure, or a soft warning.
    public enum OnMissingMetric: String, Sendable, Equatable, CaseIterable { case fail, warn }

    /// The validation block (R-GOV-3): who may be a live candidate.
    public struct Validation: Sendable, Equatable {
        /// Distinct days with a bar needed.
        public var minSampleDays: Int?
        /// Bounds on sample metrics (e.g. `num_trades_60d`).
        public var sample: [Bound] = []
        /// Bounds on risk metrics (e.g. `max_drawdown_90d`, `es_99`).
        public var risk: [Bound] = []
        /// Stress flags a candidate must carry.
        public var requiredStressFlags: [String] = []
        /// What a missing metric means.
        public var onMissingMetric: OnMissingMetric = .fail
    }

    /// How live promotion is governed (R-GOV-4).
    public enum PromotionMode: String, Sendable, Equatable, CaseIterable {
        case disabled
        case manualApproval = "manual_approval"
        case autoApply = "auto_apply"
    }

    /// `role:<role>` or `user:<name>`.
    public enum Approver: Sendable, Equatable, Hashable {
        case role(String)
        case user(String)

        /// The written form.
        public var text: String {
            switch self {
            case .role(let r): "role:\(r)"
            case .user(let u): "user:\(u)"
            }
        }
    }

    /// Live promotion rules (R-GOV-4, R-GOV-5).
    public struct Governance: Sendable, Equatable {
        /// A missing governance block means manual approval, never "no approval".
        public var mode: PromotionMode = .manualApproval
        /// Seconds after a completed live apply before the next.
        public var cooldownSeconds: Int = 0
        /// Most strategies live at once in the world.
        public var maxLiveSlots: Int?
        /// Share of runs in the canary (by the hash of world, strategy and run).
        public var canaryFraction: Double?
        /// Who may approve: roles and users.
        public var approvers: [Approver] = []
    }

    /// Risk Signal Hub requirements (R-GOV-2).
    public struct RiskHub: Sendable, Equatable {
        /// A snapshot older than this blocks promotion.
        public var maxSnapshotAgeSeconds: Int
    }

    /// Data freshness and length.
    public var dataCurrency: DataCurrency?
    /// Eligibility and selection.
    public var selection = Selection()
    /// Campaign windows.
    public var campaign: Campaign?
    /// The validation block.
    public var validation: Validation?
    /// Live promotion rules.
    public var governance = Governance()
    /// Risk hub requirements.
    public var riskHub: RiskHub?
    /// The preset it started from, if any (already expanded into the fields above).
    public var preset: String?

    /// An empty policy: no rules, manual approval.
    public init() {}
}
