/// Evaluates a world policy (R-POL-2) as a pure function of the policy, the candidates'
/// metrics, pairwise correlations, the previously active set and `now`.
///
/// Order: (1) validation, thresholds and gates decide eligibility; (2) hysteresis admission —
/// an incumbent stays while its metric ≥ exit or inside `min_dwell`, a newcomer needs ≥ enter;
/// (3) ranking by the `top_k` metric descending, ties by id ascending; (4) a greedy walk that
/// skips a candidate whose |correlation| with an already selected one exceeds `max` (equal is
/// kept) and refills from further down until `k` are selected.
public struct PolicyEvaluator: Sendable {
    /// The policy evaluated.
    public let policy: Policy
    let contractID: ContractID
    /// Validation and thresholds as flat rules with their texts, built once.
    let bounds: [CompiledBound]
    /// The `required` text of the gates rule.
    let gatesText: String?

    struct CompiledBound: Sendable {
        var rule: String
        var bound: Policy.Bound
        var metric: String
        var required: String
    }

    /// Compiles a policy's rules once, for many evaluations.
    public init(policy: Policy) {
        self.policy = policy
        contractID = policy.contractID
        var bounds: [(String, Policy.Bound)] = []
        if let v = policy.validation {
            if let days = v.minSampleDays {
                bounds.append(
                    ("validation.sample.min_sample_days", .init(metric: try! MetricName(parsing: "sample_days"), min: Double(days), max: nil)))
            }
            bounds += v.sample.map { ("validation.sample.\($0.metric)", $0) }
            bounds += v.risk.map { ("validation.risk.\($0.metric)", $0) }
        }
        bounds += policy.selection.thresholds.sorted { $0.key < $1.key }.map { ("threshold.\($0.key)", $0.value) }
        self.bounds = bounds.map {
            CompiledBound(rule: $0.0, bound: $0.1, metric: $0.1.metric.description, required: PolicyExplanation.required($0.1))
        }
        gatesText = policy.selection.gates.map(PolicyExplanation.describe)
    }

    var missingSeverity: RuleResult.Severity { policy.validation?.onMissingMetric == .warn ? .soft : .blocking }

