import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLCore

@Suite("Strategy files")
struct StrategyFileTests {
    static let golden: [String: (strategy: String, nodes: [String: String])] = {
        let data = try! TestData.repoFile("examples/strategies/golden_ids.json")
        let json = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        let strategies = json["strategies"] as! [String: [String: Any]]
        return strategies.mapValues { ($0["strategy_id"] as! String, $0["nodes"] as! [String: String]) }
    }()

    static let examples = ["sma_cross.yaml", "ema_trend.json", "rsi_momentum.yaml"]

    static func load(example: String) throws -> StrategyGraph {
        let text = String(decoding: try TestData.repoFile("examples/strategies/\(example)"), as: UTF8.self)
        return try StrategyFile.load(text, fileName: example)
    }

    static func load(fixture: String) throws -> StrategyGraph {
        let text = String(decoding: try TestData.repoFile("Tests/QMTLCoreTests/Fixtures/\(fixture)"), as: UTF8.self)
        return try StrategyFile.load(text, fileName: fixture)
    }

    @Test func everyExampleHasGoldenIDs() {
        #expect(Set(Self.golden.keys) == Set(Self.examples))
    }

    /// Golden NodeIDs are test vectors (R-ID-10): any change to canonicalisation shows up here.
    @Test(arguments: examples)
    func goldenNodeIDs(_ example: String) throws {
        let graph = try Self.load(example: example)
        let golden = try #require(Self.golden[example])
        #expect(graph.strategyID.description == golden.strategy)
        #expect(Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.name, $0.canonical.nodeID.description) }) == golden.nodes)
    }

    @Test func smaCrossShape() throws {
        let graph = try Self.load(example: "sma_cross.yaml")
        #expect(graph.name == "sma_cross")
        #expect(graph.nodes.map(\.name) == ["price", "sma_fast", "sma_slow", "cross", "position", "(root)"])
        #expect(graph.nodes.map(\.canonical.kind) == [.source, .operator, .operator, .rule, .rule, .root])
        #expect(graph.root.dependencies == [graph.nodes[4].canonical.nodeID])
        #expect(graph.root.interval == 0)
        #expect(graph.nodes[1].canonical.interval == 86400)
    }

    /// Other key order, other formatting, JSON instead of YAML, other local names and added
    /// excluded keys: the same StrategyID.
    @Test(arguments: ["sma_cross_rewritten.json", "sma_cross_rewritten.yaml"])
    func rewrittenFileKeepsTheStrategyID(_ fixture: String) throws {
        let original = try Self.load(example: "sma_cross.yaml")
        let rewritten = try Self.load(fixture: fixture)
        #expect(rewritten.strategyID == original.strategyID)
        #expect(rewritten.name != original.name)
        #expect(!rewritten.nodes.flatMap(\.canonical.excludedKeys).isEmpty)
    }

    @Test func swappedRolesGiveAnotherStrategy() throws {
        #expect(try Self.load(fixture: "sma_cross_swapped.yaml").strategyID != Self.load(example: "sma_cross.yaml").strategyID)
    }

    @Test func sharedNodesHaveOneID() throws {
        let a = try Self.load(example: "sma_cross.yaml")
        let b = try Self.load(example: "rsi_momentum.yaml")
        #expect(a.nodes[0].canonical.nodeID == b.nodes[0].canonical.nodeID)
    }

