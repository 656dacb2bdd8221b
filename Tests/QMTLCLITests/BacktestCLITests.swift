import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@Suite("qmtl backtest (CLI)")
struct BacktestCLITests {
    static let daily = TestData.shared.appendingPathComponent("bars/synthetic_daily_2000.csv").path

    @Test func jsonHasTheDocumentedShapeAndTheReferenceNumbers() async throws {
        let r = try await CLIRunner.run(["backtest", "examples/strategies/sma_cross.yaml", "--data", Self.daily, "--commission-bps", "10", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        #expect(Set(doc.keys) == ["dataset_fingerprint", "metrics", "trades", "open_trade", "equity"])
        #expect(doc["dataset_fingerprint"] as? String == "lake:blake3:50d98b7744af7eae507e2935bd82e1551d1157f1e807acd9dc153f78fee69235")
        let metrics = doc["metrics"] as! [String: Double]
        for name in MetricName.base where name != "profit_factor" || metrics[name] != nil {
            #expect(metrics[name] != nil, "missing \(name)")
        }
        #expect(metrics["num_trades_60d"] != nil && metrics["max_drawdown_90d"] != nil)
        #expect(abs(metrics["final_equity"]! - 7131.9289211796295) < 1e-6)
        let trades = doc["trades"] as! [[String: Any]]
        #expect(trades.count == 36)
        #expect(Set(trades[0].keys) == ["entry_ts", "entry_price", "exit_ts", "exit_price", "pnl", "return"])
        #expect((doc["equity"] as! [Any]).count == 2000)
        #expect((doc["open_trade"] as? [String: Any])?["entry_ts"] as? String == "2022-08-18T00:00:00Z")
    }

    @Test func tableAndBadData() async throws {
        let r = try await CLIRunner.run(["backtest", "examples/strategies/sma_cross.yaml", "--data", Self.daily])
        #expect(r.status == 0)
        #expect(r.out.contains("sharpe") && r.out.contains("lake:blake3:50d98b77"))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-bt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.csv")
        try "ts,open,high,low,close,volume\n2015-01-02T00:00:00Z,10,9,8,10.5,1\n".write(to: bad, atomically: true, encoding: .utf8)
        let e = try await CLIRunner.run(["backtest", "examples/strategies/sma_cross.yaml", "--data", bad.path])
        #expect(e.status == 1)
        #expect(e.stderr.contains("\(bad.path):2: high 9 is below max(open, close)"))
        let usage = try await CLIRunner.run(["backtest", "examples/strategies/sma_cross.yaml", "--data", bad.path, "--commission-bps", "-1"])
        #expect(usage.status == 2)
    }
}
