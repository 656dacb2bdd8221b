import QMTLTestSupport
import Testing

@testable import QMTLCore

@Suite("Policy evaluation")
struct PolicyEvaluatorTests {
    static func policy(_ yaml: String) throws -> PolicyEvaluator { PolicyEvaluator(policy: try PolicyParser.parse(yaml, fileName: "p.yaml")) }
    static func candidates(_ m: [String: [String: Double]]) -> [String: PolicyInput.Candidate] { m.mapValues { .init(metrics: $0) } }
    static func rule(_ d: PolicyDecision, _ id: String, _ rule: String) -> RuleResult? { d.candidates[id]?.rules.first { $0.rule == rule } }

    /// Inclusive bounds, below and above, for min and max.
    @Test(arguments: [
        (0.79, RuleResult.Status.fail, "below_min"), (0.8, .pass, "ok"), (1.2, .pass, "ok"),
    ])
    func thresholdMinIsInclusive(_ c: (Double, RuleResult.Status, String)) throws {
        let e = try Self.policy("selection: {thresholds: {s: {metric: sharpe, min: 0.8}}}")
        let d = e.evaluate(PolicyInput(candidates: Self.candidates(["a": ["sharpe": c.0]]), now: 0))
        #expect(Self.rule(d, "a", "threshold.s")?.status == c.1)
        #expect(Self.rule(d, "a", "threshold.s")?.reasonCode == c.2)
        #expect(d.selected == (c.1 == .pass ? ["a"] : []))
    }

    @Test(arguments: [(0.2, RuleResult.Status.pass), (0.2000001, .fail), (0.1, .pass)])
    func thresholdMaxIsInclusive(_ c: (Double, RuleResult.Status)) throws {
        let e = try Self.policy("selection: {thresholds: {dd: {metric: max_drawdown, max: 0.2}}}")
        let d = e.evaluate(PolicyInput(candidates: Self.candidates(["a": ["max_drawdown": c.0]]), now: 0))
        #expect(Self.rule(d, "a", "threshold.dd")?.status == c.1)
    }

    static let gates =
        "selection: {gates: {and: [{metric: num_trades, min: 30}, {or: [{metric: sortino, min: 1}, {not: {metric: cagr, max: 0.1}}]}]}}"

    @Test(arguments: [
        (["num_trades": 30, "sortino": 1.5], RuleResult.Status.pass),
        (["num_trades": 30, "sortino": 0.5, "cagr": 0.2], .pass),  // not (cagr ≤ 0.1)
        (["num_trades": 30, "sortino": 0.5, "cagr": 0.1], .fail),
        (["num_trades": 29, "sortino": 5], .fail),
        (["num_trades": 30, "sortino": 0.5], .insufficientEvidence),  // cagr missing decides
        (["sortino": 5], .insufficientEvidence),
    ])
    func gatesUseThreeValuedLogic(_ c: ([String: Double], RuleResult.Status)) throws {
        let d = try Self.policy(Self.gates).evaluate(PolicyInput(candidates: Self.candidates(["a": c.0]), now: 0))
        #expect(Self.rule(d, "a", "gates")?.status == c.1)
        #expect(d.candidates["a"]?.eligible == (c.1 == .pass))
    }

    @Test func onMissingMetricFailBlocksAndWarnLetsThrough() throws {
        let failing = try Self.policy("selection: {thresholds: {s: {metric: sharpe, min: 1}}}\nvalidation: {on_missing_metric: fail}")
        let warning = try Self.policy("selection: {thresholds: {s: {metric: sharpe, min: 1}}}\nvalidation: {on_missing_metric: warn}")
        let input = PolicyInput(candidates: Self.candidates(["a": ["cagr": 0.3]]), now: 0)
        let f = failing.evaluate(input)
        #expect(Self.rule(f, "a", "threshold.s")?.status == .insufficientEvidence)
        #expect(Self.rule(f, "a", "threshold.s")?.severity == .blocking)
        #expect(f.selected.isEmpty && f.candidates["a"]?.status == .fail)
        let w = warning.evaluate(input)
        #expect(Self.rule(w, "a", "threshold.s")?.status == .warn)
        #expect(Self.rule(w, "a", "threshold.s")?.severity == .soft)
        #expect(w.selected == ["a"] && w.candidates["a"]?.status == .warn)
    }

