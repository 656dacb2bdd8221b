import Foundation
import QMTLCore
import QMTLTestSupport
import Synchronization
import Testing

@testable import QMTLStore

/// One contract, every store (SQLite in memory and on file, PostgreSQL).
@Suite("Store contract")
struct StoreContractTests {
    let ctx = Fixture.ctx

    @Test(arguments: StoreKind.available)
    func migrationsAreRecorded(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let applied = try await store.appliedMigrations()
            #expect(applied.map(\.version) == Array(1...11))
            #expect(
                applied.map(\.name) == [
                    "base_gsg_wvg_audit", "runs_governance_tokens", "datasets", "run_world_stage_state_index", "decision_applied_seq",
                    "decision_log", "change_notifications", "jobs", "world_feed", "run_series", "strategy_name",
                ])
            #expect(try await store.auditHead() == AuditChain.Head(seq: 0, hash: AuditChain.genesis))
        }
    }

    @Test(arguments: StoreKind.available)
    func gsgUpsertIsIdempotentAndKeepsEdges(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let nodes = Fixture.smaNodes
            #expect(try await store.upsertNodes(nodes.reversed(), audit: ctx) == UpsertCount(inserted: 6, existing: 0))
            #expect(try await store.upsertNodes(nodes, audit: ctx) == UpsertCount(inserted: 0, existing: 6))
            let counts = try await store.gsgCounts()
            #expect(counts.nodes == 6 && counts.edges == 6)
            let cross = Fixture.smaCross[3]
            let stored = try #require(try await store.node(cross.nodeID))
            #expect(stored == GSGNode(cross))
            #expect(try await store.inputs(of: cross.nodeID) == cross.dependencies)
            #expect(try await store.node(NodeID(BLAKE3.hash("nope"))) == nil)
            #expect(try await store.auditHead()?.seq == 1)  // the no-op second upsert is not audited
        }
    }

    @Test(arguments: StoreKind.available)
    func missingDependencyWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let orphan = GSGNode(Fixture.smaCross[1])  // its BarSource input is not stored
            let error = await #expect(throws: QMTLError.self) { try await store.upsertNodes([orphan], audit: ctx) }
            #expect(error?.code == .gsgMissingNode)
            #expect(error?.message.contains(Fixture.smaCross[0].nodeID.description) == true)
            let counts = try await store.gsgCounts()
            let head = try await store.auditHead()
            #expect(counts.nodes == 0)
            #expect(head?.seq == 0)
        }
    }

    @Test(arguments: StoreKind.available)
    func nodeIDMustBeTheHashOfItsCanonicalText(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var node = GSGNode(Fixture.smaCross[0])
            node.canonical = node.canonical.replacingOccurrences(of: "SYN", with: "XYZ")
            let error = await #expect(throws: QMTLError.self) { try await store.upsertNodes([node], audit: ctx) }
            #expect(error?.code == .nodeIDMismatch)
        }
    }

    @Test(arguments: StoreKind.available)
    func importedEdgesAreCheckedForCyclesAndEndpoints(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.upsertNodes(Fixture.smaNodes, audit: ctx)
            let ids = Fixture.smaCross.map(\.nodeID)
            // position → price closes price → fast → cross → position → price.
            let cycle = await #expect(throws: QMTLError.self) {
                try await store.importEdges([GSGEdge(src: ids[4], dst: ids[0])], audit: ctx)
            }
            #expect(cycle?.code == .gsgCycle)
            #expect(cycle?.message.contains(ids[0].description) == true && cycle?.message.contains(ids[4].description) == true)
            let missing = await #expect(throws: QMTLError.self) {
                try await store.importEdges([GSGEdge(src: ids[0], dst: NodeID(BLAKE3.hash("ghost")))], audit: ctx)
            }
            #expect(missing?.code == .gsgMissingNode)
            let edges = try await store.gsgCounts().edges
            #expect(edges == 6)
            // A new edge between existing nodes that keeps the graph acyclic is accepted once.
            #expect(try await store.importEdges([GSGEdge(src: ids[0], dst: ids[3])], audit: ctx) == UpsertCount(inserted: 1, existing: 0))
            #expect(try await store.importEdges([GSGEdge(src: ids[0], dst: ids[3])], audit: ctx) == UpsertCount(inserted: 0, existing: 1))
        }
    }

    @Test(arguments: StoreKind.available)
    func worldsKeepImmutableSnapshots(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let w1 = try await store.createWorld(Fixture.eq, config: Fixture.config(1), audit: ctx)
            #expect(w1.ref == (try WorldRef(world: Fixture.eq, snapshot: Fixture.config(1))))
            #expect(w1.state == .active && w1.policyVersion == 0)
            let exists = await #expect(throws: QMTLError.self) { try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx) }
            #expect(exists?.code == .worldExists)
            let w2 = try await store.updateWorldConfig(Fixture.eq, config: Fixture.config(3), audit: ctx)
            #expect(w2.ref != w1.ref)
            #expect(try await store.worldSnapshot(w1.ref) == Fixture.config(1))
            #expect(try await store.worldSnapshot(w2.ref) == Fixture.config(3))
            let same = try await store.updateWorldConfig(Fixture.eq, config: Fixture.config(3), audit: ctx)
            #expect(same.ref == w2.ref)
            _ = try await store.createWorld(Fixture.crypto, config: ["name": "Crypto"], audit: ctx)
            #expect(try await store.worlds().map(\.id) == [Fixture.crypto, Fixture.eq])
            #expect(try await store.setWorldState(Fixture.eq, state: .suspended, audit: ctx).state == .suspended)
            let missing = await #expect(throws: QMTLError.self) {
                try await store.updateWorldConfig(try WorldID(parsing: "nowhere"), config: [:], audit: ctx)
            }
            #expect(missing?.code == .worldNotFound)
            let notObject = await #expect(throws: QMTLError.self) { try await store.createWorld(try WorldID(parsing: "x"), config: [1], audit: ctx) }
            #expect(notObject?.code == .worldConfig)
        }
    }

    @Test(arguments: StoreKind.available)
    func policiesAreVersioned(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            let p1: JSONValue = ["selection": ["top_k": ["metric": "sharpe", "k": 3]]]
            let p2: JSONValue = ["selection": ["top_k": ["metric": "sharpe", "k": 5]]]
            #expect(try await store.publishPolicy(Fixture.eq, policy: p1, contractID: ContractID(policy: p1), audit: ctx).version == 1)
            #expect(try await store.publishPolicy(Fixture.eq, policy: p2, contractID: ContractID(policy: p2), audit: ctx).version == 2)
            #expect(try await store.policy(Fixture.eq, version: nil)?.policy == p2)
            #expect(try await store.policy(Fixture.eq, version: 1)?.contractID == (try ContractID(policy: p1)))
            #expect(try await store.world(Fixture.eq)?.policyVersion == 2)
            let mismatch = await #expect(throws: QMTLError.self) {
                try await store.publishPolicy(Fixture.eq, policy: p1, contractID: ContractID(policy: p2), audit: ctx)
            }
            #expect(mismatch?.code == .contractMismatch)
        }
    }

    /// Binds sma_cross in both worlds.
    func setUpBound(_ store: SQLStore) async throws {
        _ = try await store.upsertNodes(Fixture.smaNodes, audit: ctx)
        _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
        _ = try await store.createWorld(Fixture.crypto, config: ["name": "Crypto"], audit: ctx)
        for w in [Fixture.eq, Fixture.crypto] {
            #expect(try await store.bind(w, strategy: Fixture.smaStrategy, nodes: Fixture.smaCross.map(\.nodeID), audit: ctx))
        }
    }

    /// One recursive read gives exactly the nodes one `node(_:)` walk finds, with their inputs.
    @Test(arguments: StoreKind.available)
    func aSubgraphIsEveryNodeTheRootReaches(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.upsertNodes(Fixture.smaNodes + [GSGNode(Fixture.sma(99))], audit: ctx)
            let sub = try await store.subgraph(from: Fixture.smaStrategy.rootNodeID)
            var walked: [GSGNode] = []
            var stack = [Fixture.smaStrategy.rootNodeID]
            while let id = stack.popLast() {
                guard !walked.contains(where: { $0.nodeID == id }), let n = try await store.node(id) else { continue }
                walked.append(n)
                stack += n.dependencies
            }
            #expect(sub == walked.sorted { $0.nodeID < $1.nodeID })
            #expect(sub.count == Set(Fixture.smaCross.map(\.nodeID)).count, "the unrelated SMA(99) is not reached")
            #expect(try await store.subgraph(from: Fixture.smaCross[0].nodeID).map(\.nodeID) == [Fixture.smaCross[0].nodeID])
            #expect(try await store.subgraph(from: NodeID(BLAKE3.hash("absent"))).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func bindingCreatesUnknownRefsOnce(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await setUpBound(store)
            #expect(try await store.bind(Fixture.eq, strategy: Fixture.smaStrategy, nodes: [], audit: ctx) == false)
            #expect(try await store.bindings(Fixture.eq) == [Fixture.smaStrategy])
            let refs = try await store.refs(Fixture.eq, status: nil)
            #expect(refs.count == 6)
            #expect(refs.allSatisfy { $0.status == .unknown && $0.executionDomain == .backtest && $0.lastEvalKey == nil })
            let ghost = await #expect(throws: QMTLError.self) {
                try await store.bind(Fixture.eq, strategy: StrategyID(root: NodeID(BLAKE3.hash("ghost"))), nodes: [], audit: ctx)
            }
            #expect(ghost?.code == .gsgMissingNode)
        }
    }

    /// Nodes and bindings in one transaction: a missing world leaves nothing written; a
    /// resubmission binds nothing new and returns the roots' refs.
    @Test(arguments: StoreKind.available)
    func aSubmissionIsOneTransaction(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            let head = try await store.auditHead()
            let missing = await #expect(throws: QMTLError.self) {
                try await store.submitStrategy(
                    Fixture.smaNodes, strategy: Fixture.smaStrategy, name: "sma", worlds: [Fixture.eq, Fixture.crypto], audit: ctx)
            }
            #expect(missing?.code == .worldNotFound)
            #expect(try await store.strategyNames([Fixture.smaStrategy]).isEmpty, "nothing of a failed submission is kept, its name neither")
            #expect(try await store.node(Fixture.smaStrategy.rootNodeID) == nil)
            #expect(try await store.bindings(Fixture.eq).isEmpty)
            #expect(try await store.auditHead() == head)

            _ = try await store.createWorld(Fixture.crypto, config: ["name": "Crypto"], audit: ctx)
            let before = try #require(try await store.auditHead()).seq
            let first = try await store.submitStrategy(
                Fixture.smaNodes, strategy: Fixture.smaStrategy, name: "sma", worlds: [Fixture.eq, Fixture.crypto], audit: ctx)
            #expect(first.nodes == UpsertCount(inserted: 6, existing: 0))
            #expect(first.bindings.map(\.world) == [Fixture.eq, Fixture.crypto] && first.bindings.allSatisfy(\.created))
            #expect(first.bindings.allSatisfy { $0.rootRef.nodeID == Fixture.smaStrategy.rootNodeID && $0.rootRef.status == .unknown })
            #expect(try await store.refs(Fixture.crypto, status: nil).count == 6)
            let again = try await store.submitStrategy(
                Fixture.smaNodes, strategy: Fixture.smaStrategy, name: "renamed", worlds: [Fixture.eq], audit: ctx)
            #expect(again.nodes == UpsertCount(inserted: 0, existing: 6) && again.bindings.map(\.created) == [false])
            // The name is metadata: the first one stays; an id never submitted has none.
            let other = try StrategyID(parsing: "blake3:" + String(repeating: "ab", count: 32))
            #expect(try await store.strategyNames([Fixture.smaStrategy, other]) == [Fixture.smaStrategy: "sma"])
            // One entry for the nodes and one per new binding, chained in one go.
            let after = try #require(try await store.auditHead()).seq
            #expect(after == before + 3)
            #expect(try await store.verifyAudit() == .intact(entries: after))

            let rootless = await #expect(throws: QMTLError.self) {
                try await store.submitStrategy(
                    Array(Fixture.smaNodes.dropLast()), strategy: Fixture.smaStrategy, name: nil, worlds: [Fixture.eq], audit: ctx)
            }
            #expect(rootless?.code == .gsgMissingNode)
        }
    }

    @Test(arguments: StoreKind.available)
    func transitionsFollowTheMachineAndStayInTheirWorld(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await setUpBound(store)
            let root = Fixture.smaStrategy.rootNodeID
            let eq = try #require(try await store.world(Fixture.eq))
            let key = Fixture.evalKey(eq.ref, node: root)
            _ = try await store.transition(Fixture.eq, root, .evalKeyChanged, evalKey: key, domain: nil, audit: ctx)
            _ = try await store.transition(Fixture.eq, root, .validationPassed, evalKey: nil, domain: nil, audit: ctx)
            let running = try await store.transition(Fixture.eq, root, .activate, evalKey: nil, domain: .paper, audit: ctx)
            #expect(running.status == .running && running.executionDomain == .paper && running.lastEvalKey == key)

            let head = try await store.auditHead()
            let illegal = await #expect(throws: QMTLError.self) {
                try await store.transition(Fixture.crypto, root, .activate, evalKey: nil, domain: .live, audit: ctx)
            }
            #expect(illegal?.code == .illegalTransition)
            #expect(illegal?.details["from"] == "unknown" && illegal?.details["to"] == "running")
            #expect(illegal?.details["allowed"] == "validating,paused,stopped,archived")
            #expect(try await store.auditHead() == head)  // refused: nothing written

            // Isolation: eq's changes left crypto untouched, and a stop in eq stays in eq.
            _ = try await store.transition(Fixture.eq, root, .applyDecision(.stop, eventID: "ev-1"), evalKey: nil, domain: nil, audit: ctx)
            #expect(try await store.ref(Fixture.eq, root)?.status == .stopped)
            #expect(try await store.ref(Fixture.crypto, root)?.status == .unknown)
            #expect(try await store.refs(Fixture.eq, status: .stopped).map(\.nodeID) == [root])
            #expect(try await store.refs(Fixture.crypto, status: .stopped).isEmpty)
            #expect(try await store.statusCounts(Fixture.eq) == [.stopped: 1, .unknown: 5])
            #expect(try await store.statusCounts(Fixture.crypto) == [.unknown: 6])

            // Under the overlay a new EvalKey waits; resuming restores and re-validates.
            let waiting = try await store.transition(Fixture.eq, root, .evalKeyChanged, evalKey: nil, domain: nil, audit: ctx)
            #expect(waiting.status == .stopped && waiting.state.overlay?.needsRevalidation == true && waiting.state.lifecycle == .running)
            let resumed = try await store.transition(Fixture.eq, root, .removeDecision(eventID: "ev-1"), evalKey: nil, domain: nil, audit: ctx)
            #expect(resumed.status == .validating && resumed.state.overlay == nil)
            #expect(try await store.ref(Fixture.eq, root) == resumed)

            let unbound = await #expect(throws: QMTLError.self) {
                try await store.transition(Fixture.eq, NodeID(BLAKE3.hash("x")), .archive, evalKey: nil, domain: nil, audit: ctx)
            }
            #expect(unbound?.code == .refNotFound)
        }
    }

    @Test(arguments: StoreKind.available)
    func validationsAreCachedByEvalKey(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await setUpBound(store)
            let root = Fixture.smaStrategy.rootNodeID
            let eq = try #require(try await store.world(Fixture.eq))
            let key = Fixture.evalKey(eq.ref, node: root)
            let v = ValidationRecord(
                evalKey: key, world: Fixture.eq, nodeID: root, result: .valid, metrics: ["sharpe": 1.25, "total_return": 0.31], atMillis: 5)
            let (first, created) = try await store.putValidation(v, audit: ctx)
            #expect(created && first == v)
            var again = v
            again.metrics = ["sharpe": 9]
            let (cached, createdAgain) = try await store.putValidation(again, audit: ctx)
            #expect(!createdAgain && cached == v)  // a cache hit keeps the first result
            #expect(try await store.validation(key) == v)
            #expect(try await store.validations(Fixture.eq, node: root) == [v])
            #expect(try await store.validations(Fixture.crypto, node: root).isEmpty)
            // The generated columns read the metrics.
            let row = try await store.backend.read { s in try await s.query("SELECT sharpe, total_return FROM validation", []) }
            #expect(row.first?.values == [.real(1.25), .real(0.31)])
            var elsewhere = v
            elsewhere.world = Fixture.crypto
            let conflict = await #expect(throws: QMTLError.self) { try await store.putValidation(elsewhere, audit: ctx) }
            #expect(conflict?.code == .evalKeyConflict)
        }
    }

    @Test(arguments: StoreKind.available)
    func edgeOverridesArePerWorld(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await setUpBound(store)
            let ids = Fixture.smaCross.map(\.nodeID)
            let o = EdgeOverride(world: Fixture.eq, src: ids[0], dst: ids[1], active: false, reason: .dataPolicy)
            try await store.setEdgeOverride(o, audit: ctx)
            #expect(try await store.edgeOverrides(Fixture.eq) == [o])
            #expect(try await store.edgeOverrides(Fixture.crypto).isEmpty)
            var reactivated = o
            reactivated.active = true
            reactivated.reason = .manual
            try await store.setEdgeOverride(reactivated, audit: ctx)
            #expect(try await store.edgeOverrides(Fixture.eq) == [reactivated])
            let noEdge = await #expect(throws: QMTLError.self) {
                try await store.setEdgeOverride(EdgeOverride(world: Fixture.eq, src: ids[1], dst: ids[0], active: false, reason: .manual), audit: ctx)
            }
            #expect(noEdge?.code == .gsgMissingEdge)
        }
    }

    @Test(arguments: StoreKind.available)
    func decisionEventsAreStoredAndOnlyTheirOutcomeChanges(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await setUpBound(store)
            let root = Fixture.smaStrategy.rootNodeID
            let local = DecisionEventRecord(
                eventID: "6f1c2f1e-0000-4000-8000-000000000001", world: Fixture.eq, nodeID: root, decision: .stop, reasonCode: .manual,
                atMillis: 10, actor: "user:ana", state: .applied)
            var stored = local
            stored.appliedSeq = 1  // the store orders applied decisions (R-DEC-2: the latest applied wins)
            #expect(try await store.putDecision(local, audit: ctx) == stored)
            #expect(try await store.putDecision(local, audit: ctx) == stored)  // idempotent
            var other = local
            other.decision = .pause
            #expect((await #expect(throws: QMTLError.self) { try await store.putDecision(other, audit: ctx) })?.code == .decisionExists)
            var noWorld = local
            noWorld.eventID = "e2"
            noWorld.world = nil
            #expect((await #expect(throws: QMTLError.self) { try await store.putDecision(noWorld, audit: ctx) })?.code == .decisionWorldRequired)

            let global = DecisionEventRecord(
                eventID: "e3", world: nil, nodeID: root, decision: .quarantine, reasonCode: .riskTrip, scope: .global, propagation: .none,
                ttl: "P7D", atMillis: 11, actor: "user:bo", state: .pending)
            #expect(try await store.putDecision(global, audit: ctx).appliedSeq == 0, "pending: not applied yet")
            var approved = global
            approved.state = .applied
            approved.resolvedWorlds = [Fixture.crypto, Fixture.eq]
            approved.approvedBy = "user:risk-lead"
            approved.approvedAtMillis = 20
            #expect(try await store.updateDecision(approved, audit: ctx).appliedSeq == 2)
            approved.appliedSeq = 2
            #expect(try await store.decision("e3") == approved)
            var rewritten = approved
            rewritten.decision = .stop
            #expect((await #expect(throws: QMTLError.self) { try await store.updateDecision(rewritten, audit: ctx) })?.code == .decisionImmutable)
            #expect(try await store.decisions(world: Fixture.eq, states: nil) == [stored])
            var revoked = approved
            revoked.state = .revoked
            #expect(try await store.updateDecision(revoked, audit: ctx).appliedSeq == 2, "the applied order is kept")
            #expect(try await store.decisions(world: nil, states: [.applied]).map(\.eventID) == [local.eventID])
            #expect(try await store.decisions(world: nil, states: [.pending]).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func everyMutationIsAuditedAndTamperingIsDetected(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await setUpBound(store)
            let root = Fixture.smaStrategy.rootNodeID
            for event: WorldNodeState.Event in [.startValidation, .validationFailed, .startValidation, .validationPassed] {
                _ = try await store.transition(Fixture.eq, root, event, evalKey: nil, domain: nil, audit: ctx)
            }
            let log = try await store.auditLog(after: 0, limit: 100)
            // upsert, 2 worlds, 2 binds, 4 transitions
            #expect(
                log.map(\.entry.action) == [
                    "gsg.upsert", "world.create", "world.create", "wsb.bind", "wsb.bind",
                    "ref.start_validation", "ref.validation_failed", "ref.start_validation", "ref.validation_passed",
                ])
            #expect(log.allSatisfy { $0.entry.actor == "user:test" && $0.entry.role == "operator" && $0.entry.requestID == "req-1" })
            #expect(log[6].entry.before == "validating" && log[6].entry.after == "invalid")
            #expect(try await store.verifyAudit() == .intact(entries: 9))

            func tamper(_ sql: String, _ binds: [SQLValue] = []) async throws {
                try await store.backend.transaction { s in try await s.execute(sql, binds) }
            }
            // An edited entry.
            var edited = log[4].entry
            edited.actor = "user:mallory"
            try await tamper("UPDATE audit_log SET entry = ? WHERE seq = 5", [try .json(edited.json)])
            #expect(try await store.verifyAudit() == .broken(seq: 5, reason: "entry 5 does not match its hash: edited, or its predecessor changed"))
            try await tamper("UPDATE audit_log SET entry = ? WHERE seq = 5", [try .json(log[4].entry.json)])
            #expect(try await store.verifyAudit() == .intact(entries: 9))
            // A deleted entry in the middle.
            try await tamper("DELETE FROM audit_log WHERE seq = 3")
            guard case .broken(3, _) = try await store.verifyAudit() else { Issue.record("deletion not detected"); return }
            try await tamper("INSERT INTO audit_log (seq, entry, hash) VALUES (3, ?, ?)", [try .json(log[2].entry.json), .hash(log[2].hash)])
            #expect(try await store.verifyAudit() == .intact(entries: 9))
            // Two entries swapped.
            try await tamper("UPDATE audit_log SET entry = ?, hash = ? WHERE seq = 7", [try .json(log[7].entry.json), .hash(log[7].hash)])
            try await tamper("UPDATE audit_log SET entry = ?, hash = ? WHERE seq = 8", [try .json(log[6].entry.json), .hash(log[6].hash)])
            guard case .broken(7, _) = try await store.verifyAudit() else { Issue.record("reorder not detected"); return }
            try await tamper("UPDATE audit_log SET entry = ?, hash = ? WHERE seq = 7", [try .json(log[6].entry.json), .hash(log[6].hash)])
            try await tamper("UPDATE audit_log SET entry = ?, hash = ? WHERE seq = 8", [try .json(log[7].entry.json), .hash(log[7].hash)])
            #expect(try await store.verifyAudit() == .intact(entries: 9))
            // A truncated tail.
            try await tamper("DELETE FROM audit_log WHERE seq >= 8")
            #expect(try await store.verifyAudit() == .broken(seq: 8, reason: "the head names entry 9 but the log ends at 7: truncated"))
        }
    }
}

