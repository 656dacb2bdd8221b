import QMTLCore
import QMTLTestSupport

@testable import QMTLStore

/// Small graphs and contexts shared by the contract tests.
enum Fixture {
    static let ctx = AuditContext(actor: "user:test", role: "operator", requestID: "req-1")
    static let eq = try! WorldID(parsing: "world:eq-us")
    static let crypto = try! WorldID(parsing: "world:crypto")

    /// The canonical nodes of the sma_cross example, inputs first, root last.
    static let smaCross: [CanonicalNode] = {
        let text = """
            nodes:
              price: {type: BarSource, params: {symbol: SYN, interval: 1d}}
              fast: {type: SMA, params: {window: 10}, inputs: [price]}
              slow: {type: SMA, params: {window: 30}, inputs: [price]}
              cross: {type: Crossover, inputs: {fast: fast, slow: slow}}
              position: {type: PositionTarget, inputs: [cross]}
            outputs: [position]
            """
        return try! StrategyFile.load(text, fileName: "sma.yaml").nodes.map(\.canonical)
    }()

    static var smaNodes: [GSGNode] { smaCross.map(GSGNode.init) }
    static var smaStrategy: StrategyID { StrategyID(root: smaCross.last!.nodeID) }

    /// A node whose only input is `input`, distinct by `n`.
    static func sma(_ n: Int, input: CanonicalNode = smaCross[0]) -> CanonicalNode {
        try! NodeRegistry.builtins.canonicalize(type: "SMA", params: ["window": .number(Double(n))], inputs: .list([NodeInput(input, name: "in")]))
    }

    static func config(_ commission: Double = 1) -> JSONValue {
        [
            "name": "Equities", "market_config": ["tz": "America/New_York", "lot": 0, "commission_bps": .number(commission), "slippage_bps": 2],
            "allow_live": false,
        ]
    }

    static func evalKey(_ world: WorldRef, node: NodeID, salt: String = "") -> EvalKey {
        EvalKey(
            nodeID: node, worldRef: world, contractID: try! ContractID(policy: ["salt": .string(salt)]),
            dataset: DatasetFingerprint(hash: BLAKE3.hash("bars")), codeVersion: BLAKE3.hash("code"),
            resourcePolicy: try! EvalKey.resourcePolicyHash(nil))
    }
}
