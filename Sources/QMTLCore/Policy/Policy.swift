/// A world policy (SPEC §8, R-POL-1): selection, campaign windows, validation, governance
/// and risk hub rules, every field typed. Parse one with ``PolicyParser``; equivalent
/// policies written differently have the same ``contractID`` (R-POL-5).
public struct Policy: Sendable, Equatable {
    /// `metric ≥ min` and/or `metric ≤ max` (inclusive).
    public struct Bound: Sendable, Equatable {
        public var metric: MetricName
        public var min: Double?
        public var max: Double?
    }

    /// A gate: a bound, or `and` / `or` / `not` of gates.
    public indirect enum Gate: Sendable, Equatable {
        case bound(Bound)
        case all([Gate])
        case any([Gate])
        case not(Gate)
    }

    public struct TopK: Sendable, Equatable {
        public var metric: MetricName
        public var k: Int
    }

    public struct Correlation: Sendable, Equatable {
        /// |corr| above this drops the later candidate (equal is kept).
        public var max: Double
        /// Overlapping daily returns needed, else the pair is `insufficient_evidence`.
        public var minOverlap: Int
    }

    public struct Hysteresis: Sendable, Equatable {
        public var metric: MetricName
        public var enter: Double
        public var exit: Double
        public var minDwellSeconds: Int
    }

    public struct Selection: Sendable, Equatable {
        /// Named bounds, by name.
        public var thresholds: [String: Bound] = [:]
        public var gates: Gate?
        public var topK: TopK?
        public var correlation: Correlation?
        public var hysteresis: Hysteresis?
    }

    public struct DataCurrency: Sendable, Equatable {
        public var maxLagSeconds: Int?
        public var minHistorySeconds: Int?
    }

    public struct Campaign: Sendable, Equatable {
        public var backtestWindowSeconds: Int?
        public var paperWindowSeconds: Int?
        public var minTradesPerWindow: Int?
        public var minSampleDays: Int?
    }

    public enum OnMissingMetric: String, Sendable, Equatable, CaseIterable { case fail, warn }

    public struct Validation: Sendable, Equatable {
        public var minSampleDays: Int?
        public var sample: [Bound] = []
        public var risk: [Bound] = []
        public var requiredStressFlags: [String] = []
        public var onMissingMetric: OnMissingMetric = .fail
    }

    public enum PromotionMode: String, Sendable, Equatable, CaseIterable {
        case disabled
        case manualApproval = "manual_approval"
        case autoApply = "auto_apply"
    }

    /// `role:<role>` or `user:<name>`.
    public enum Approver: Sendable, Equatable, Hashable {
        case role(String)
        case user(String)

        public var text: String {
            switch self {
            case .role(let r): "role:\(r)"
            case .user(let u): "user:\(u)"
            }
        }
    }

    public struct Governance: Sendable, Equatable {
        /// A missing governance block means manual approval, never "no approval".
        public var mode: PromotionMode = .manualApproval
        public var cooldownSeconds: Int = 0
        public var maxLiveSlots: Int?
        public var canaryFraction: Double?
        public var approvers: [Approver] = []
    }

    public struct RiskHub: Sendable, Equatable {
        public var maxSnapshotAgeSeconds: Int
    }

    public var dataCurrency: DataCurrency?
    public var selection = Selection()
    public var campaign: Campaign?
    public var validation: Validation?
    public var governance = Governance()
    public var riskHub: RiskHub?
    /// The preset it started from, if any (already expanded into the fields above).
    public var preset: String?

    public init() {}
}
