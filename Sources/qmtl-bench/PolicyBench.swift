import ArgumentParser
import QMTLBacktest
import QMTLCore

/// `qmtl-bench policy`: whole-world evaluations per second for 1,000 candidates under a full
/// policy (thresholds, gates, validation, stress flags, data currency, hysteresis, top_k,
/// correlation). Target ≥ 200/s. One core.
struct PolicyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Policy evaluations per second.")

    @Option(help: "Candidates per world.") var candidates = 1000
    @Option(help: "Whole-world evaluations to time.") var rounds = 300

    static let policyText = """
        data_currency: {max_lag: 2d, min_history: 365d}
        selection:
          thresholds: {sharpe: {metric: sharpe, min: 0.8}, dd: {metric: max_drawdown, max: 0.25}, wr: {metric: win_rate, min: 0.5}}
          gates: {and: [{metric: num_trades, min: 30}, {or: [{metric: sortino, min: 1}, {metric: cagr, min: 0.1}]}]}
          top_k: {metric: sharpe, k: 20}
          correlation: {max: 0.8, min_overlap: 20}
          hysteresis: {metric: sharpe, enter: 0.9, exit: 0.6, min_dwell: 5d}
        validation:
          sample: {min_sample_days: 250, num_trades_60d: {min: 1}}
          risk: {max_drawdown_90d: {max: 0.2}, ulcer_index: {max: 8}, es_99: {max: 0.05}}
          stress: {required_flags: [covid_2020_pass]}
          on_missing_metric: fail
        """

    func run() async throws {
        let evaluator = PolicyEvaluator(policy: try PolicyParser.parse(Self.policyText, fileName: "bench.yaml"))
        let now: Int64 = 1_800_000_000
        var rng = SplitMix64(seed: 42)  // the same inputs on every run
        var cands: [String: PolicyInput.Candidate] = [:]
        for i in 0..<candidates {
            let metrics: [String: Double] = [
                "sharpe": rng.uniform(0.5, 2.5), "max_drawdown": rng.uniform(0.05, 0.27), "win_rate": rng.uniform(0.45, 0.65),
                "num_trades": rng.uniform(20, 200).rounded(), "sortino": rng.uniform(0.5, 3), "cagr": rng.uniform(-0.05, 0.3),
                "sample_days": rng.uniform(240, 400).rounded(), "num_trades_60d": rng.uniform(0, 20).rounded(),
                "max_drawdown_90d": rng.uniform(0.02, 0.21), "ulcer_index": rng.uniform(1, 8.5), "es_99": rng.uniform(0.01, 0.055),
            ]
            cands["s\(i)"] = PolicyInput.Candidate(
                metrics: metrics, flags: rng.uniform(0, 1) < 0.9 ? ["covid_2020_pass"] : [], lastBarAt: now - 86_400, firstBarAt: now - 400 * 86_400)
        }
        // Every pair among the 200 best by Sharpe (the ones the correlation walk reaches).
        let top = cands.sorted { ($0.value.metrics["sharpe"] ?? 0) > ($1.value.metrics["sharpe"] ?? 0) }.prefix(200).map(\.key)
        var pairs: [PolicyInput.Pair] = []
        for i in 0..<top.count {
            for j in (i + 1)..<top.count {
                pairs.append(.init(a: top[i], b: top[j], corr: rng.uniform(-0.9, 0.9), overlap: 250))
            }
        }
        var previous: [String: Int64?] = [:]
        for i in stride(from: 0, to: candidates, by: 100) { previous["s\(i)"] = now - 10 * 86_400 }
        let input = PolicyInput(candidates: cands, correlations: pairs, previousActive: previous, now: now)
        var selected = 0
        let t = ContinuousClock().measure {
            for _ in 0..<rounds { selected &+= evaluator.evaluate(input).selected.count }
        }
        let perSecond = Double(rounds) / t.seconds
        print("policy_world_evals_per_sec \(Int(perSecond))  # \(candidates) candidates each, \(selected / rounds) selected")
        print("policy_candidate_evals_per_sec \(Int(perSecond * Double(candidates)))")
    }
}