    static let badFiles: [(name: String, text: String, position: String, code: QMTLError.Code, fragment: String)] = [
        (
            "unknown-type.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  s: {type: SMAA, inputs: [p]}\noutputs: [s]\n",
            "3:13", .unknownNodeType, "did you mean \"SMA\""
        ),
        (
            "unknown-input.yaml",
            "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  s: {type: SMA, params: {window: 3}, inputs: [pp]}\noutputs: [s]\n",
            "3:48", .strategyUnknownNode, "did you mean \"p\""
        ),
        (
            "cycle.yaml",
            "nodes:\n  a: {type: SMA, params: {window: 3}, inputs: [b]}\n  b: {type: SMA, params: {window: 3}, inputs: [a]}\noutputs: [a]\n",
            "3:48", .strategyCycle, "a → b → a"
        ),
        (
            "top-key.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\noutput: [p]\n",
            "3:1", .strategyFormat, "did you mean \"outputs\""
        ),
        (
            "param-type.yaml",
            "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  s:\n    type: SMA\n    params: {window: ten}\n    inputs: [p]\noutputs: [s]\n",
            "5:22", .paramType, "window"
        ),
        (
            "unknown-param.yaml",
            "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  s: {type: SMA, params: {windows: 3}, inputs: [p]}\noutputs: [s]\n",
            "3:27", .unknownParam, "did you mean \"window\""
        ),
        (
            "enum.json",
            "{\"nodes\": {\"p\": {\"type\": \"BarSource\", \"params\": {\"symbol\": \"S\", \"interval\": 60}},\n \"s\": {\"type\": \"SMA\", \"params\": {\"window\": 3, \"field\": \"hi\"}, \"inputs\": [\"p\"]}},\n \"outputs\": [\"s\"]}",
            "2:56", .paramEnum, "one of open, high"
        ),
        (
            "syntax.json", "{\"nodes\": {\"p\": {\"type\": \"BarSource\",}},\n \"outputs\": [\"p\"]}",
            "1:38", .parse, "expected a string key"
        ),
        (
            "unused.yaml",
            "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  q: {type: BarSource, params: {symbol: T, interval: 60}}\noutputs: [p]\n",
            "3:3", .strategyUnusedNode, "q"
        ),
        (
            "no-outputs.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n",
            "1:1", .strategyFormat, "needs outputs"
        ),
        (
            "bad-output.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\noutputs: [p, x]\n",
            "3:14", .strategyUnknownNode, "output x"
        ),
        (
            "roles.yaml",
            "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  a: {type: SMA, params: {window: 3}, inputs: [p]}\n  c: {type: Crossover, inputs: [a, a]}\noutputs: [c]\n",
            "4:3", .inputs, "named inputs"
        ),
        (
            "node-key.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}, input: []}\noutputs: [p]\n",
            "2:59", .strategyFormat, "did you mean \"inputs\""
        ),
        (
            "big-int.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60, n: 9007199254740993}}\noutputs: [p]\n",
            "2:61", .jsonIntegerRange, "beyond ±2^53"
        ),
        // Decision #3: YAML 1.2 core schema only — no anchors or aliases, no .nan or .inf.
        (
            "anchor.yaml",
            "nodes:\n  p: {type: BarSource, params: &ps {symbol: S, interval: 60}}\n  q: {type: BarSource, params: *ps}\noutputs: [p, q]\n",
            "2:32", .parse, "anchors and aliases are not supported"
        ),
        (
            "nan.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60, x: .nan}}\noutputs: [p]\n",
            "2:61", .jsonNonFinite, "not a finite number"
        ),
        (
            "inf.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60, x: -.inf}}\noutputs: [p]\n",
            "2:61", .jsonNonFinite, "not a finite number"
        ),
        (
            "repeated.yaml", "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60, interval: 120}}\noutputs: [p]\n",
            "2:44", .parse, "key \"interval\" is repeated"
        ),
        // Decision #7: `field` means something only on bars; a threshold needs a bound.
        (
            "field-on-series.yaml",
            "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  r: {type: Returns, inputs: [p]}\n  s: {type: SMA, params: {window: 3, field: high}, inputs: [r]}\noutputs: [s]\n",
            "4:45", .paramType, "applies only to bar inputs"
        ),
        (
            "threshold-no-bound.yaml",
            "nodes:\n  p: {type: BarSource, params: {symbol: S, interval: 60}}\n  r: {type: Returns, inputs: [p]}\n  t: {type: Threshold, params: {upper: null}, inputs: [r]}\noutputs: [t]\n",
            "4:32", .paramMissing, "upper, lower or both"
        ),
    ]

    @Test(arguments: badFiles.map(\.name))
    func badFileErrorsNamePositionAndCode(_ name: String) throws {
        let c = Self.badFiles.first { $0.name == name }!
        let error = #expect(throws: QMTLError.self) { try StrategyFile.load(c.text, fileName: c.name) }
        #expect(error?.code == c.code, "\(error?.description ?? "")")
        #expect(error?.message.hasPrefix("\(c.name):\(c.position): ") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(c.fragment) == true, "\(error?.message ?? "")")
    }
}
