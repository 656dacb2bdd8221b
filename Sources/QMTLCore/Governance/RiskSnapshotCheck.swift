/// What decides whether a risk snapshot may back a live promotion (R-GOV-2).
public struct RiskSnapshotFacts: Sendable, Equatable {
    /// The snapshot's version.
    public var version: Int
    /// Data time: the last bar it reflects, epoch milliseconds.
    public var asOfMillis: Int64
    /// Wall time it was produced, epoch milliseconds.
    public var producedAtMillis: Int64
    /// Seconds after `producedAtMillis` it stays usable.
    public var ttlSeconds: Int
    /// The dataset its returns come from.
    public var datasetFingerprint: String

    /// A snapshot's facts.
    public init(version: Int, asOfMillis: Int64, producedAtMillis: Int64, ttlSeconds: Int, datasetFingerprint: String) {
        self.version = version
        self.asOfMillis = asOfMillis
        self.producedAtMillis = producedAtMillis
        self.ttlSeconds = ttlSeconds
        self.datasetFingerprint = datasetFingerprint
    }
}

/// Fail-closed checks of the world's risk snapshot against a candidate run (R-GOV-2): no usable
/// snapshot blocks promotion; missing hub data never passes.
public enum RiskSnapshotCheck {
    /// `risk_hub.max_snapshot_age` when the policy has no `risk_hub` block: 15 minutes.
    public static let defaultMaxAgeSeconds = 900

    /// Why `snapshot` cannot back a promotion of a run on `runFingerprint` whose last bar is
    /// `runLastBarMillis`, at `nowMillis`; empty when it can.
    public static func reasons(
        _ snapshot: RiskSnapshotFacts?, runFingerprint: String, runLastBarMillis: Int64?, nowMillis: Int64, maxAgeSeconds: Int
    ) -> [LivePromotionReason] {
        guard let s = snapshot else { return [.riskSnapshotMissing] }
        var reasons: [LivePromotionReason] = []
        if nowMillis - s.producedAtMillis > Int64(maxAgeSeconds) * 1000 { reasons.append(.riskSnapshotStale) }
        if nowMillis >= s.producedAtMillis + Int64(s.ttlSeconds) * 1000 { reasons.append(.riskSnapshotExpired) }
        if s.datasetFingerprint != runFingerprint { reasons.append(.datasetFingerprintMismatch) }
        if let last = runLastBarMillis, s.asOfMillis < last { reasons.append(.asOfBehindRun) }
        return reasons
    }
}
