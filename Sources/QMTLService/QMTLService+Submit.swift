import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func submit(_ request: SubmitRequest) async throws -> SubmitResponse {
        let ctx = try authorize("strategy.submit", needs: .submitter)
        guard !request.worlds.isEmpty else { throw QMTLError(.worldIDsRequired, "a submission needs at least one world") }
        guard let last = request.nodes.last else { throw QMTLError(.nodeIDMismatch, "a submission needs its nodes, the root last") }
        let nodes = try request.nodes.map(Self.checkedNode)
        let root = nodes[nodes.count - 1]
        guard root.nodeType == "StrategyRoot" else {
            throw QMTLError(.nodeIDMismatch, "the last node (\(last.name)) must be the StrategyRoot, not \(root.nodeType)")
        }
        let claimed = try StrategyID(parsing: request.strategyID)
        guard claimed.rootNodeID == root.nodeID else {
            throw QMTLError(.nodeIDMismatch, "strategy_id \(claimed) is not the root's NodeID \(root.nodeID)", details: ["node": last.name])
        }
        let worldIDs = try request.worlds.map { try WorldID(parsing: $0) }
        let strategy = StrategyID(root: root.nodeID)
        // One transaction: a missing or inactive world leaves nothing written.
        let submission: StrategySubmission
        do {
            submission = try await store.submitStrategy(nodes, strategy: strategy, name: request.name, worlds: worldIDs, audit: ctx)
        } catch let error as QMTLError where error.code == .worldNotFound {
            for w in request.worlds { _ = try await requireWorld(w) }  // names the closest world
            throw error
        }
        let count = submission.nodes
        let bindings = submission.bindings.map {
            WorldBinding(world: $0.world.description, created: $0.created, status: $0.rootRef.status.rawValue)
        }
        return SubmitResponse(strategyID: strategy.description, nodesInserted: count.inserted, nodesExisting: count.existing, worlds: bindings)
    }

    /// A submitted node as stored, after recomputing its id from its canonical JSON (R-ID-5).
    static func checkedNode(_ n: SubmittedNode) throws -> GSGNode {
        let claimed = try NodeID(parsing: n.nodeID)
        let actual = NodeID(BLAKE3.hash(n.canonical))
        guard actual == claimed else {
            throw QMTLError(
                .nodeIDMismatch, "node \(n.name) claims \(claimed), but its canonical JSON hashes to \(actual)",
                details: ["node": n.name, "node_id": n.nodeID])
        }
        let value = try JSONParser.parseValue(Array(n.canonical.utf8), fileName: "node \(n.name)")
        guard try JCS.string(value) == n.canonical, let o = value.objectValue, o.count == 7,
            let type = o["node_type"]?.stringValue, let interval = o["interval"]?.numberValue, let period = o["period"]?.numberValue,
            case .object(let params)? = o["params"], let deps = o["dependencies"]?.arrayValue, let schema = o["schema_id"]?.stringValue,
            let code = o["code_hash"]?.stringValue
        else {
            throw QMTLError(
                .nodeIDMismatch,
                "node \(n.name): canonical JSON must be the JCS of {node_type, interval, period, params, dependencies, schema_id, code_hash}",
                details: ["node": n.name])
        }
        guard let kind = NodeKind(rawValue: n.kind) else {
            throw QMTLError(.badNodeType, "node \(n.name): kind must be Source, Operator, Rule or Root, got \(n.kind)")
        }
        return GSGNode(
            nodeID: actual, nodeType: type, kind: kind, interval: Int(interval), period: Int(period), schemaID: schema,
            codeHash: try Hash256(parsing: code), params: try JCS.string(.object(params)), canonical: n.canonical,
            dependencies: try deps.map { try NodeID(parsing: $0.stringValue ?? "") })
    }
}
