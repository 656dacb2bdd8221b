/// The state of one node in one world: its lifecycle status plus an optional decision
/// overlay (R-WVG-1). A plain value state machine: ``applying(_:)`` returns the next state or
/// a typed error, and stores call it inside the transaction of every write.
public struct WorldNodeState: Sendable, Hashable {
    /// The lifecycle status under any overlay.
    public private(set) var lifecycle: NodeStatus
    public private(set) var overlay: DecisionOverlay?

    /// The status a reader sees: the overlay's if there is one.
    public var status: NodeStatus { overlay?.decision.status ?? lifecycle }

    /// A new ref starts `unknown` with no overlay.
    public init() {
        lifecycle = .unknown
        overlay = nil
    }

    /// Restores a stored state.
    /// - Throws: ``QMTLError`` `E_BAD_STATE` for an overlay on `archived` or a lifecycle status
    ///   that only overlays show.
    public init(lifecycle: NodeStatus, overlay: DecisionOverlay?) throws {
        guard lifecycle != .paused && lifecycle != .stopped else {
            throw QMTLError(.badState, "\(lifecycle.rawValue) is shown by an overlay, not a lifecycle status")
        }
        guard !(lifecycle == .archived && overlay != nil) else {
            throw QMTLError(.badState, "an archived ref carries no overlay")
        }
        self.lifecycle = lifecycle
        self.overlay = overlay
    }

    /// What can happen to a ref.
    public enum Event: Sendable, Hashable {
        /// A new EvalKey or a re-queue: evaluate again.
        case startValidation
        case validationPassed
        case validationFailed
        /// Activated by an apply (paper or live).
        case activate
        /// Deactivated by an apply.
        case deactivate
        /// An admin retires the ref.
        case archive
        /// A stop, pause or quarantine decision takes effect.
        case applyDecision(OverlayDecision, eventID: String)
        /// A resume (nil: refused without an overlay), or the end of the decision with this event
        /// id (expiry, revocation, quarantine; a no-op when another decision or none shows).
        case removeDecision(eventID: String?)
        /// The EvalKey changed: `validating` now, or `needs_revalidation` under an overlay.
        case evalKeyChanged

        /// A stable name for logs and audit entries.
        public var name: String {
            switch self {
            case .startValidation: "start_validation"
            case .validationPassed: "validation_passed"
            case .validationFailed: "validation_failed"
            case .activate: "activate"
            case .deactivate: "deactivate"
            case .archive: "archive"
            case .applyDecision(let d, _): d.rawValue
            case .removeDecision: "resume"
            case .evalKeyChanged: "eval_key_changed"
            }
        }
    }

    /// The event that starts a validation from `state`: `evalKeyChanged` when it is already
    /// validating without an overlay (a new EvalKey while one is being evaluated), else
    /// `startValidation`.
    public static func validationStart(from state: WorldNodeState) -> Event {
        state.lifecycle == .validating && state.overlay == nil ? .evalKeyChanged : .startValidation
    }

    /// The state after `event`.
    /// - Throws: ``QMTLError`` `E_ILLEGAL_TRANSITION` with `from`, `to` and `allowed` in its
    ///   details when the event is not allowed in this state.
    public func applying(_ event: Event) throws -> WorldNodeState {
        var next = self
        switch event {
        case .archive:
            guard lifecycle != .archived else { throw illegal(event, to: .archived) }
            next.lifecycle = .archived
            next.overlay = nil
        case .applyDecision(let decision, let eventID):
            guard lifecycle != .archived else { throw illegal(event, to: decision.status) }
            // The latest decision wins; a pending revalidation survives it.
            next.overlay = DecisionOverlay(
                decision: decision, eventID: eventID, needsRevalidation: overlay?.needsRevalidation ?? false)
        case .removeDecision(let eventID):
            guard let current = overlay else {
                if eventID != nil && lifecycle != .archived { return self }  // that decision's effect is already gone
                throw illegal(event, to: lifecycle)
            }
            if let eventID, eventID != current.eventID { return self }  // an older decision ended: nothing shows
            next.overlay = nil
            if current.needsRevalidation && NodeStatus.lifecycle[lifecycle]?.contains(.validating) == true {
                next.lifecycle = .validating
            }
        case .evalKeyChanged, .startValidation:
            if var o = overlay {
                // Under a decision the re-evaluation waits for the overlay to go.
                guard lifecycle != .archived else { throw illegal(event, to: .validating) }
                o.needsRevalidation = true
                next.overlay = o
            } else if case .evalKeyChanged = event, lifecycle == .validating {
                return self  // already queued
            } else {
                next.lifecycle = try lifecycleMove(event, to: .validating)
            }
        case .validationPassed, .validationFailed:
            // Only a validation in progress has an outcome (running → valid is a deactivation).
            let target: NodeStatus = event == .validationPassed ? .valid : .invalid
            guard lifecycle == .validating else { throw illegal(event, to: target) }
            next.lifecycle = try lifecycleMove(event, to: target, underOverlay: true)
        case .activate:
            next.lifecycle = try lifecycleMove(event, to: .running)
        case .deactivate:
            guard lifecycle == .running else { throw illegal(event, to: .valid) }
            next.lifecycle = .valid
        }
        return next
    }

    /// A lifecycle move. Under an overlay only the outcome of a running validation and a
    /// deactivation change the status underneath; nothing activates a stopped or paused ref.
    private func lifecycleMove(_ event: Event, to target: NodeStatus, underOverlay: Bool = false) throws -> NodeStatus {
        guard overlay == nil || underOverlay, NodeStatus.lifecycle[lifecycle]?.contains(target) == true else {
            throw illegal(event, to: target)
        }
        return target
    }

    private func illegal(_ event: Event, to target: NodeStatus) -> QMTLError {
        let allowed = overlay == nil ? status.allowedTargets : [lifecycle, .paused, .stopped, .archived].filter { $0 != status }
        return QMTLError(
            .illegalTransition,
            "\(event.name) cannot move a ref from \(status.rawValue) to \(target.rawValue); allowed from \(status.rawValue): "
                + (allowed.isEmpty ? "none" : allowed.map(\.rawValue).joined(separator: ", ")),
            details: ["from": status.rawValue, "to": target.rawValue, "allowed": allowed.map(\.rawValue).joined(separator: ",")])
    }
}
