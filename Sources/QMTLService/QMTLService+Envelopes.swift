import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    /// How long a decision holds after the data time it is based on (R-GOV-9 `ttl`).
    static let decisionTTLSeconds: Int64 = 300

    public func decide(world: String, strategy: String?) async throws -> DecisionEnvelope {
        _ = try authorize("world.decide", needs: .viewer)
        let w = try await requireWorld(world)
        try await expireDecisions()
        let spec = try Self.spec(w.config)
        let version = try await store.policy(w.id, version: nil)?.version ?? 0
        let mode: ExecutionMode
        let reason: String
        var asOf: String?
        if let strategy {
            let id = try await requireBinding(w.id, strategy)
            (mode, reason) = try await strategyMode(w, spec: spec, id)
            asOf = try await lastEvaluation(w.id, id)?.details.objectValue?["last_bar"]?.stringValue
        } else {
            // The world as a whole: the highest mode any of its strategies has.
            let bound = try await store.bindings(w.id)
            var modes: [ExecutionMode] = []
            for id in bound {
                modes.append(try await strategyMode(w, spec: spec, id).0)
                if let last = try await lastEvaluation(w.id, id)?.details.objectValue?["last_bar"]?.stringValue, last > (asOf ?? "") {
                    asOf = last
                }
            }
            mode = modes.max() ?? .validate
            let count = modes.filter { $0 == mode }.count
            reason =
                bound.isEmpty
                ? "no strategy is bound to \(w.id)"
                : "\(count) of \(bound.count) bound strateg\(bound.count == 1 ? "y" : "ies") may run \(mode.rawValue)"
        }
        var envelope = DecisionEnvelope(
            world: w.id.description, strategyID: try strategy.map { try StrategyID(parsing: $0).description }, policyVersion: version,
            effectiveMode: mode.rawValue, reason: reason, asOf: asOf, ttl: "\(Self.decisionTTLSeconds)s",
            datasetFingerprint: spec.dataset?.fingerprint, etag: "")
        envelope.etag = try Self.etag(envelope)
        return envelope
    }

    public func activation(world: String, strategy: String, side: String) async throws -> ActivationEnvelope {
        _ = try authorize("world.activation", needs: .viewer)
        guard side == "long" || side == "short" else {
            throw QMTLError(.badSide, "side must be long or short, got \(side.prefix(40))")
        }
        let w = try await requireWorld(world)
        try await expireDecisions()
        let id = try await requireBinding(w.id, strategy)
        let ref = try await store.ref(w.id, id.rootNodeID)
        let active = ref?.state.lifecycle == .running && ref?.state.overlay == nil
        let (mode, _) = try await strategyMode(w, spec: try Self.spec(w.config), id)
        let frozen = try await store.unfinishedApplies().contains { $0.world == w.id && [.freeze, .switchover].contains($0.stage) }
        var envelope = ActivationEnvelope(
            world: w.id.description, strategyID: id.description, side: side, active: active, weight: active ? 1 : 0, freeze: frozen,
            drain: frozen, effectiveMode: mode.rawValue, runID: try await lastEvaluation(w.id, id)?.runID,
            ts: Self.iso(ref?.updatedAtMillis ?? 0), etag: "")
        envelope.etag = try Self.etag(envelope)
        return envelope
    }

    /// What the world lets one strategy do, and why (R-GOV-9): decisions first, then the
    /// world's state, then the root ref's lifecycle.
    func strategyMode(_ w: WorldRecord, spec: WorldSpec, _ id: StrategyID) async throws -> (ExecutionMode, String) {
        guard let ref = try await store.ref(w.id, id.rootNodeID) else { return (.validate, "\(id) has no ref in \(w.id)") }
        if let overlay = ref.state.overlay {
            let d = try await store.decision(overlay.eventID)
            return (
                .computeOnly, "\(overlay.decision.status.rawValue) by decision \(overlay.eventID)" + (d.map { " (\($0.reasonCode.rawValue))" } ?? "")
            )
        }
        guard w.state == .active else { return (.computeOnly, "world \(w.id) is \(w.state.rawValue)") }
        switch ref.state.lifecycle {
        case .running:
            switch ref.executionDomain {
            case .live where spec.allowLive: return (.live, "activated live")
            case .live: return (.computeOnly, "activated live, but the world does not allow live (world_live_not_allowed)")
            case .paper: return (.paper, "activated for paper trading")
            case .backtest: return (.computeOnly, "activated in backtest only")
            }
        case .valid:
            return (.computeOnly, "evaluated and valid; not activated")
        case .invalid:
            let why = try await lastEvaluation(w.id, id)?.details.objectValue?["explanation"]?.stringValue
            return (.computeOnly, "rejected by the policy" + (why.map { ": \($0)" } ?? ""))
        case .validating:
            let queued = try await store.runs(w.id, strategy: id, stage: .backtest, limit: 1).first.map { Self.reasons($0.body) } ?? []
            return (.validate, queued.isEmpty ? "being evaluated" : "being re-evaluated: \(queued.joined(separator: ", ")) changed")
        case .archived:
            return (.validate, "archived in \(w.id)")
        case .unknown, .paused, .stopped:
            return (.validate, "not evaluated yet")
        }
    }

    /// BLAKE3 of the envelope's canonical JSON without its etag: equal content, equal ETag.
    static func etag(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        let data = try encoder.encode(value)
        var parsed = try JSONParser.parseValue(Array(data), fileName: "envelope")
        if case .object(var o) = parsed {
            o["etag"] = nil
            parsed = .object(o)
        }
        return String(BLAKE3.hash(try JCS.bytes(parsed)).hex.prefix(32))
    }
}
