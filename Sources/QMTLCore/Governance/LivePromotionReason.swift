/// Why a strategy's run may not go live now (R-GOV-2…5), as stable codes, in the order a
/// verdict lists them.
public enum LivePromotionReason: String, Sendable, Codable, CaseIterable {
    /// The world's governance never promotes (`mode: disabled`).
    case promotionDisabled = "promotion_disabled"
    /// The world does not allow live trading (`allow_live: false`).
    case worldLiveNotAllowed = "world_live_not_allowed"
    /// A decision (stop, pause, quarantine) halts the strategy in the world.
    case haltedByDecision = "halted_by_decision"
    /// The strategy is live already.
    case alreadyLive = "already_live"
    /// The campaign is not done: no evaluated paper run that met its window and minima (the
    /// campaign's own reasons say which).
    case campaignIncomplete = "campaign_incomplete"
    /// The policy's validation rejected the run.
    case validationFailed = "validation_failed"
    /// The risk snapshot does not pass a stress flag `validation.stress.required_flags` asks for.
    case stressFlagMissing = "stress_flag_missing"
    /// The world has no risk snapshot.
    case riskSnapshotMissing = "risk_snapshot_missing"
    /// The latest snapshot was produced longer ago than `risk_hub.max_snapshot_age`.
    case riskSnapshotStale = "risk_snapshot_stale"
    /// The latest snapshot's `ttl_sec` has run out.
    case riskSnapshotExpired = "risk_snapshot_expired"
    /// The snapshot describes other data than the run.
    case datasetFingerprintMismatch = "dataset_fingerprint_mismatch"
    /// The snapshot's data time is before the run's last bar.
    case asOfBehindRun = "as_of_behind_run"
    /// The last completed live apply is more recent than `cooldown`.
    case cooldownActive = "cooldown_active"
    /// Going live would make more live strategies than `max_live_slots`.
    case maxLiveSlotsExceeded = "max_live_slots_exceeded"
    /// `auto_apply`: the run is outside the canary fraction, so an operator decides.
    case outsideCanary = "outside_canary"
    /// An operator rejected the run.
    case approvalRejected = "approval_rejected"
    /// `manual_approval` (or outside the canary): an allowed approver must approve it.
    case manualApprovalRequired = "manual_approval_required"
}
