import Foundation
import QMTLTestSupport
import Testing

/// `qmtl world status --strategy` and `qmtl world campaign-tick` through the built binary.
@Suite("CLI: campaigns")
struct CampaignCLITests {
    @Test func statusShowsTheCampaignAndTheTickItsNextAction() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func qmtl(_ args: [String]) async throws -> CLIRunner.Result { try await CLIRunner.run(args, directory: dir) }
        #expect(try await qmtl(["world", "create", "a", "--data", WorldDataCLITests.bars, "--symbol", "SYN"]).status == 0)
        let policy = dir.appendingPathComponent("p.yaml")
        try "campaign:\n  backtest: {window: 365d}\n  paper: {window: 60d}\n  common: {min_trades_per_window: 1}\n".write(
            to: policy, atomically: true, encoding: .utf8)
        #expect(try await qmtl(["world", "policy", "set", "a", policy.path]).status == 0)
        let strategy = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path
        #expect(try await qmtl(["world", "campaign-tick", "a"]).out.contains("nothing to do now"), "nothing bound yet")
        let submitted = try WorldDataCLITests.json(try await qmtl(["submit", strategy, "--world", "a", "--json"]))
        let id = try #require(submitted["strategy_id"] as? String)
        let again = try await qmtl(["submit", strategy, "--world", "a"])
        #expect(again.out.contains("  campaign backtest_campaign [##########] 100%, ready for paper"), "\(again.out)")

        let status = try await qmtl(["world", "status", "a", "--strategy", id])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.out.contains("campaign  backtest_campaign  [##########] 100%  2679 days observed, 365 required"), "\(status.out)")
        #expect(status.out.contains("paper start 2022-05-04T00:00:00Z") && status.out.contains("promotable to paper: yes   to live: no"))
        let json = try WorldDataCLITests.json(try await qmtl(["world", "status", "a", "--strategy", id, "--json"]))
        let campaign = try #require((json["campaigns"] as? [[String: Any]])?.first)
        #expect(campaign["phase"] as? String == "backtest_campaign" && campaign["promotable_to_paper"] as? Bool == true)

        let tick = try WorldDataCLITests.json(try await qmtl(["world", "campaign-tick", "a", "--json"]))
        let actions = try #require(tick["actions"] as? [[String: Any]])
        #expect(actions.map { $0["action"] as? String } == ["start_paper"] && tick["schema_version"] as? Int == 1)
        let repeated = try WorldDataCLITests.json(try await qmtl(["world", "campaign-tick", "a", "--strategy", id, "--json"]))
        #expect((repeated["actions"] as? [[String: Any]])?.first?["idempotency_key"] as? String == actions.first?["idempotency_key"] as? String)
        let unknown = try await qmtl(["world", "status", "a", "--strategy", "blake3:" + String(repeating: "0", count: 64)])
        #expect(unknown.status == 1 && unknown.stderr.contains("[E_NOT_BOUND]"), "\(unknown.stderr)")
    }
}