/// PostgreSQL tells every process on the database when the decision stream grows.
@Suite("Decision stream notifications")
struct DecisionNotificationTests {
    final class Calls: Sendable {
        let count = Mutex(0)
    }

    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func aDecisionCommittedByOneStoreWakesAnotherStoresWatcher() async throws {
        let database = try await PostgresTestDatabase.create()
        let writer = try await PostgresStore(url: database.url)
        let watcher = try await PostgresStore(url: database.url)
        let calls = Calls()
        let watching = Task { await watcher.watchChanges(onDecisions: { calls.count.withLock { $0 += 1 } }) }
        func waitFor(_ n: Int) async throws -> Bool {
            for _ in 0..<250 {
                if calls.count.withLock({ $0 }) >= n { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
        #expect(try await waitFor(1), "the watcher says when it listens")
        let ctx = AuditContext(actor: "system:test", role: "admin", requestID: "t")
        _ = try await writer.upsertNodes(Fixture.smaNodes, audit: ctx)
        _ = try await writer.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
        _ = try await writer.bind(Fixture.eq, strategy: Fixture.smaStrategy, nodes: Fixture.smaCross.map(\.nodeID), audit: ctx)
        #expect(calls.count.withLock { $0 } == 1, "no decision, no notification")
        _ = try await writer.putDecision(
            DecisionEventRecord(
                eventID: "6f1c2f1e-0000-4000-8000-000000000009", world: Fixture.eq, nodeID: Fixture.smaStrategy.rootNodeID, decision: .stop,
                reasonCode: .manual, atMillis: 10, actor: "user:ana", state: .applied),
            audit: ctx)
        #expect(try await waitFor(2), "the commit notified the other store")
        #expect(try await watcher.decisionLog(after: 0, limit: 10).map(\.seq) == [1])
        watching.cancel()
        _ = await watching.value
        try await writer.close()
        try await watcher.close()
        try await database.drop()
    }
}
