import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLCore

@Suite("Policy DSL parsing")
struct PolicyParserTests {
    static func example(_ name: String) throws -> Policy {
        try PolicyParser.parse(String(decoding: try TestData.repoFile("examples/policies/\(name)"), as: UTF8.self), fileName: name)
    }

    @Test func conservativeEquitiesExample() throws {
        let p = try Self.example("equities_conservative.yaml")
        #expect(p.preset == "conservative")
        #expect(p.selection.thresholds["sharpe"]?.min == 1.0)
        #expect(p.selection.thresholds["max_drawdown"]?.max == 0.15)  // from the preset
        #expect(p.selection.thresholds["trades"]?.metric.metric == "num_trades")
        #expect(p.selection.topK?.k == 3)
        #expect(p.selection.correlation == Policy.Correlation(max: 0.6, minOverlap: 40))
        #expect(p.selection.hysteresis?.minDwellSeconds == 864_000)
        guard case .any(let alternatives) = p.selection.gates else { Issue.record("gates"); return }
        #expect(alternatives.count == 2)
        #expect(p.campaign?.paperWindowSeconds == 60 * 86_400)
        #expect(p.validation?.minSampleDays == 250)
        #expect(p.validation?.sample.map(\.metric.description) == ["num_trades_60d"])
        #expect(p.validation?.risk.map(\.metric.description).sorted() == ["es_99", "max_drawdown_90d", "ulcer_index"])
        #expect(p.validation?.requiredStressFlags == ["covid_2020_pass"])
        #expect(p.governance.mode == .manualApproval && p.governance.cooldownSeconds == 86_400)
        #expect(p.governance.approvers == [.role("operator"), .user("risk-lead")])
        #expect(p.riskHub?.maxSnapshotAgeSeconds == 900)
    }

    @Test func cryptoAndResearchExamples() throws {
        let crypto = try Self.example("crypto_auto.yaml")
        #expect(crypto.governance.mode == .autoApply && crypto.governance.canaryFraction == 0.25 && crypto.governance.maxLiveSlots == 2)
        #expect(crypto.validation?.onMissingMetric == .warn)
        #expect(crypto.selection.topK?.k == 4)
        let research = try Self.example("research.json")
        #expect(research.governance.mode == .disabled)
        #expect(research.selection.topK?.k == 10)
    }