    @Test func validationSampleRiskStressAndDataCurrency() throws {
        let e = try Self.policy(
            """
            data_currency: {max_lag: 2d, min_history: 300d}
            validation:
              sample: {min_sample_days: 250, num_trades_60d: {min: 1}}
              risk: {max_drawdown_90d: {max: 0.2}}
              stress: {required_flags: [covid_2020_pass]}
            """)
        let day: Int64 = 86_400
        let good = PolicyInput.Candidate(
            metrics: ["sample_days": 260, "num_trades_60d": 2, "max_drawdown_90d": 0.1], flags: ["covid_2020_pass"],
            lastBarAt: 1000 * day, firstBarAt: 600 * day)
        var stale = good
        stale.lastBarAt = 997 * day
        var short = good
        short.metrics["sample_days"] = 249
        var risky = good
        risky.metrics["max_drawdown_90d"] = 0.25
        var unstressed = good
        unstressed.flags = []
        let d = e.evaluate(
            PolicyInput(
                candidates: ["good": good, "stale": stale, "short": short, "risky": risky, "unstressed": unstressed], now: 1001 * day))
        #expect(d.selected == ["good"])
        #expect(Self.rule(d, "stale", "data_currency.max_lag")?.reasonCode == "data_stale")
        #expect(Self.rule(d, "short", "validation.sample.min_sample_days")?.reasonCode == "below_min")
        #expect(Self.rule(d, "risky", "validation.risk.max_drawdown_90d")?.reasonCode == "above_max")
        #expect(Self.rule(d, "unstressed", "validation.stress")?.reasonCode == "stress_flag_missing")
        #expect(Self.rule(d, "good", "data_currency.min_history")?.status == .pass)
    }

    /// Three successive evaluations: enter needs ≥ enter; an incumbent stays above exit and
    /// inside min_dwell; it leaves when both end.
    @Test func hysteresisOverThreeEvaluations() throws {
        let e = try Self.policy("selection: {hysteresis: {metric: sharpe, enter: 1.0, exit: 0.6, min_dwell: 5d}}")
        let day: Int64 = 86_400
        // t0: a 1.1 enters, b 0.9 does not.
        let d0 = e.evaluate(PolicyInput(candidates: Self.candidates(["a": ["sharpe": 1.1], "b": ["sharpe": 0.9]]), now: 10 * day))
        #expect(d0.selected == ["a"])
        #expect(Self.rule(d0, "b", "hysteresis")?.reasonCode == "below_enter")
        // t1 (+2 days): a drops to 0.5 (< exit) but is inside min_dwell; b at 0.9 still cannot enter.
        let d1 = e.evaluate(
            PolicyInput(
                candidates: Self.candidates(["a": ["sharpe": 0.5], "b": ["sharpe": 0.9]]), previousActive: ["a": 10 * day], now: 12 * day))
        #expect(d1.selected == ["a"])
        #expect(Self.rule(d1, "a", "hysteresis")?.reasonCode == "inside_min_dwell")
        // t2 (+6 days): a at 0.7 is above exit, stays; at 0.55 it would leave.
        let d2 = e.evaluate(
            PolicyInput(
                candidates: Self.candidates(["a": ["sharpe": 0.7], "b": ["sharpe": 1.0]]), previousActive: ["a": 10 * day], now: 16 * day))
        #expect(d2.selected == ["a", "b"])
        #expect(Self.rule(d2, "a", "hysteresis")?.reasonCode == "incumbent_above_exit")
        #expect(Self.rule(d2, "b", "hysteresis")?.reasonCode == "above_enter")
        let d3 = e.evaluate(
            PolicyInput(
                candidates: Self.candidates(["a": ["sharpe": 0.55]]), previousActive: ["a": 10 * day], now: 16 * day))
        #expect(d3.selected.isEmpty && Self.rule(d3, "a", "hysteresis")?.reasonCode == "below_exit")
    }

