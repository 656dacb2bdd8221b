import Foundation
import QMTLAPI
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// `qmtl demo` through the built binary: the whole loop, and every verdict checked against
/// the runs' own numbers, recomputed here.
@Suite("CLI: demo")
struct DemoCLITests {
    static func events(_ r: CLIRunner.Result) throws -> [[String: Any]] {
        try r.out.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    @Test func theDemoRunsTheLoopAndItsVerdictsAreThePoliciesOnTheNumbers() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try await CLIRunner.run(["demo", "--json", "--dir", dir.path], directory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let events = try Self.events(run)
        func all(_ name: String) -> [[String: Any]] { events.filter { $0["event"] as? String == name } }
        func verdict(_ kind: String, _ strategy: String, _ world: String) -> [String: Any]? {
            all(kind).first { $0["strategy"] as? String == strategy && $0["world"] as? String == world }
        }
        for world in ["demo-manual", "demo-auto"] {
            // Backtests: the near copy is turned away by the correlation rule; the others pass.
            #expect(verdict("backtest", "trend", world)?["state"] as? String == "evaluated")
            #expect(verdict("backtest", "fast_momentum", world)?["state"] as? String == "evaluated")
            let copy = try #require(verdict("backtest", "trend_copy", world))
            #expect(copy["state"] as? String == "rejected")
            #expect((copy["reason"] as? String)?.hasPrefix("correlation ") == true, "\(copy)")
            // Paper: the overfit strategy fails validation on the bars it never saw; the sound one passes.
            let fast = try #require(verdict("job", "fast_momentum", world))
            #expect(fast["run_state"] as? String == "rejected" && (fast["reason"] as? String)?.contains("sharpe") == true, "\(fast)")
            #expect(verdict("job", "trend", world)?["run_state"] as? String == "evaluated")
        }
        #expect(Set(all("job").compactMap { $0["worker"] as? String }).isSubset(of: ["demo-worker-1", "demo-worker-2"]))
        // Approvals: an operator in the manual world; governance or an operator in the canary world.
        let approvals = all("approval")
        #expect(approvals.contains { $0["world"] as? String == "demo-manual" && ($0["decided_by"] as? String)?.hasPrefix("user:") == true })
        #expect(approvals.contains { $0["world"] as? String == "demo-auto" && $0["strategy"] as? String == "trend" })
        #expect(!approvals.contains { $0["strategy"] as? String != "trend" }, "only the sound strategy is ever approved")
        // The world-local stop: inactive where it was posted, live in the other world.
        let activations = all("activation")
        #expect(activations.first { $0["world"] as? String == "demo-manual" }?["active"] as? Bool == false)
        #expect(activations.first { $0["world"] as? String == "demo-auto" }?["effective_mode"] as? String == "live")
        let done = try #require(all("done").first)
        #expect((done["live_before_stop"] as? [String: [String]]) == ["demo-manual": ["trend"], "demo-auto": ["trend"]])
        #expect((done["live"] as? [String: [String]]) == ["demo-manual": [], "demo-auto": ["trend"]])
        #expect(try #require(done["seconds"] as? Double) < 60)
        let report = try #require(all("report").first?["path"] as? String)
        let html = try String(contentsOfFile: report, encoding: .utf8)
        let trendID = try #require(all("backtest").first { $0["strategy"] as? String == "trend" }?["strategy_id"] as? String)
        #expect(html.contains("<svg") && html.contains(trendID))

        // The numbers behind the verdicts, recomputed from the store the demo leaves behind.
        let store = dir.appendingPathComponent("qmtl.sqlite").path
        let handle = try await SQLiteStore(path: store)
        let ws = QMTLService(store: handle, caller: Caller(actor: "user:test", role: .viewer))
        func series(_ file: String, stage: String) async throws -> [Double] {
            let id = try #require(
                events.first { $0["event"] as? String == "backtest" && $0["strategy"] as? String == file }?["strategy_id"] as? String)
            let run = try #require(try await ws.runs(world: "demo-manual", strategy: id, stage: stage, limit: 1).first)
            return try await ws.runSeries(world: "demo-manual", strategy: id, runID: run.runID).equity
        }
        func returns(_ e: [Double]) -> [Double] { zip(e.dropFirst(), e).map { $0 / $1 - 1 } }
        let a = returns(try await series("trend", stage: "backtest"))
        let b = returns(try await series("trend_copy", stage: "backtest"))
        #expect(a.count == b.count && a.count > 300)
        let corr = Self.pearson(a, b)
        #expect(corr > 0.8, "the copy really is a near copy: \(corr)")
        let said = try #require(verdict("backtest", "trend_copy", "demo-manual")?["reason"] as? String)
        #expect(said.hasPrefix("correlation \(String(format: "%.2f", corr)) with trend"), "\(said) vs \(corr)")
        // The overfit strategy's paper Sharpe, from its own equity (mean/std of daily returns × √252).
        let paper = returns(try await series("fast_momentum", stage: "paper"))
        let mean = paper.reduce(0, +) / Double(paper.count)
        let sd = (paper.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(paper.count - 1)).squareRoot()
        #expect(mean / sd * 252.0.squareRoot() < 1, "below the policy's sharpe ≥ 1")
        try await handle.close()

        // What the demo leaves behind works with the commands it suggests.
        #expect(try await CLIRunner.run(["audit", "verify", "--store", store], directory: dir).status == 0)
        let status = try await CLIRunner.run(["world", "status", "demo-auto", "--store", store], directory: dir)
        let trendLine = status.out.split(separator: "\n").first { $0.contains("trend (\(trendID.prefix(19))…)") }
        #expect(
            status.status == 0 && trendLine?.contains("running  paper evaluated") == true && trendLine?.contains("live [") == true, "\(status.out)")
        // A second demo on the same store is refused before it writes anything.
        let again = try await CLIRunner.run(["demo", "--store", store, "--dir", dir.path], directory: dir)
        #expect(again.status == 1 && again.stderr.contains("[E_WORLD_EXISTS]") && again.stderr.contains("already exists"), "\(again.stderr)")
    }

    /// The same story on PostgreSQL (`--store postgres://…`), where the demo needs an admin.
    @Test(.enabled(if: StoreKind.available.contains(.postgres))) func theDemoRunsOnPostgreSQL() async throws {
        let database = try await PostgresTestDatabase.create()
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let refused = try await CLIRunner.run(
            ["demo", "--store", database.url, "--dir", dir.path], environment: ["QMTL_ROLE": "operator"], directory: dir)
        #expect(refused.status == 1 && refused.stderr.contains("QMTL_ROLE=admin") && refused.stderr.contains("[E_FORBIDDEN]"), "\(refused.stderr)")
        let run = try await CLIRunner.run(
            ["demo", "--json", "--store", database.url, "--dir", dir.path], environment: ["QMTL_ROLE": "admin"], directory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        let done = try #require(try Self.events(run).first { $0["event"] as? String == "done" })
        #expect((done["live_before_stop"] as? [String: [String]]) == ["demo-manual": ["trend"], "demo-auto": ["trend"]])
        #expect((done["live"] as? [String: [String]]) == ["demo-manual": [], "demo-auto": ["trend"]])
        try await database.drop()
    }

    @Test func theDemoReadsAsSectionsTablesAndNextSteps() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try await CLIRunner.run(["demo", "--dir", dir.path], directory: dir)
        #expect(run.status == 0, "\(run.stderr)")
        for n in 1...8 { #expect(run.out.contains("── \(n) · "), "section \(n)") }
        #expect(run.out.contains("STRATEGY") && run.out.contains("BACKTEST VERDICT") && run.out.contains("paper bars [████████████████████] 100%"))
        #expect(run.out.contains("live in demo-manual: none (stopped: trend)") && run.out.contains("live in demo-auto: trend"))
        #expect(run.out.contains("demo-auto: fast_momentum stays out: blocked: validation_failed"), "\(run.out)")
        // Its build directory is not on PATH here: the next commands go through `swift run`.
        #expect(run.out.contains("  swift run qmtl world status demo-auto --store \(dir.path)/qmtl.sqlite"))
        // With it on PATH they call `qmtl` itself.
        let onPath = dir.appendingPathComponent("on-path")
        let path = CLIRunner.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let direct = try await CLIRunner.run(["demo", "--dir", onPath.path], environment: ["PATH": path], directory: dir)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect(direct.out.contains("\n  qmtl world status demo-auto --store \(onPath.path)/qmtl.sqlite"), "\(direct.out)")
        #expect(!direct.out.contains("swift run qmtl"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report-demo-manual.html").path))
        for file in ["trend.yaml", "trend_copy.yaml", "fast_momentum.yaml", "demo_bars.csv", "demo-manual.policy.yaml"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), "\(file)")
        }
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
