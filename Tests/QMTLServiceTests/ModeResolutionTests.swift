import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// R-SDK-5 (mode resolution), R-SDK-6 (safe mode, one test per downgrade reason) and R-GOV-9
/// (decide and activation envelopes with an ETag that changes exactly when the content does).
@Suite("Modes, safe mode and envelopes", .timeLimit(.minutes(10)))
struct ModeResolutionTests {
    static let data = ModeResolution.Data(asOf: 1_000_000, datasetFingerprint: "lake:blake3:aa")

    static func decided(_ mode: ExecutionMode, asOf: Int64 = 1_000_000, fingerprint: String? = "lake:blake3:aa") -> ModeResolution.Lookup {
        .decided(ModeResolution.Decision(effectiveMode: mode, asOf: asOf, ttl: 300, datasetFingerprint: fingerprint))
    }

    static func resolve(
        _ lookup: ModeResolution.Lookup, mode: ExecutionMode? = nil, context: ExecutionMode? = nil, now: Int64 = 1_000_000
    )
        -> ModeResolution.Outcome
    {
        ModeResolution.resolve(mode: mode, context: context, lookup: lookup, data: data, now: now)
    }

    // MARK: R-SDK-6, one test per reason

    @Test func aMissingDecisionIsSafeMode() {
        let o = Self.resolve(.missing, mode: .live)
        #expect(o.safeMode && o.downgraded && o.downgradeReason == .decisionUnavailable && o.domain == .backtest && o.gate == "off")
    }

    @Test func anUnreachableWorldServiceIsSafeMode() {
        let o = Self.resolve(.unreachable, mode: .paper)
        #expect(o.safeMode && o.downgradeReason == .decisionUnavailable && o.domain == .backtest && o.gate == "off")
    }

    @Test func aStaleDecisionIsSafeMode() {
        #expect(!Self.resolve(Self.decided(.paper), mode: .paper, now: 1_000_300).safeMode, "as_of + ttl = now still holds")
        let o = Self.resolve(Self.decided(.paper), mode: .paper, now: 1_000_301)
        #expect(o.safeMode && o.downgradeReason == .staleDecision && o.effectiveMode == .validate && o.gate == "off")
    }

    @Test func aDecisionOnOtherDataIsSafeMode() {
        let o = Self.resolve(Self.decided(.live, fingerprint: "lake:blake3:bb"), mode: .live)
        #expect(o.safeMode && o.downgradeReason == .datasetFingerprintMismatch && o.gate == "off")
    }

    @Test func aDecisionAtAnotherDataTimeIsSafeMode() {
        let o = Self.resolve(Self.decided(.live, asOf: 999_900), mode: .live)
        #expect(o.safeMode && o.downgradeReason == .asOfMismatch && o.gate == "off")
    }

    // MARK: R-SDK-5, one test per effective mode

    @Test(arguments: ExecutionMode.allCases)
    func withoutARequestTheWorldDecides(_ allowed: ExecutionMode) {
        let o = Self.resolve(Self.decided(allowed))
        #expect(o.effectiveMode == allowed && !o.safeMode && !o.downgraded && o.downgradeReason == nil)
        let expected: [ExecutionMode: (ExecutionDomainName, String)] = [
            .validate: (.backtest, "off"), .computeOnly: (.backtest, "off"), .paper: (.paper, "paper"), .live: (.live, "live"),
        ]
        #expect(o.domain == expected[allowed]?.0 && o.gate == expected[allowed]?.1)
    }

    @Test func theDecisionCapsARequestAndNeverPromotes() {
        let capped = Self.resolve(Self.decided(.paper), mode: .live)
        #expect(capped.effectiveMode == .paper && capped.downgraded && !capped.safeMode)
        let lower = Self.resolve(Self.decided(.live), mode: .validate)
        #expect(lower.effectiveMode == .validate && !lower.downgraded, "asking for less than allowed is no downgrade")
        let computeOnly = Self.resolve(Self.decided(.computeOnly), mode: .live)
        #expect(computeOnly.effectiveMode == .computeOnly && computeOnly.domain == .backtest && computeOnly.downgraded)
    }

    @Test func anExplicitModeWinsOverTheContext() {
        #expect(Self.resolve(Self.decided(.live), mode: .paper, context: .live).effectiveMode == .paper)
        #expect(Self.resolve(Self.decided(.live), context: .paper).effectiveMode == .paper)
    }

    @Test func modeNamesAreChecked() throws {
        #expect(try ExecutionMode(requested: "backtest") == .validate)
        #expect(try ExecutionMode(requested: "compute-only") == .computeOnly)
        #expect((#expect(throws: QMTLError.self) { try ExecutionMode(requested: "dryrun") })?.code == .badMode)
    }