    /// The Python original cuts to k before correlation, selecting fewer than k; we refill.
    @Test func correlationDropsAndRefillsUpToK() throws {
        let e = try Self.policy("selection: {top_k: {metric: sharpe, k: 3}, correlation: {max: 0.8, min_overlap: 20}}")
        let input = PolicyInput(
            candidates: Self.candidates(["a": ["sharpe": 2], "b": ["sharpe": 1.8], "c": ["sharpe": 1.5], "d": ["sharpe": 1.2], "e": ["sharpe": 1]]),
            correlations: [
                .init(a: "a", b: "b", corr: 0.9, overlap: 100), .init(a: "a", b: "c", corr: -0.8, overlap: 100),
                .init(a: "a", b: "d", corr: 0.1, overlap: 100), .init(a: "c", b: "d", corr: 0.81, overlap: 100),
                .init(a: "a", b: "e", corr: 0.2, overlap: 100), .init(a: "c", b: "e", corr: 0.3, overlap: 100),
            ],
            now: 0)
        let d = e.evaluate(input)
        #expect(d.selected == ["a", "c", "e"])  // b: 0.9 with a; c: |−0.8| = 0.8 is kept; d: 0.81 with c; e refills
        #expect(Self.rule(d, "b", "correlation")?.reasonCode == "correlation_too_high:a")
        #expect(Self.rule(d, "d", "correlation")?.reasonCode == "correlation_too_high:c")
        #expect(d.candidates["b"]?.explanation.contains("correlation 0.9 with a exceeds 0.8") == true)
        #expect(d.candidates["e"]?.rank == 5 && d.candidates["e"]?.selected == true)
    }

    @Test func insufficientOverlapIsNotProofOfIndependence() throws {
        let e = try Self.policy("selection: {top_k: {metric: sharpe, k: 2}, correlation: {max: 0.8, min_overlap: 20}}")
        let d = e.evaluate(
            PolicyInput(
                candidates: Self.candidates(["a": ["sharpe": 2], "b": ["sharpe": 1]]),
                correlations: [.init(a: "a", b: "b", corr: 0.1, overlap: 5)], now: 0))
        #expect(d.selected == ["a"])
        #expect(Self.rule(d, "b", "correlation")?.status == .insufficientEvidence)
    }

    /// Decision #26: under `on_missing_metric: warn` a pair without enough overlap (or not given
    /// at all) keeps the later candidate, with a soft warning; under `fail` it is dropped.
    @Test(arguments: [("fail", ["a"], RuleResult.Status.insufficientEvidence), ("warn", ["a", "b"], .warn)])
    func insufficientOverlapFollowsOnMissingMetric(_ c: (String, [String], RuleResult.Status)) throws {
        let e = try Self.policy(
            "selection: {top_k: {metric: sharpe, k: 3}, correlation: {max: 0.8, min_overlap: 20}}\nvalidation: {on_missing_metric: \(c.0)}")
        for pairs in [[PolicyInput.Pair(a: "a", b: "b", corr: 0.1, overlap: 19)], []] {
            let d = e.evaluate(PolicyInput(candidates: Self.candidates(["a": ["sharpe": 2], "b": ["sharpe": 1]]), correlations: pairs, now: 0))
            #expect(d.selected == c.1, "pairs: \(pairs)")
            #expect(Self.rule(d, "b", "correlation")?.status == c.2)
            #expect(Self.rule(d, "b", "correlation")?.severity == (c.0 == "warn" ? .soft : .blocking))
            #expect(d.candidates["b"]?.status == (c.0 == "warn" ? .warn : .fail))
        }
        // Enough overlap decides on the number alone, whatever on_missing_metric says.
        let enough = e.evaluate(
            PolicyInput(
                candidates: Self.candidates(["a": ["sharpe": 2], "b": ["sharpe": 1]]),
                correlations: [.init(a: "a", b: "b", corr: 0.1, overlap: 20)], now: 0))
        #expect(enough.selected == ["a", "b"] && Self.rule(enough, "b", "correlation")?.status == .pass)
    }

