/// How a runtime picks its mode in a world (R-SDK-5) and when it falls back to safe mode
/// (R-SDK-6). Pure: the decision, the submission's data and the clock are parameters.
public enum ModeResolution {
    /// The WorldService's decision as the runtime received it.
    public struct Decision: Sendable, Hashable {
        /// The mode the world allows.
        public var effectiveMode: ExecutionMode
        /// The data time the decision is based on, epoch seconds.
        public var asOf: Int64
        /// How long after `asOf` it holds, seconds.
        public var ttl: Int64
        /// The dataset it was made on (`lake:blake3:…`), if any.
        public var datasetFingerprint: String?

        /// A decision.
        public init(effectiveMode: ExecutionMode, asOf: Int64, ttl: Int64, datasetFingerprint: String?) {
            self.effectiveMode = effectiveMode
            self.asOf = asOf
            self.ttl = ttl
            self.datasetFingerprint = datasetFingerprint
        }
    }

    /// What the runtime could learn from the WorldService.
    public enum Lookup: Sendable, Hashable {
        /// The decision envelope.
        case decided(Decision)
        /// The world has no decision for the strategy.
        case missing
        /// The WorldService could not be reached.
        case unreachable
    }

    /// Why a runtime fell back to safe mode (R-SDK-6).
    public enum DowngradeReason: String, Sendable, Codable, CaseIterable {
        case decisionUnavailable = "decision_unavailable"
        case staleDecision = "stale_decision"
        case asOfMismatch = "as_of_mismatch"
        case datasetFingerprintMismatch = "dataset_fingerprint_mismatch"
    }

    /// The data the runtime runs on.
    public struct Data: Sendable, Hashable {
        /// The time of the latest bar it has, epoch seconds.
        public var asOf: Int64
        /// Its fingerprint.
        public var datasetFingerprint: String

        /// The runtime's data.
        public init(asOf: Int64, datasetFingerprint: String) {
            self.asOf = asOf
            self.datasetFingerprint = datasetFingerprint
        }
    }

    /// The outcome: the mode and domain to run in, and whether (and why) it was downgraded.
    public struct Outcome: Sendable, Hashable {
        /// The mode the runtime runs in.
        public var effectiveMode: ExecutionMode
        /// Where it runs: the data it sees and the broker its orders reach.
        public var domain: ExecutionDomainName
        /// True in safe mode: the order gate is off and the broker receives no call.
        public var safeMode: Bool
        /// True when the runtime runs lower than asked (or than the world allows).
        public var downgraded: Bool
        /// Why safe mode, when it is.
        public var downgradeReason: DowngradeReason?

        /// The order gate mode for this outcome (R-SDK-8): off in safe mode and in backtests.
        public var gate: String { safeMode || domain == .backtest ? "off" : domain.rawValue }
    }

    /// Resolves the mode (R-SDK-5): the explicit `mode`, else the `context`'s, else the world's
    /// decision, else backtest — and a decision, when there is one, caps what was asked (a
    /// runtime never promotes itself). Safe mode (R-SDK-6) when the decision is missing,
    /// unreachable, stale by the runtime's clock (`asOf + ttl < now`), or made on other data.
    /// - Parameters:
    ///   - mode: the mode asked for explicitly, if any.
    ///   - context: the mode of the execution context the runtime is in, if any.
    ///   - lookup: what asking the world for its decision gave.
    ///   - data: the data the runtime runs on, compared with the decision's.
    ///   - now: the runtime's clock, epoch seconds (virtual in a backtest: its data's time).
    public static func resolve(mode: ExecutionMode?, context: ExecutionMode?, lookup: Lookup, data: Data, now: Int64) -> Outcome {
        let requested = mode ?? context
        func safe(_ reason: DowngradeReason) -> Outcome {
            Outcome(effectiveMode: .validate, domain: .backtest, safeMode: true, downgraded: true, downgradeReason: reason)
        }
        let decision: Decision
        switch lookup {
        case .missing, .unreachable: return safe(.decisionUnavailable)
        case .decided(let d): decision = d
        }
        if decision.asOf + decision.ttl < now { return safe(.staleDecision) }
        if let fp = decision.datasetFingerprint, fp != data.datasetFingerprint { return safe(.datasetFingerprintMismatch) }
        if decision.asOf != data.asOf { return safe(.asOfMismatch) }
        let allowed = decision.effectiveMode
        guard let requested else {
            return Outcome(effectiveMode: allowed, domain: allowed.domain, safeMode: false, downgraded: false, downgradeReason: nil)
        }
        let effective = min(requested, allowed)
        return Outcome(
            effectiveMode: effective, domain: effective.domain, safeMode: false, downgraded: effective.domain.rank < requested.domain.rank,
            downgradeReason: nil)
    }
}