    /// Safe mode means the broker receives zero calls.
    @Test func inSafeModeTheBrokerReceivesNoCall() throws {
        let outcome = Self.resolve(.unreachable, mode: .live)
        var gate = OrderGate(mode: try #require(OrderGate<SimulatedBroker>.Mode(rawValue: outcome.gate)), live: SimulatedBroker())
        for i in 0..<100 { #expect(try gate.route(Order(ts: Int64(i), symbol: "SYN", quantity: 1, price: 100)) == nil) }
        #expect(gate.dropped == 100 && gate.liveBroker.calls == 0 && gate.paperBroker.calls == 0)
    }

    // MARK: Through the runtime and the service

    @Test(arguments: Backend.all)
    func aSubmissionResolvesItsModeFromTheWorldsDecision(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await SubmitEvaluateTests.worlds(ws)
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let runner = Runner(service: ws, now: { 1_700_000_000 })
            let plain = try await runner.submit(graph, worlds: ["a"])
            let r = plain.results[0]
            #expect(r.effectiveMode == "compute-only" && r.executionDomain == "backtest" && !r.safeMode && !r.downgraded)
            #expect(r.evaluationRunURL == "/worlds/world:a/strategies/\(plain.strategyID)/runs/\(r.evaluationRunID ?? "")")
            // Asking for paper on year-old data: the decision is stale by the wall clock, so safe mode.
            let paper = try await runner.submit(graph, worlds: ["a"], mode: .paper)
            #expect(paper.results[0].safeMode && paper.results[0].downgradeReason == "stale_decision" && paper.results[0].cached)
            // An unreachable WorldService: safe mode, decision_unavailable.
            let data = ModeResolution.Data(asOf: UTCTimestamp.parse("2022-09-01")!, datasetFingerprint: "x")
            try await store.close()
            let down = try await runner.resolveMode(world: "a", strategy: plain.strategyID, data: data, mode: .live)
            #expect(down.safeMode && down.downgradeReason == .decisionUnavailable)
        }
    }

    @Test(arguments: Backend.all)
    func envelopesFollowTheStateAndTheirETagChangesExactlyWithIt(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await SubmitEvaluateTests.worlds(ws)
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: ["a"]))
            let before = try await ws.decide(world: "a", strategy: id)
            #expect(before.effectiveMode == "validate" && before.asOf == nil && before.policyVersion == 0)
            let run = try await Runner(service: ws).submit(graph, worlds: ["a"])
            let evaluated = try await ws.decide(world: "a", strategy: id)
            #expect(evaluated.effectiveMode == "compute-only" && evaluated.etag != before.etag)
            #expect(evaluated.asOf == run.results[0].metrics.map { _ in "2022-09-01T00:00:00Z" })
            #expect(evaluated.datasetFingerprint == (try await ws.describeWorld("a").spec.dataset?.fingerprint))
            #expect(try await ws.decide(world: "a", strategy: id) == evaluated, "same state, same envelope and ETag")
            let world = try await ws.decide(world: "a", strategy: nil)
            #expect(world.effectiveMode == "compute-only" && world.reason == "1 of 1 bound strategy may run compute-only")

            let act = try await ws.activation(world: "a", strategy: id, side: "long")
            #expect(!act.active && act.weight == 0 && !act.freeze && act.runID == run.results[0].evaluationRunID)
            #expect(try await ws.activation(world: "a", strategy: id, side: "long").etag == act.etag)
            #expect(try await ws.activation(world: "a", strategy: id, side: "short").etag != act.etag)
            #expect((await #expect(throws: QMTLError.self) { try await ws.activation(world: "a", strategy: id, side: "up") })?.code == .badSide)

            // A stop decision: compute-only with the decision named, new ETags.
            let stop = try await ws.postDecision(DecisionRequest(world: "a", nodeID: id, decision: "stop", reasonCode: "VAL_FAIL"))
            let stopped = try await ws.decide(world: "a", strategy: id)
            #expect(stopped.effectiveMode == "compute-only" && stopped.reason == "stopped by decision \(stop.eventID) (VAL_FAIL)")
            #expect(stopped.etag != evaluated.etag)
            #expect(try await ws.activation(world: "a", strategy: id, side: "long").etag == act.etag, "nothing it shows changed")

            // Activated in paper (by an apply's switch): active, weight 1, paper.
            _ = try await ws.revokeDecision(stop.eventID)
            _ = try await store.transition(
                WorldID(parsing: "a"), graph.strategyID.rootNodeID, .activate, evalKey: nil, domain: .paper,
                audit: AuditContext(actor: "system:apply", role: "operator", requestID: "r"))
            #expect(try await ws.decide(world: "a", strategy: id).effectiveMode == "paper")
            let active = try await ws.activation(world: "a", strategy: id, side: "long")
            #expect(active.active && active.weight == 1 && active.effectiveMode == "paper")
        }
    }
}
