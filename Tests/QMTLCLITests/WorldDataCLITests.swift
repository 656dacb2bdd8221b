import Foundation
import QMTLTestSupport
import Testing

/// `qmtl world …` and `qmtl data …` on an embedded store, through the built binary.
@Suite("CLI: worlds and datasets")
struct WorldDataCLITests {
    static let bars = TestData.shared.appendingPathComponent("bars/synthetic_daily_2000.csv").path

    static func json(_ r: CLIRunner.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any], "\(r.out) \(r.stderr)")
    }

    static func jsonArray(_ r: CLIRunner.Result) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [[String: Any]], "\(r.out) \(r.stderr)")
    }

    @Test func aWorldInOneLineThenChangedShownAndListed() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func qmtl(_ args: [String], env: [String: String] = [:]) async throws -> CLIRunner.Result {
            try await CLIRunner.run(args, environment: env, directory: dir)
        }
        let created = try await qmtl([
            "world", "create", "eq", "--data", Self.bars, "--symbol", "SYN", "--commission-bps", "10", "--allow-live", "--json",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("created a new store at .qmtl/qmtl.sqlite"))
        let world = try Self.json(created)
        let spec = try #require(world["spec"] as? [String: Any])
        let dataset = try #require(spec["dataset"] as? [String: Any])
        #expect(world["id"] as? String == "world:eq" && world["state"] as? String == "ACTIVE")
        #expect(dataset["fingerprint"] as? String == "lake:blake3:50d98b7744af7eae507e2935bd82e1551d1157f1e807acd9dc153f78fee69235")
        #expect(spec["allow_live"] as? Bool == true && (spec["market_config"] as? [String: Any])?["commission_bps"] as? Double == 10)

        let again = try await qmtl(["data", "add", Self.bars, "--symbol", "SYN"])
        #expect(again.status == 0 && again.out.hasPrefix("already registered (nothing changed): lake:blake3:50d98b77"), "\(again.out)")
        let updated = try Self.json(try await qmtl(["world", "update", "eq", "--slippage-bps", "5", "--label", "equities", "--json"]))
        #expect(updated["world_ref"] as? String != world["world_ref"] as? String)
        let unchanged = try await qmtl(["world", "update", "eq", "--slippage-bps", "5"])
        #expect(unchanged.out.hasPrefix("unchanged world:eq"), "\(unchanged.out)")
        let shown = try await qmtl(["world", "show", "eq"])
        #expect(shown.out.contains("commission 10 bps, slippage 5 bps") && shown.out.contains("labels    equities"), "\(shown.out)")
        let list = try await qmtl(["world", "list"])
        #expect(list.out.contains("world:eq  ACTIVE  SYN 1d   allowed"), "\(list.out)")
        #expect(try await qmtl(["world", "suspend", "eq"]).out.hasPrefix("suspended world:eq  SUSPENDED"))
        #expect(try await qmtl(["world", "resume", "eq"]).out.hasPrefix("resumed world:eq  ACTIVE"))

        let typo = try await qmtl(["world", "show", "qe"])
        #expect(typo.status == 1 && typo.stderr == "error: no world world:qe (did you mean \"eq\"?) [E_WORLD_NOT_FOUND]\n", "\(typo.stderr)")
        let badRole = try await qmtl(["world", "list"], env: ["QMTL_ROLE": "god"])
        #expect(badRole.status == 1 && badRole.stderr.hasSuffix("[E_BAD_ROLE]\n"), "\(badRole.stderr)")
        // The creator of the embedded store is its admin, written as canonical JSON.
        let roles = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".qmtl/roles.json"))) as? [String: String])
        #expect(roles.count == 1 && roles.keys.first?.hasPrefix("user:") == true && roles.values.first == "admin", "\(roles)")
        let viewer = try await qmtl(["world", "archive", "eq"], env: ["QMTL_ROLE": "viewer"])
        #expect(viewer.status == 1 && viewer.stderr.hasSuffix("[E_FORBIDDEN]\n"), "\(viewer.stderr)")
        let audit = try await qmtl(["audit", "verify"])
        #expect(audit.out == "audit log intact: 5 entries\n", "dataset, world, one update (the other was a no-op), suspend, resume: \(audit.out)")
    }

    @Test func synthesisedDataIsReproducibleAndListed() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["data", "synth", "--symbol", "MIN", "--bars", "5000", "--seed", "42", "--interval", "1m", "--json"]
        let first = try Self.json(try await CLIRunner.run(args, directory: dir))
        let second = try Self.json(try await CLIRunner.run(args, directory: dir))
        #expect(first["created"] as? Bool == true && second["created"] as? Bool == false)
        #expect(first["fingerprint"] as? String == second["fingerprint"] as? String)
        #expect(first["bars"] as? Int == 5000 && first["interval"] as? Int == 60 && first["last_bar"] as? String == "2015-01-05T11:19:00Z")
        let list = try await CLIRunner.run(["data", "list", "--json"], directory: dir)
        let all = try #require(try JSONSerialization.jsonObject(with: list.stdout) as? [[String: Any]])
        #expect(all.count == 1 && all[0]["symbol"] as? String == "MIN")
        let show = try await CLIRunner.run(["data", "show", first["fingerprint"] as! String], directory: dir)
        #expect(show.out.contains("5000 bars of MIN every 1m"), "\(show.out)")
        let bad = try await CLIRunner.run(["world", "create", "w", "--dataset", "lake:blake3:" + String(repeating: "0", count: 64)], directory: dir)
        #expect(bad.status == 1 && bad.stderr.hasSuffix("[E_DATASET_NOT_FOUND]\n"), "\(bad.stderr)")
    }
}

