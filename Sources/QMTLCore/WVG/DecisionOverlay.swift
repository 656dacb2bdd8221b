/// A decision laid over a ref's lifecycle status (R-WVG-1). The lifecycle status underneath is
/// kept, and restored when the overlay is removed by a resume or by expiry.
public struct DecisionOverlay: Sendable, Hashable, Codable {
    public var decision: OverlayDecision
    /// The DecisionEvent that set the overlay.
    public var eventID: String
    /// Set when the EvalKey changed while the overlay was present; the ref goes to
    /// `validating` when the overlay is removed.
    public var needsRevalidation: Bool

    public init(decision: OverlayDecision, eventID: String, needsRevalidation: Bool = false) {
        self.decision = decision
        self.eventID = eventID
        self.needsRevalidation = needsRevalidation
    }

    enum CodingKeys: String, CodingKey {
        case decision
        case eventID = "event_id"
        case needsRevalidation = "needs_revalidation"
    }
}

extension DecisionOverlay {
    /// `{"decision", "event_id", "needs_revalidation"}`, as stores keep it.
    public var json: JSONValue {
        ["decision": .string(decision.rawValue), "event_id": .string(eventID), "needs_revalidation": .bool(needsRevalidation)]
    }

    /// Reads the stored form back (one pass over a parsed value, no `JSONDecoder`).
    /// - Throws: ``QMTLError`` `E_STORE_CORRUPT` naming the bad field.
    public init(json: JSONValue) throws {
        guard let o = json.objectValue, let d = o["decision"]?.stringValue, let decision = OverlayDecision(rawValue: d),
            let eventID = o["event_id"]?.stringValue
        else { throw QMTLError(.storeCorrupt, "a decision overlay needs decision (stop, pause, quarantine) and event_id") }
        var flag = false
        if case .bool(let b)? = o["needs_revalidation"] { flag = b }
        self.init(decision: decision, eventID: eventID, needsRevalidation: flag)
    }
}
