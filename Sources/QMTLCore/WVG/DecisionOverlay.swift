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