/// `qmtl submit` and `qmtl status` through the built binary: the loop up to "evaluated".
@Suite("CLI: submit and status")
struct SubmitCLITests {
    @Test func submitEvaluatesInEachWorldAndResubmittingChangesNothing() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let strategy = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path
        func qmtl(_ args: [String]) async throws -> CLIRunner.Result { try await CLIRunner.run(args, directory: dir) }
        #expect(try await qmtl(["world", "create", "a", "--data", WorldDataCLITests.bars, "--symbol", "SYN"]).status == 0)
        #expect(
            try await qmtl(["world", "create", "b", "--dataset", "lake:blake3:50d98b7744af7eae507e2935bd82e1551d1157f1e807acd9dc153f78fee69235"])
                .status
                == 0)
        let first = try await qmtl(["submit", strategy, "--world", "a", "--world", "b"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.out.contains("world:a  evaluated  bound, backtested") && first.out.contains("world:b  evaluated  bound, backtested"), "\(first.out)"
        )
        #expect(first.out.contains("sharpe -0.128779"), "the metrics of the numpy reference: \(first.out)")
        let audit = try await qmtl(["audit", "verify"]).out
        let again = try await qmtl(["submit", strategy, "--world", "a", "--world", "b", "--json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: again.stdout) as? [String: Any])
        let results = try #require(doc["results"] as? [[String: Any]])
        #expect(results.map { $0["cached"] as? Bool } == [true, true])
        // R-SDK-7: the world's decision and the resolved mode come with each result.
        #expect(results.map { $0["effective_mode"] as? String } == ["compute-only", "compute-only"])
        #expect(results.map { $0["safe_mode"] as? Bool } == [false, false])
        #expect(try await qmtl(["audit", "verify"]).out == audit, "resubmitting wrote nothing")
        let status = try await qmtl(["status", strategy, "--world", "a"])
        #expect(status.out.contains("in world:a: valid") && status.out.contains("backtest  evaluated"), "\(status.out)")
        let policy = try CLIRunner.temporaryDirectory().appendingPathComponent("strict.yaml")
        try Data("selection: {thresholds: {sharpe: {metric: sharpe, min: 1}}}\n".utf8).write(to: policy)
        let whatIf = try await qmtl(["world", "policy", "what-if", "a", policy.path])
        #expect(whatIf.status == 0 && whatIf.out.contains("- blake3:049b486a") && whatIf.out.contains("threshold.sharpe: below_min"), "\(whatIf.out)")
        #expect(try await qmtl(["world", "policy", "set", "a", policy.path]).out.hasPrefix("published world:a policy v1"))
        let rejected = try await qmtl(["submit", strategy, "--world", "a"])
        #expect(rejected.status == 1 && rejected.out.contains("world:a  rejected"), "\(rejected.out)")
        #expect(rejected.out.contains("re-evaluated: contract_id changed"), "\(rejected.out)")
        #expect(rejected.out.contains("hint: threshold.sharpe: sharpe is -0.1288; the policy requires"), "\(rejected.out)")
        #expect(try await qmtl(["status", strategy, "--world", "a"]).out.contains("in world:a: invalid"))
        let runStatus = try await qmtl(["world", "run-status", "a", "--strategy", strategy, "--metrics", "--history"])
        #expect(runStatus.status == 0 && runStatus.out.contains("backtest  rejected  world:a"), "\(runStatus.out)")
        #expect(runStatus.out.contains("  sharpe ") && runStatus.out.contains("#4") && runStatus.out.contains("rejected"), "\(runStatus.out)")
        let unbound = try await qmtl(["status", strategy, "--world", "zz"])
        #expect(unbound.status == 1 && unbound.stderr.hasSuffix("[E_WORLD_NOT_FOUND]\n"))
    }
}