    /// Decision #27: `min_dwell` only relaxes the hysteresis exit. An incumbent inside its dwell
    /// time that now fails validation, a threshold or a gate leaves like anyone else.
    @Test(arguments: [
        (
            "validation: {risk: {max_drawdown: {max: 0.2}}}\nselection: {", ["sharpe": 0.5, "max_drawdown": 0.3, "num_trades": 40],
            "validation.risk.max_drawdown"
        ),
        ("selection: {thresholds: {t: {metric: num_trades, min: 30}}, ", ["sharpe": 0.5, "max_drawdown": 0.1, "num_trades": 10], "threshold.t"),
        ("selection: {gates: {metric: max_drawdown, max: 0.2}, ", ["sharpe": 0.5, "max_drawdown": 0.3, "num_trades": 40], "gates"),
    ])
    func anIncumbentInsideMinDwellStillHasToPass(_ c: (String, [String: Double], String)) throws {
        let yaml = c.0 + "hysteresis: {metric: sharpe, enter: 1.0, exit: 0.6, min_dwell: 5d}}"
        let e = try Self.policy(yaml)
        let day: Int64 = 86_400
        let input = PolicyInput(candidates: Self.candidates(["a": c.1]), previousActive: ["a": 10 * day], now: 12 * day)
        let d = e.evaluate(input)
        #expect(d.selected.isEmpty, "inside min_dwell, but failing \(c.2)")
        #expect(Self.rule(d, "a", c.2)?.status == .fail)
        #expect(d.candidates["a"]?.eligible == false)
        // The same incumbent passing that rule is kept by min_dwell although 0.5 < exit.
        var passing = c.1
        passing["max_drawdown"] = 0.1
        passing["num_trades"] = 40
        let kept = e.evaluate(PolicyInput(candidates: Self.candidates(["a": passing]), previousActive: ["a": 10 * day], now: 12 * day))
        #expect(kept.selected == ["a"] && Self.rule(kept, "a", "hysteresis")?.reasonCode == "inside_min_dwell")
    }

    @Test func tiesRankByIdAndTopKCuts() throws {
        let e = try Self.policy("selection: {top_k: {metric: sharpe, k: 2}}")
        let d = e.evaluate(PolicyInput(candidates: Self.candidates(["c": ["sharpe": 1], "a": ["sharpe": 1], "b": ["sharpe": 1]]), now: 0))
        #expect(d.selected == ["a", "b"])
        #expect(d.candidates["c"]?.eligible == true && d.candidates["c"]?.selected == false && d.candidates["c"]?.rank == 3)
        #expect(d.candidates["c"]?.status == .pass)
    }

    @Test func explanationsCarryTheNumbers() throws {
        let e = try Self.policy(
            """
            selection:
              thresholds: {s: {metric: sharpe, min: 0.8}, dd: {metric: max_drawdown, max: 0.2}, t: {metric: num_trades, min: 20}}
            """)
        let d = e.evaluate(
            PolicyInput(
                candidates: Self.candidates([
                    "a": ["sharpe": 1.12, "max_drawdown": 0.141, "num_trades": 61], "b": ["sharpe": 0.52, "max_drawdown": 0.1, "num_trades": 30],
                ]), now: 0))
        #expect(d.candidates["a"]?.explanation == "max drawdown 14.1 % ≤ 20 %, Sharpe 1.12 ≥ 0.8, trades 61 ≥ 20 → selected (rank 1)")
        #expect(d.candidates["b"]?.explanation == "Sharpe 0.52 < 0.8 → not eligible")
    }

    @Test func whatIfListsWhoEntersAndLeavesAndWhy() throws {
        let input = PolicyInput(
            candidates: Self.candidates([
                "a": ["sharpe": 1.5, "max_drawdown": 0.3], "b": ["sharpe": 1.2, "max_drawdown": 0.1], "c": ["sharpe": 0.9, "max_drawdown": 0.1],
            ]), now: 0)
        let current = try Self.policy("selection: {thresholds: {dd: {metric: max_drawdown, max: 0.35}}, top_k: {metric: sharpe, k: 2}}").evaluate(
            input)
        let draft = try Self.policy("selection: {thresholds: {dd: {metric: max_drawdown, max: 0.2}}, top_k: {metric: sharpe, k: 2}}").evaluate(input)
        #expect(current.selected == ["a", "b"] && draft.selected == ["b", "c"])
        let w = PolicyWhatIf.diff(current: current, draft: draft)
        #expect(w.entering.map(\.id) == ["c"] && w.entering[0].rule == "top_k" && w.entering[0].reasonCode == "ranked_below_k")
        #expect(w.leaving.map(\.id) == ["a"] && w.leaving[0].rule == "threshold.dd" && w.leaving[0].reasonCode == "above_max")
        #expect(w.staying == ["b"])
        #expect(w.currentContract != w.draftContract)
    }

