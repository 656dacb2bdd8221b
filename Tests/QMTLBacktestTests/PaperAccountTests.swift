import Foundation
import QMTLBacktest
import QMTLCore
import QMTLTestSupport
import Testing

/// The paper stage's engine (R-CAMP-5): indicators warmed on the bars before the paper start,
/// a fresh account from it, and resumable from any checkpoint with the same result.
@Suite("Paper account")
struct PaperAccountTests {
    static let bars = ReferenceBacktestTests.bars
    static let config = ExecutionConfig(commissionBps: 5, slippageBps: 2)

    static func engine() throws -> Backtester {
        Backtester(plan: try BacktestPlan(try SDKTests.fileGraph()), config: config)
    }

    static func node(_ name: String) throws -> NodeID {
        try #require(try SDKTests.fileGraph().nodes.first { $0.name == name }).canonical.nodeID
    }

    /// The first bar index after `from` at whose close the strategy holds a long target.
    static func longAt(from: Int) throws -> Int {
        var e = try engine()
        let position = try node("position")
        for (i, bar) in bars.enumerated() {
            e.step(bar)
            if i >= from, e.output(of: position) == 1 { return i }
        }
        throw QMTLError(.usage, "the strategy is never long after bar \(from)")
    }

    @Test func theAccountOpensFreshOnWarmIndicators() throws {
        let k = try Self.longAt(from: 1000) + 1  // the strategy wants to be long when the paper stage starts
        var continuous = try Self.engine()
        continuous.run(Self.bars)
        var paper = try Self.engine()
        paper.run(Self.bars[..<k])
        #expect(!paper.trades.isEmpty && paper.cash != Self.config.startingCash, "the warm-up traded")
        paper.openAccount()
        #expect(paper.cash == Self.config.startingCash && paper.shares == 0 && paper.trades.isEmpty && paper.equity.isEmpty)
        paper.run(Self.bars[k...])

        #expect(paper.timestamps.first == Self.bars[k].ts && paper.equity.count == Self.bars.count - k)
        // The long target held at the start fills at the first paper bar's open, and nothing earlier.
        #expect(paper.orders.first?.ts == Self.bars[k].ts && paper.orders.allSatisfy { $0.ts >= Self.bars[k].ts })
        #expect(paper.orders.first.map { $0.quantity > 0 } == true)
        // Indicators were not reset: they end where an uninterrupted run's do.
        for name in ["sma_fast", "sma_slow", "position"] {
            let id = try Self.node(name)
            #expect(paper.output(of: id) == continuous.output(of: id), "\(name)")
        }
        // After its first fill the paper account trades exactly when the uninterrupted run does.
        #expect(paper.orders.dropFirst().map(\.ts) == continuous.orders.filter { $0.ts > Self.bars[k].ts }.map(\.ts))
    }

    @Test func aPaperRunResumedFromCheckpointsEqualsOneUninterrupted() throws {
        let k = 1500
        var once = try Self.engine()
        once.run(Self.bars[..<k])
        once.openAccount()
        once.run(Self.bars[k...])

        var resumed = try Self.engine()
        resumed.run(Self.bars[..<k])
        resumed.openAccount()
        // Checkpoints every 7 bars; the process is killed every 50 bars and restarts from the
        // last checkpoint, replaying the bars after it.
        var saved = (state: try resumed.checkpoint(), next: k)
        var i = k
        var killed: Set<Int> = []
        while i < Self.bars.count {
            resumed.step(Self.bars[i])
            i += 1
            if (i - k) % 7 == 0 { saved = (try resumed.checkpoint(), i) }
            if (i - k) % 50 == 0 && i < Self.bars.count && killed.insert(i).inserted {
                resumed = try Backtester(checkpoint: saved.state)
                i = saved.next
            }
        }
        #expect(killed.count > 5)
        #expect(resumed.equity == once.equity && resumed.trades == once.trades && resumed.orders == once.orders)
        #expect(resumed.metrics() == once.metrics())
    }
}
