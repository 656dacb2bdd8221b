/// The result of one rule for one candidate (R-POL-2).
public struct RuleResult: Sendable, Equatable {
    /// The rule's outcome; `insufficientEvidence` when a metric it needs is missing.
    public enum Status: String, Sendable, Equatable { case pass, warn, fail, insufficientEvidence = "insufficient_evidence" }
    /// How much a failure counts: blocking keeps the candidate out, soft warns, info only tells.
    public enum Severity: String, Sendable, Equatable { case blocking, soft, info }

    /// e.g. `threshold.sharpe`, `gates`, `validation.risk.max_drawdown_90d`, `hysteresis`, `correlation`.
    public var rule: String
    /// The outcome.
    public var status: Status
    /// How much it counts.
    public var severity: Severity
    /// Stable code, e.g. `below_min`, `above_max`, `metric_missing`, `correlation_too_high`.
    public var reasonCode: String
    /// The metric's value, if there was one.
    public var observed: Double?
    /// What the rule asks, e.g. `>= 0.8`, `<= 0.2`, `0.5 ≤ x ≤ 2`.
    public var required: String
    /// The metric the rule reads, for explanations.
    public var metric: String?

    /// Whether this result keeps the candidate out.
    public var blocks: Bool { severity == .blocking && (status == .fail || status == .insufficientEvidence) }
}

/// What the policy decided about one candidate.
public struct CandidateDecision: Sendable, Equatable {
    /// The candidate's id (its strategy id).
    public var id: String
    /// Every rule's result for it, in evaluation order.
    public var rules: [RuleResult]
    /// Passed validation, thresholds, gates and hysteresis.
    public var eligible: Bool
    /// In the selected set.
    public var selected: Bool
    /// Position in the ranking of eligible candidates (1-based), if ranked.
    public var rank: Int?
    /// `pass` (selected or eligible without warnings), `warn`, or `fail`.
    public var status: RuleResult.Status
    /// One plain sentence with the numbers (R-POL-4), written when asked for.
    public var explanation: String {
        PolicyExplanation.sentence(rules: rules, selected: selected, eligible: eligible, rank: rank)
    }
}

/// The decision for a whole world (R-POL-2): the selected set in rank order and every
/// candidate's rule results.
public struct PolicyDecision: Sendable, Equatable {
    /// The selected ids, in rank order.
    public var selected: [String]
    /// Every candidate's decision, by id.
    public var candidates: [String: CandidateDecision]
    /// The contract of the policy that decided (R-POL-5).
    public var contractID: ContractID
}

/// The inputs of an evaluation: candidates' metrics, pairwise correlations, the previously
/// active set with entry times, and `now` (time is a parameter: Core reads no clock).
public struct PolicyInput: Sendable, Equatable {
    /// One candidate's evidence.
    public struct Candidate: Sendable, Equatable {
        /// Metrics by R-SDK-3 name (including windowed forms).
        public var metrics: [String: Double]
        /// Stress flags that passed (`validation.stress.required_flags`).
        public var flags: Set<String>
        /// Epoch seconds of the last bar, for `data_currency.max_lag`.
        public var lastBarAt: Int64?
        /// Epoch seconds of the first bar, for `data_currency.min_history`.
        public var firstBarAt: Int64?

        /// A candidate's evidence.
        public init(metrics: [String: Double], flags: Set<String> = [], lastBarAt: Int64? = nil, firstBarAt: Int64? = nil) {
            self.metrics = metrics
            self.flags = flags
            self.lastBarAt = lastBarAt
            self.firstBarAt = firstBarAt
        }
    }

    /// Pearson correlation of a pair over `overlap` points (nil: unknown, counted as enough).
    public struct Pair: Sendable, Equatable {
        /// One candidate of the pair.
        public var a: String
        /// The other.
        public var b: String
        /// Pearson correlation of their daily returns.
        public var corr: Double
        /// Overlapping days the correlation is computed on.
        public var overlap: Int?

        /// A pair; order does not matter.
        public init(a: String, b: String, corr: Double, overlap: Int? = nil) {
            self.a = a
            self.b = b
            self.corr = corr
            self.overlap = overlap
        }
    }

    /// The candidates, by id.
    public var candidates: [String: Candidate]
    /// Pairwise correlations (missing pairs count as not enough evidence).
    public var correlations: [Pair] {
        didSet { pairIndex = Self.index(correlations) }
    }
    /// The pairs by unordered id pair, built once per input (an evaluation only looks up).
    private(set) var pairIndex: [PairKey: Pair]
    /// An unordered pair of ids.
    struct PairKey: Hashable, Sendable {
        let first: String
        let second: String

        init(_ a: String, _ b: String) {
            (first, second) = JCS.keyPrecedes(a, b) ? (a, b) : (b, a)
        }
    }

    static func index(_ pairs: [Pair]) -> [PairKey: Pair] {
        var index: [PairKey: Pair] = [:]
        index.reserveCapacity(pairs.count)
        for p in pairs { index[PairKey(p.a, p.b)] = p }
        return index
    }

    /// Candidates' daily returns by day, for the pairs `correlations` does not give: the
    /// evaluation computes those it looks at (Pearson over the overlapping days), so a world
    /// of many candidates pays only for the pairs its correlation walk visits.
    public var dailyReturns: [String: [Int64: Double]]

    /// The correlation of a pair: given, else computed from both candidates' daily returns
    /// (nil: neither, or fewer than `minOverlap` common days).
    func pair(_ a: String, _ b: String, minOverlap: Int) -> Pair? {
        if let p = pairIndex[PairKey(a, b)] { return p }
        guard let x = dailyReturns[a], let y = dailyReturns[b], let c = Pearson.correlation(x, y, minOverlap: minOverlap) else { return nil }
        return Pair(a: a, b: b, corr: c.corr, overlap: c.overlap)
    }

    /// Previously active strategies and when they entered (epoch seconds; nil: unknown, so no dwell).
    public var previousActive: [String: Int64?]
    /// Epoch seconds.
    public var now: Int64

    /// The inputs of one evaluation.
    public init(
        candidates: [String: Candidate], correlations: [Pair] = [], dailyReturns: [String: [Int64: Double]] = [:],
        previousActive: [String: Int64?] = [:], now: Int64
    ) {
        self.candidates = candidates
        self.correlations = correlations
        self.dailyReturns = dailyReturns
        self.pairIndex = Self.index(correlations)
        self.previousActive = previousActive
        self.now = now
    }
}