    @Test func pearsonOverOverlappingDays() {
        let a: [Int64: Double] = [1: 0.01, 2: -0.02, 3: 0.03, 4: 0.0, 9: 5]
        let b: [Int64: Double] = [1: 0.02, 2: -0.04, 3: 0.06, 4: 0.0, 7: 1]
        let r = Pearson.correlation(a, b, minOverlap: 4)
        #expect(r?.overlap == 4)
        #expect(abs((r?.corr ?? 0) - 1) < 1e-12)
        #expect(Pearson.correlation(a, b, minOverlap: 5) == nil)
        let c: [Int64: Double] = [1: 0.02, 2: 0.04, 3: -0.06, 4: 0.0]
        let r2 = Pearson.correlation(a, c, minOverlap: 2)!
        // numpy.corrcoef([.01,-.02,.03,0],[.02,.04,-.06,0])[0,1]
        #expect(abs(r2.corr - (-0.8894991799933215)) < 1e-12)
    }
}

/// Stores load only `Policy.metricNames` of each candidate: the decisions must not change.
@Suite("Policy metric names")
struct PolicyMetricNamesTests {
    @Test(arguments: ["crypto_auto.yaml", "equities_conservative.yaml", "research.json"])
    func decisionsOnlyReadTheNamedMetrics(_ file: String) throws {
        let text = String(decoding: try TestData.repoFile("examples/policies/\(file)"), as: UTF8.self)
        let policy = try PolicyParser.parse(text, fileName: file)
        let names = policy.metricNames
        #expect(!names.isEmpty)
        var random = SeededRandom(seed: 5)
        let all = MetricName.base + ["num_trades_60d", "max_drawdown_90d"]
        var limits: [String: (Double, isMin: Bool)] = [:]
        var bounds = Array(policy.selection.thresholds.values) + (policy.validation.map { $0.sample + $0.risk } ?? [])
        func collect(_ g: Policy.Gate) {
            switch g {
            case .bound(let b): bounds.append(b)
            case .all(let gs), .any(let gs): gs.forEach(collect)
            case .not(let inner): collect(inner)
            }
        }
        if let g = policy.selection.gates { collect(g) }
        for b in bounds { limits[b.metric.description] = b.min.map { ($0, true) } ?? b.max.map { ($0, false) } }
        if let days = policy.validation?.minSampleDays { limits["sample_days"] = (Double(days), true) }
        if let h = policy.selection.hysteresis { limits[h.metric.description] = (h.enter, true) }
        var selectedSome = 0
        var failedSome = 0
        for _ in 0..<200 {
            var full: [String: PolicyInput.Candidate] = [:]
            var narrowed: [String: PolicyInput.Candidate] = [:]
            for i in 0..<12 {
                var metrics: [String: Double] = [:]
                for m in all where random.next() % 16 != 0 {
                    // Near the policy's own limit for the metric (passing 85 % of the time), else anywhere.
                    let unit = Double(random.next() % 10_001) / 10_000
                    let passes = random.next() % 100 < 85
                    metrics[m] =
                        limits[m].map { limit, isMin in
                            let t = limit == 0 ? 0.1 : limit
                            return isMin == passes ? t * (1 + unit) : t * (0.9 - 0.8 * unit)
                        } ?? unit * 3 - 0.5
                }
                let flags: Set<String> = random.next() % 2 == 0 ? ["covid_2020_pass"] : []
                full["s\(i)"] = .init(metrics: metrics, flags: flags, lastBarAt: 1_700_000_000, firstBarAt: 1_600_000_000)
                narrowed["s\(i)"] = .init(
                    metrics: metrics.filter { names.contains($0.key) }, flags: flags, lastBarAt: 1_700_000_000, firstBarAt: 1_600_000_000)
            }
            let evaluator = PolicyEvaluator(policy: policy)
            let a = evaluator.evaluate(PolicyInput(candidates: full, now: 1_700_000_100))
            let b = evaluator.evaluate(PolicyInput(candidates: narrowed, now: 1_700_000_100))
            #expect(a == b)
            selectedSome += a.selected.count
            failedSome += a.candidates.count - a.selected.count
        }
        #expect(selectedSome > 0 && failedSome > 0, "the generated candidates exercise both outcomes: \(selectedSome) selected, \(failedSome) not")
    }
}