    @Test func theSpecExampleParses() throws {
        let text = """
            data_currency: {max_lag: 2d, min_history: 365d}
            selection:
              thresholds: {sharpe: {metric: sharpe, min: 0.8}, dd: {metric: max_drawdown, max: 0.2}}
              gates: {and: [{metric: num_trades, min: 30}, {or: [{metric: sortino, min: 1}, {metric: cagr, min: 0.1}]}]}
              top_k: {metric: sharpe, k: 3}
              correlation: {max: 0.8, min_overlap: 20}
              hysteresis: {metric: sharpe, enter: 0.9, exit: 0.6, min_dwell: 5d}
            campaign:
              backtest: {window: 365d}
              paper: {window: 60d}
              common: {min_trades_per_window: 2, min_sample_days: 40}
            validation:
              sample: {min_sample_days: 250, num_trades_60d: {min: 1}}
              risk: {max_drawdown_90d: {max: 0.2}, ulcer_index: {max: 8}, es_99: {max: 0.05}}
              stress: {required_flags: [covid_2020_pass]}
              on_missing_metric: fail
            governance:
              live_promotion:
                mode: manual_approval
                cooldown: 24h
                max_live_slots: 3
                canary_fraction: 0.25
                approvers: [role:operator, user:risk-lead]
            risk_hub: {max_snapshot_age: 15m}
            """
        let p = try PolicyParser.parse(text, fileName: "spec.yaml")
        #expect(
            p.selection.gates
                == .all([
                    .bound(.init(metric: try MetricName(parsing: "num_trades"), min: 30, max: nil)),
                    .any([
                        .bound(.init(metric: try MetricName(parsing: "sortino"), min: 1, max: nil)),
                        .bound(.init(metric: try MetricName(parsing: "cagr"), min: 0.1, max: nil)),
                    ]),
                ]))
    }

    @Test func missingGovernanceMeansManualApproval() throws {
        #expect(try PolicyParser.parse("selection: {top_k: {metric: sharpe, k: 2}}", fileName: "p.yaml").governance.mode == .manualApproval)
        #expect(try PolicyParser.parse("{}", fileName: "p.json").governance.mode == .manualApproval)
    }

    /// Equivalent policies written differently have one contract id (R-POL-5).
    @Test func contractIDIgnoresHowThePolicyIsWritten() throws {
        let a = try PolicyParser.parse(
            "selection: {top_k: {metric: sharpe, k: 3}, hysteresis: {metric: sharpe, enter: 0.9, exit: 0.6, min_dwell: 2d}}\ngovernance: {live_promotion: {cooldown: 24h}}",
            fileName: "a.yaml")
        let b = try PolicyParser.parse(
            #"{"governance": {"live_promotion": {"cooldown": "1d", "mode": "manual_approval"}}, "selection": {"hysteresis": {"min_dwell": "48h", "exit": 0.60, "enter": 0.9, "metric": "sharpe"}, "top_k": {"k": 3.0, "metric": "sharpe"}}}"#,
            fileName: "b.json")
        #expect(a.contractID == b.contractID)
        let c = try PolicyParser.parse("selection: {top_k: {metric: sharpe, k: 4}}", fileName: "c.yaml")
        #expect(c.contractID != a.contractID)
        // A preset and the same values written out are one contract.
        let preset = try PolicyParser.parse("preset: aggressive", fileName: "p.yaml")
        let explicit = try PolicyParser.parse(
            """
            selection:
              thresholds: {sharpe: {metric: sharpe, min: 0.5}, max_drawdown: {metric: max_drawdown, max: 0.4}, profit_factor: {metric: profit_factor, min: 1}}
              top_k: {metric: sharpe, k: 8}
              correlation: {max: 0.85}
              hysteresis: {metric: sharpe, enter: 0.5, exit: 0.3}
            """, fileName: "e.yaml")
        #expect(preset.contractID == explicit.contractID)
        #expect(a.contractID.description.hasPrefix("policy:blake3:"))
    }

    static let badFiles: [(name: String, text: String, position: String, code: QMTLError.Code, fragment: String)] = [
        ("unknown-top.yaml", "selction: {}\n", "1:1", .policyUnknownKey, "did you mean \"selection\""),
        (
            "unknown-nested.yaml", "selection:\n  top_k: {metric: sharpe, k: 3, kk: 1}\n", "2:33", .policyUnknownKey,
            "unknown key kk in selection.top_k"
        ),
        ("unknown-metric.yaml", "selection:\n  top_k: {metric: sharp, k: 3}\n", "2:19", .policyMetric, "did you mean \"sharpe\""),
        (
            "window-metric.yaml", "validation:\n  risk:\n    max_drawdown_0d: {max: 0.2}\n", "3:5", .policyMetric,
            "unknown metric \"max_drawdown_0d\""
        ),
        (
            "exit-above-enter.yaml", "selection:\n  hysteresis: {metric: sharpe, enter: 0.5, exit: 0.9}\n", "2:50", .policyImpossible,
            "exit 0.9 is above enter 0.5"
        ),
        (
            "days-do-not-fit.yaml", "campaign:\n  paper: {window: 30d}\n  common: {min_sample_days: 45}\n", "3:29", .policyImpossible,
            "cannot fit in the 30d paper window"
        ),
        ("bad-duration.yaml", "risk_hub: {max_snapshot_age: 15 minutes}\n", "1:30", .policyDuration, "like 30s, 15m"),
        ("bad-mode.yaml", "governance:\n  live_promotion: {mode: auto}\n", "2:26", .policyEnum, "manual_approval"),
        ("k-type.json", "{\"selection\": {\"top_k\": {\"metric\": \"sharpe\", \"k\": \"3\"}}}", "1:51", .policyType, "k must be a whole number"),
        ("k-range.yaml", "selection:\n  top_k: {metric: sharpe, k: 0}\n", "2:30", .policyRange, "must be in 1…100000"),
        ("corr-range.yaml", "selection:\n  correlation: {max: 1.5}\n", "2:22", .policyRange, "must be in 0…1"),
        (
            "min-above-max.yaml", "selection:\n  thresholds:\n    dd: {metric: max_drawdown, min: 0.3, max: 0.2}\n", "3:37", .policyImpossible,
            "nothing can pass"
        ),
        (
            "approver.yaml", "governance:\n  live_promotion: {approvers: [role:god]}\n", "2:32", .policyApprover,
            "role:<viewer|submitter|operator|admin>"
        ),
        (
            "gate-shape.yaml", "selection:\n  gates: {and: [{metric: sharpe, min: 1}], or: []}\n", "2:10", .policyType,
            "exactly one of and, or, not"
        ),
        ("preset.yaml", "preset: moderat\n", "1:9", .policyEnum, "did you mean \"moderate\""),
        ("canary-zero.yaml", "governance:\n  live_promotion: {canary_fraction: 0}\n", "2:37", .policyImpossible, "never promote"),
    ]

    @Test(arguments: badFiles.map(\.name))
    func badFilesNameLineAndColumn(_ name: String) {
        let c = Self.badFiles.first { $0.name == name }!
        let (policy, errors) = PolicyParser.check(c.text, fileName: c.name)
        #expect(policy == nil)
        let first = errors.first
        #expect(first?.code == c.code, "\(first?.description ?? "none")")
        #expect(first?.message.hasPrefix("\(c.name):\(c.position): ") == true, "\(first?.message ?? "")")
        #expect(first?.message.contains(c.fragment) == true, "\(first?.message ?? "")")
    }

    @Test func everyErrorIsReported() {
        let (_, errors) = PolicyParser.check(
            "selection:\n  top_k: {metric: sharp, k: 0}\n  hysteresis: {metric: sharpe, enter: 0.1, exit: 0.2}\nfoo: 1\n", fileName: "many.yaml")
        #expect(errors.count == 4)
        #expect(
            errors.map { $0.message.split(separator: " ")[0] }.sorted() == [
                "many.yaml:2:19:", "many.yaml:2:29:", "many.yaml:3:50:", "many.yaml:4:1:",
            ])
    }
}