    /// The decision for `input`.
    public func evaluate(_ input: PolicyInput) -> PolicyDecision {
        var results: [String: [RuleResult]] = [:]
        var eligible: [String] = []
        for (id, candidate) in input.candidates {
            var rules = eligibilityRules(candidate, now: input.now)
            if let h = policy.selection.hysteresis, !rules.contains(where: \.blocks) {
                rules.append(hysteresisRule(h, id: id, candidate: candidate, input: input))
            }
            if !rules.contains(where: \.blocks) { eligible.append(id) }
            results[id] = rules
        }
        let ranked = rank(eligible, input)
        let (selected, correlationRules) = walk(ranked, input)
        var decisions: [String: CandidateDecision] = [:]
        let rankOf = Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($1, $0 + 1) })
        let selectedSet = Set(selected)
        for (id, var rules) in results {
            if let c = correlationRules[id] { rules.append(c) }
            let isEligible = rankOf[id] != nil
            let isSelected = selectedSet.contains(id)
            // Rule outcomes only: a candidate ranked below the cut has passed everything.
            let status: RuleResult.Status =
                rules.contains(where: \.blocks) ? .fail : rules.contains { $0.status != .pass } ? .warn : .pass
            decisions[id] = CandidateDecision(
                id: id, rules: rules, eligible: isEligible, selected: isSelected, rank: rankOf[id], status: status)
        }
        return PolicyDecision(selected: selected, candidates: decisions, contractID: contractID)
    }

    // MARK: Eligibility

    func eligibilityRules(_ c: PolicyInput.Candidate, now: Int64) -> [RuleResult] {
        var rules: [RuleResult] = []
        rules.reserveCapacity(bounds.count + 4)
        if let d = policy.dataCurrency {
            if let lag = d.maxLagSeconds {
                rules.append(timeRule("data_currency.max_lag", observed: c.lastBarAt.map { Double(now - $0) }, max: Double(lag), code: "data_stale"))
            }
            if let history = d.minHistorySeconds {
                let span = c.firstBarAt.flatMap { first in c.lastBarAt.map { Double($0 - first) } }
                rules.append(timeRule("data_currency.min_history", observed: span, min: Double(history), code: "history_too_short"))
            }
        }
        for b in bounds { rules.append(boundRule(b, c.metrics)) }
        if let flags = policy.validation?.requiredStressFlags, !flags.isEmpty {
            let missing = flags.filter { !c.flags.contains($0) }
            rules.append(
                RuleResult(
                    rule: "validation.stress", status: missing.isEmpty ? .pass : .fail, severity: .blocking,
                    reasonCode: missing.isEmpty ? "ok" : "stress_flag_missing", observed: nil,
                    required: "flags " + flags.joined(separator: ", ") + (missing.isEmpty ? "" : " (missing \(missing.joined(separator: ", ")))"),
                    metric: nil))
        }
        if let g = policy.selection.gates {
            let status = gate(g, c.metrics)
            rules.append(
                RuleResult(
                    rule: "gates", status: status == .insufficientEvidence && missingSeverity == .soft ? .warn : status,
                    severity: status == .insufficientEvidence ? missingSeverity : .blocking,
                    reasonCode: status == .pass ? "ok" : status == .fail ? "gate_failed" : "metric_missing", observed: nil,
                    required: gatesText ?? "", metric: nil))
        }
        return rules
    }

    func boundRule(_ c: CompiledBound, _ metrics: [String: Double]) -> RuleResult {
        let b = c.bound
        guard let x = metrics[c.metric], x.isFinite else {
            return RuleResult(
                rule: c.rule, status: missingSeverity == .soft ? .warn : .insufficientEvidence, severity: missingSeverity,
                reasonCode: "metric_missing", observed: nil, required: c.required, metric: c.metric)
        }
        let code = b.min.map { x < $0 } == true ? "below_min" : b.max.map { x > $0 } == true ? "above_max" : "ok"
        return RuleResult(
            rule: c.rule, status: code == "ok" ? .pass : .fail, severity: .blocking, reasonCode: code, observed: x, required: c.required,
            metric: c.metric)
    }

    func timeRule(_ name: String, observed: Double?, min: Double? = nil, max: Double? = nil, code: String) -> RuleResult {
        let required = min.map { ">= \(PolicyExplanation.days($0))" } ?? "<= \(PolicyExplanation.days(max ?? 0))"
        guard let x = observed else {
            return RuleResult(
                rule: name, status: missingSeverity == .soft ? .warn : .insufficientEvidence, severity: missingSeverity,
                reasonCode: "data_missing", observed: nil, required: required, metric: nil)
        }
        let ok = (min.map { x >= $0 } ?? true) && (max.map { x <= $0 } ?? true)
        return RuleResult(
            rule: name, status: ok ? .pass : .fail, severity: .blocking, reasonCode: ok ? "ok" : code, observed: x, required: required, metric: nil)
    }

    /// Three-valued gates: a missing metric is insufficient evidence, not a failure.
    func gate(_ g: Policy.Gate, _ metrics: [String: Double]) -> RuleResult.Status {
        switch g {
        case .bound(let b):
            guard let x = metrics[b.metric.description], x.isFinite else { return .insufficientEvidence }
            return (b.min.map { x >= $0 } ?? true) && (b.max.map { x <= $0 } ?? true) ? .pass : .fail
        case .all(let gates):
            let s = gates.map { gate($0, metrics) }
            return s.contains(.fail) ? .fail : s.contains(.insufficientEvidence) ? .insufficientEvidence : .pass
        case .any(let gates):
            let s = gates.map { gate($0, metrics) }
            return s.contains(.pass) ? .pass : s.contains(.insufficientEvidence) ? .insufficientEvidence : .fail
        case .not(let inner):
            switch gate(inner, metrics) {
            case .pass: return .fail
            case .fail: return .pass
            default: return .insufficientEvidence
            }
        }
    }

    // MARK: Hysteresis, ranking, correlation

    func hysteresisRule(_ h: Policy.Hysteresis, id: String, candidate: PolicyInput.Candidate, input: PolicyInput) -> RuleResult {
        let incumbent = input.previousActive.keys.contains(id)
        let metric = h.metric.description
        guard let x = candidate.metrics[metric], x.isFinite else {
            return RuleResult(
                rule: "hysteresis", status: .insufficientEvidence, severity: .blocking, reasonCode: "metric_missing",
                observed: nil, required: incumbent ? ">= \(h.exit) (exit)" : ">= \(h.enter) (enter)", metric: metric)
        }
        if incumbent {
            if x >= h.exit {
                return RuleResult(
                    rule: "hysteresis", status: .pass, severity: .blocking, reasonCode: "incumbent_above_exit", observed: x,
                    required: ">= \(PolicyExplanation.number(h.exit)) (exit)", metric: metric)
            }
            if let entered = input.previousActive[id] ?? nil, input.now - entered < Int64(h.minDwellSeconds) {
                return RuleResult(
                    rule: "hysteresis", status: .pass, severity: .blocking, reasonCode: "inside_min_dwell", observed: x,
                    required: "min_dwell \(PolicyExplanation.days(Double(h.minDwellSeconds)))", metric: metric)
            }
            return RuleResult(
                rule: "hysteresis", status: .fail, severity: .blocking, reasonCode: "below_exit", observed: x,
                required: ">= \(PolicyExplanation.number(h.exit)) (exit)", metric: metric)
        }
        return RuleResult(
            rule: "hysteresis", status: x >= h.enter ? .pass : .fail, severity: .blocking,
            reasonCode: x >= h.enter ? "above_enter" : "below_enter", observed: x,
            required: ">= \(PolicyExplanation.number(h.enter)) (enter)", metric: metric)
    }

    /// Eligible ids by the top_k metric descending (missing last), ties by id ascending.
    func rank(_ eligible: [String], _ input: PolicyInput) -> [String] {
        guard let metric = policy.selection.topK?.metric.description else { return eligible.sorted() }
        let value = { (id: String) -> Double in input.candidates[id]?.metrics[metric].flatMap { $0.isFinite ? $0 : nil } ?? -.infinity }
        return eligible.map { ($0, value($0)) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.map(\.0)
    }

    /// The greedy correlation walk with refill; returns the selection and the correlation rule
    /// of every candidate it looked at.
    func walk(_ ranked: [String], _ input: PolicyInput) -> ([String], [String: RuleResult]) {
        let k = policy.selection.topK?.k ?? Int.max
        guard let c = policy.selection.correlation else {
            return (Array(ranked.prefix(k)), [:])
        }
        var selected: [String] = []
        var rules: [String: RuleResult] = [:]
        let required = "|corr| <= \(PolicyExplanation.number(c.max)) with selected"
        for id in ranked where selected.count < k {
            var verdict = RuleResult(
                rule: "correlation", status: .pass, severity: .blocking, reasonCode: "ok", observed: nil, required: required, metric: nil)
            for other in selected {
                guard let p = input.pair(id, other, minOverlap: c.minOverlap), p.corr.isFinite, (p.overlap ?? Int.max) >= c.minOverlap else {
                    verdict = RuleResult(
                        rule: "correlation", status: missingSeverity == .soft ? .warn : .insufficientEvidence,
                        severity: missingSeverity, reasonCode: "correlation_insufficient:\(other)", observed: nil,
                        required: required + " (\(c.minOverlap) overlapping days)", metric: nil)
                    if missingSeverity == .blocking { break } else { continue }
                }
                if abs(p.corr) > c.max {
                    verdict = RuleResult(
                        rule: "correlation", status: .fail, severity: .blocking, reasonCode: "correlation_too_high:\(other)",
                        observed: p.corr, required: required, metric: nil)
                    break
                }
            }
            rules[id] = verdict
            if !verdict.blocks { selected.append(id) }
        }
        return (selected, rules)
    }

}
