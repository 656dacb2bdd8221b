/// What a pushed risk snapshot must satisfy (R-GOV-1); anything else is refused with
/// `E_RISK_SNAPSHOT_FORMAT` before it is stored.
public enum RiskSnapshotLimits {
    /// Realised returns per strategy, at most.
    public static let maxPointsPerSeries = 200_000
    /// Realised returns in one snapshot, at most.
    public static let maxPoints = 1_000_000
    /// Weighted strategies, at most.
    public static let maxWeights = 10_000
    /// Allowed `ttl_sec`.
    public static let ttlRange = 1...86_400
    /// `ttl_sec` when omitted.
    public static let defaultTTL = 900
    /// How far weights may sum from 1.
    public static let weightTolerance = 1e-3
    /// Provenance stages.
    public static let stages = ["backtest", "paper", "live", "risk"]

    /// Checks a snapshot's parts; throws `E_RISK_SNAPSHOT_FORMAT` naming the first problem.
    public static func check(version: Int?, ttlSeconds: Int, weights: [String: Double], returns: [String: [Double]], stage: String) throws {
        func fail(_ message: String) -> QMTLError { QMTLError(.riskSnapshotFormat, message) }
        if let version, version < 1 { throw fail("version must be 1 or more (or omitted for the next), got \(version)") }
        guard ttlRange.contains(ttlSeconds) else { throw fail("ttl_sec must be \(ttlRange.lowerBound)…\(ttlRange.upperBound), got \(ttlSeconds)") }
        guard stages.contains(stage) else { throw fail("provenance.stage must be one of \(stages.joined(separator: ", ")), got \(stage.prefix(40))") }
        guard !weights.isEmpty else { throw fail("weights is empty: a snapshot weighs at least one strategy") }
        guard weights.count <= maxWeights else { throw fail("\(weights.count) weights; at most \(maxWeights)") }
        if let (id, _) = weights.first(where: { !$0.value.isFinite }) { throw fail("the weight of \(id.prefix(80)) is not a finite number") }
        let sum = weights.values.reduce(0, +)
        guard abs(sum - 1) <= weightTolerance else { throw fail("weights sum to \(sum); they must sum to 1 (± \(weightTolerance))") }
        var total = 0
        for (id, series) in returns.sorted(by: { $0.key < $1.key }) {
            guard series.count <= maxPointsPerSeries else {
                throw fail("realized_returns of \(id.prefix(80)) has \(series.count) points; at most \(maxPointsPerSeries)")
            }
            if let i = series.firstIndex(where: { !$0.isFinite }) { throw fail("realized_returns of \(id.prefix(80)) point \(i) is not finite") }
            total += series.count
        }
        guard total <= maxPoints else { throw fail("realized_returns has \(total) points; at most \(maxPoints)") }
    }
}
