import Foundation
import QMTLBacktest
import QMTLTestSupport
import Testing

@testable import QMTLCore

@Suite("Strategy SDK, order gate, checkpoints")
struct SDKTests {
    static func smaCross() -> Strategy {
        let price = BarSource(symbol: "SYN", interval: 86_400).node.named("price")
        let fast = SMA(price, window: 10).node.named("sma_fast")
        let slow = SMA(price, window: 30).node.named("sma_slow")
        let cross = Crossover(fast: fast, slow: slow).node.named("cross")
        return Strategy(name: "sma_cross", outputs: [PositionTarget(cross, long: 1, short: 0).node.named("position")])
    }

    static func fileGraph() throws -> StrategyGraph {
        try StrategyFile.load(
            String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self), fileName: "sma_cross.yaml")
    }

    @Test func swiftAndFileGiveTheSameIDsAndResults() throws {
        let dsl = try Self.smaCross().graph()
        let file = try Self.fileGraph()
        #expect(dsl.strategyID == file.strategyID)
        #expect(dsl.nodes.map(\.canonical.nodeID) == file.nodes.map(\.canonical.nodeID))
        #expect(dsl.nodes.map(\.name) == file.nodes.map(\.name))
        var a = Backtester(plan: try BacktestPlan(dsl))
        var b = Backtester(plan: try BacktestPlan(file))
        a.run(ReferenceBacktestTests.bars)
        b.run(ReferenceBacktestTests.bars)
        #expect(a.equity == b.equity && a.trades == b.trades)
    }

    @Test func unnamedNodesAndDefaultsStillMatch() throws {
        let price = BarSource(symbol: "SYN", interval: 86_400)
        let s = Strategy(outputs: [PositionTarget(Crossover(fast: SMA(price, window: 10), slow: SMA(price, window: 30)))])
        #expect(try s.graph().strategyID == (try Self.fileGraph()).strategyID)
    }

    @Test func userNodesNeedTheirRegisteredCodeHash() throws {
        var registry = NodeRegistry.builtins
        let code = BLAKE3.hash("struct MyFilter { … } v3")
        try registry.register(
            NodeTypeSpec(
                name: "MyFilter", kind: .operator, output: .series, inputs: .single(accepts: [.bar]), params: [ParamSpec("alpha", .number(0...1))],
                period: .constant(1), codeHash: code))
        let price = BarSource(symbol: "SYN", interval: 86_400)
        var params = JSONObject()
        params["alpha"] = 0.3
        let node = UserNode(type: "MyFilter", inputs: [price], params: params)
        let graph = try Strategy(outputs: [node]).graph(registry: registry)
        #expect(graph.nodes[1].canonical.codeHash == code)
        let unknown = #expect(throws: QMTLError.self) { try Strategy(outputs: [node]).graph() }
        #expect(unknown?.code == .unknownNodeType)
        let wrongHash = UserNode(type: "MyFilter", inputs: [price], params: params, codeHash: BLAKE3.hash("other"))
        #expect((#expect(throws: QMTLError.self) { try Strategy(outputs: [wrongHash]).graph(registry: registry) })?.code == .codeHashMismatch)
    }

    @Test(arguments: OrderGate<SimulatedBroker>.Mode.allCases)
    func orderGateRoutesOrDrops(_ mode: OrderGate<SimulatedBroker>.Mode) throws {
        var bt = Backtester(plan: try BacktestPlan(try Self.fileGraph()))
        bt.run(ReferenceBacktestTests.bars)
        #expect(bt.orders.count == 73)  // 36 round trips and the open one
        var gate = OrderGate(mode: mode, live: SimulatedBroker())
        let fills = try bt.orders.compactMap { try gate.route($0) }
        switch mode {
        case .off:
            #expect(fills.isEmpty && gate.dropped == 73)
            #expect(gate.paperBroker.calls == 0 && gate.liveBroker.calls == 0)  // the broker receives zero calls
        case .paper:
            #expect(gate.paperBroker.calls == 73 && gate.liveBroker.calls == 0 && gate.dropped == 0)
            #expect(fills.map(\.price) == bt.orders.map(\.price))
        case .live:
            #expect(gate.liveBroker.calls == 73 && gate.paperBroker.calls == 0)
        }
    }

    @Test func checkpointBytesResumeBitIdentically() throws {
        let plan = try BacktestPlan(try Self.fileGraph())
        var whole = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 10))
        whole.run(ReferenceBacktestTests.bars)
        var first = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 10))
        first.run(ReferenceBacktestTests.bars[..<777])
        var resumed = try Backtester(checkpoint: try first.checkpoint())
        resumed.run(ReferenceBacktestTests.bars[777...])
        #expect(resumed.equity == whole.equity)
        #expect(resumed.trades == whole.trades && resumed.orders == whole.orders)
        #expect(throws: QMTLError.self) { try Backtester(checkpoint: Data("{}".utf8)) }
    }

    @Test func syntheticBarsAreSeededAndValid() throws {
        let a = SyntheticBars(seed: 7, interval: 86_400).generate(count: 500)
        let b = SyntheticBars(seed: 7, interval: 86_400).generate(count: 500)
        #expect(a == b)
        #expect(a != SyntheticBars(seed: 8, interval: 86_400).generate(count: 500))
        #expect(a.allSatisfy { $0.high >= max($0.open, $0.close) && $0.low <= min($0.open, $0.close) && $0.low > 0 })
        #expect(zip(a, a.dropFirst()).allSatisfy { $0.ts + 86_400 == $1.ts })
    }
}