@Suite("Sample policies evaluated")
struct SamplePolicyEvaluationTests {
    static let input: PolicyInput = {
        let data = try! TestData.repoFile("examples/metrics/equities_candidates.json")
        return try! PolicyInput(json: try! JSONParser.parseValue(Array(data)), now: UTCTimestamp.parse("2026-11-21T00:00:00Z")!)
    }()

    @Test func equities() throws {
        let d = PolicyEvaluator(policy: try PolicyParserTests.example("equities_conservative.yaml")).evaluate(Self.input)
        #expect(d.selected == ["mom-us", "value-us"])
        #expect(d.candidates["value-us"]?.rules.first { $0.rule == "hysteresis" }?.reasonCode == "incumbent_above_exit")
    }

    @Test func crypto() throws {
        // Aggressive thresholds, k 4, correlation 0.75: mom-eu is too close to mom-us; meanrev passes.
        let d = PolicyEvaluator(policy: try PolicyParserTests.example("crypto_auto.yaml")).evaluate(Self.input)
        #expect(d.selected == ["mom-us", "value-us", "meanrev"])
        #expect(d.candidates["mom-eu"]?.rules.last?.reasonCode == "correlation_too_high:mom-us")
    }

    @Test func research() throws {
        // The sandbox preset has no thresholds: the ten best by Sharpe.
        let d = PolicyEvaluator(policy: try PolicyParserTests.example("research.json")).evaluate(Self.input)
        #expect(d.selected == ["mom-us", "mom-eu", "value-us", "meanrev"])
    }
}

/// The expanded form stores keep reads back to the same policy (the contract id's source).
@Suite("Expanded policies")
struct ExpandedPolicyTests {
    @Test(arguments: ["equities_conservative.yaml", "crypto_auto.yaml", "research.json"])
    func expandedPoliciesReadBackToTheSamePolicy(_ name: String) throws {
        let text = String(decoding: try TestData.repoFile("examples/policies/\(name)"), as: UTF8.self)
        var policy = try PolicyParser.parse(text, fileName: name)
        policy.preset = nil
        let back = try Policy(expanded: policy.json)
        // The same meaning: lists the expanded form keeps sorted may come back in another order.
        #expect(back.json == policy.json)
        #expect(back.contractID == policy.contractID)
        #expect(back.selection == policy.selection && back.governance.mode == policy.governance.mode)
        #expect(Set(back.validation?.risk.map(\.metric.description) ?? []) == Set(policy.validation?.risk.map(\.metric.description) ?? []))
    }

    @Test func everyPresetAndTheEmptyPolicyReadBack() throws {
        for preset in PolicyPresets.all.keys.sorted() {
            var policy = try PolicyParser.parse("preset: \(preset)\n", fileName: "p.yaml")
            policy.preset = nil
            #expect(try Policy(expanded: policy.json).json == policy.json, "\(preset)")
        }
        #expect(try Policy(expanded: Policy().json) == Policy())
        #expect(throws: QMTLError.self) { try Policy(expanded: ["selection": ["top_k": ["metric": "sharp", "k": 3]]]) }
    }
}
