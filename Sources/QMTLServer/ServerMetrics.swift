import Foundation
import Prometheus
import QMTLAPI
import QMTLCore
import QMTLStore
import Synchronization

/// `/metrics` (SPEC §13 R-OPS) in the Prometheus text format: request latency by route and
/// status, and the operational signals that exist so far.
///
/// - `qmtl_http_request_duration_seconds{route,status}`: every request, by its route template.
/// - `qmtl_gsg_nodes_submitted_total{outcome=new|reused}` and `qmtl_gsg_reuse_ratio`: of the
///   nodes submitted to this process, the share the GSG already held (Reuse%).
/// - `qmtl_gsg_node_dup_rate`: the share of stored nodes whose canonical JSON, re-canonicalized
///   and re-hashed, is not their id — a second copy of a node under another id (alarm > 0.5 %).
///   Recomputed from the store at most every `dupRateInterval`.
/// - `qmtl_scope_non_local_decisions`: pending and applied non-local decisions (alarm > 0).
/// - `qmtl_non_local_decision_approval_wait_seconds`: post → approval, per approval here.
/// - `risk_hub_snapshot_lag_seconds{world}`: now − the newest risk snapshot's `produced_at`,
///   per world, at each scrape (R-GOV-1; past `risk_hub.max_snapshot_age` promotion is blocked).
/// - `risk_hub_snapshot_missing_total{world}`: scrapes that found the world without any snapshot.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let store: any Store
    let dupRateInterval: Duration
    private let newNodes: Counter
    private let reusedNodes: Counter
    private let reuseRatio: Gauge
    private let dupRate: Gauge
    private let nonLocal: Gauge
    private let applyStages: [ApplyStage: Gauge]
    private let approvalWait: DurationHistogram
    private let cacheHits: Counter
    private let cacheMisses: Counter
    private let cacheJoins: Counter
    private let audit = GSGAudit()

    static let latencyBuckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    init(store: any Store, dupRateInterval: Duration = .seconds(300)) {
        self.store = store
        self.dupRateInterval = dupRateInterval
        newNodes = registry.makeCounter(
            descriptor: .init(metricName: "qmtl_gsg_nodes_submitted", unitName: "total", helpText: "Nodes submitted, new to the GSG or reused."),
            labels: [("outcome", "new")])
        reusedNodes = registry.makeCounter(
            descriptor: .init(metricName: "qmtl_gsg_nodes_submitted", unitName: "total", helpText: "Nodes submitted, new to the GSG or reused."),
            labels: [("outcome", "reused")])
        reuseRatio = registry.makeGauge(
            descriptor: .init(metricName: "qmtl_gsg_reuse_ratio", unitName: "", helpText: "Share of submitted nodes the GSG already held (Reuse%)."))
        dupRate = registry.makeGauge(
            descriptor: .init(
                metricName: "qmtl_gsg_node_dup_rate", unitName: "",
                helpText: "Share of stored nodes whose re-canonicalized hash is not their id (alarm > 0.005)."))
        nonLocal = registry.makeGauge(
            descriptor: .init(
                metricName: "qmtl_scope_non_local_decisions", unitName: "", helpText: "Pending and applied non-local decisions (alarm > 0)."))
        let applies = MetricNameDescriptor(
            metricName: "qmtl_applies", unitName: "",
            helpText: "Two-phase applies in each stage, across worlds (completed and rolled_back only grow; others are in flight).")
        let registry = registry
        applyStages = Dictionary(
            uniqueKeysWithValues: ApplyStage.allCases.map { stage in
                (stage, registry.makeGauge(descriptor: applies, labels: [("stage", stage.rawValue)]))
            })
        let cache = MetricNameDescriptor(
            metricName: "qmtl_http_cache_lookups", unitName: "total",
            helpText: "Reads of decide, activation and status: from memory (hit), sharing a concurrent computation (joined), computed (miss).")
        cacheHits = registry.makeCounter(descriptor: cache, labels: [("result", "hit")])
        cacheMisses = registry.makeCounter(descriptor: cache, labels: [("result", "miss")])
        cacheJoins = registry.makeCounter(descriptor: cache, labels: [("result", "joined")])
        approvalWait = registry.makeDurationHistogram(
            descriptor: .init(
                metricName: "qmtl_non_local_decision_approval_wait", unitName: "seconds",
                helpText: "From posting a non-local decision to its approval (SLO p95 < 5 min)."),
            labels: [],
            buckets: [.seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800), .seconds(3600)])
    }

    /// Records one request.
    func request(_ route: String, status: Int, elapsed: Duration) {
        let key = RequestKey(route: route, status: status)
        if let histogram = latencies.withLock({ $0[key] }) {
            histogram.record(elapsed)
            return
        }
        let histogram = registry.makeDurationHistogram(
            descriptor: .init(metricName: "qmtl_http_request_duration", unitName: "seconds", helpText: "HTTP request latency by route and status."),
            labels: [("route", route), ("status", String(status))], buckets: Self.latencyBuckets)
        latencies.withLock { $0[key] = histogram }
        histogram.record(elapsed)
    }

    private struct RequestKey: Hashable {
        let route: String
        let status: Int
    }

    /// The latency histograms made so far (the registry's lookup is costlier than this one).
    private let latencies = Mutex<[RequestKey: DurationHistogram]>([:])

    /// Records how a cached route's answer was found.
    func cacheLookup(_ source: GenerationCache<String, APIReply>.Source) {
        switch source {
        case .hit: cacheHits.increment()
        case .joined: cacheJoins.increment()
        case .miss: cacheMisses.increment()
        }
    }

    /// Records a submission's node counts.
    func submitted(_ response: SubmitResponse) {
        newNodes.increment(by: Int64(response.nodesInserted))
        reusedNodes.increment(by: Int64(response.nodesExisting))
        let counts = audit.submitted(new: response.nodesInserted, reused: response.nodesExisting)
        reuseRatio.set(counts.total == 0 ? 0 : Double(counts.reused) / Double(counts.total))
    }

    /// Records an approval's wait.
    func approved(_ d: DecisionInfo) {
        guard let approved = d.approvedAt.flatMap(UTCTimestamp.parse), let posted = UTCTimestamp.parse(d.timestamp) else { return }
        approvalWait.record(.seconds(max(0, approved - posted)))
    }

    private let lags = Mutex<[String: Gauge]>([:])
    private let missing = Mutex<[String: Counter]>([:])

    /// The risk hub gauges: each world's snapshot lag, or one more scrape without a snapshot.
    func refreshRiskHub() async {
        guard let worlds = try? await store.worlds() else { return }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for w in worlds {
            let name = w.id.description
            guard let snapshot = try? await store.latestRiskSnapshot(w.id) else {
                let counter = missing.withLock { m in
                    if let c = m[name] { return c }
                    let c = registry.makeCounter(
                        descriptor: .init(
                            metricName: "risk_hub_snapshot_missing", unitName: "total",
                            helpText: "Scrapes that found the world without a risk snapshot."),
                        labels: [("world", name)])
                    m[name] = c
                    return c
                }
                counter.increment()
                continue
            }
            let gauge = lags.withLock { m in
                if let g = m[name] { return g }
                let g = registry.makeGauge(
                    descriptor: .init(
                        metricName: "risk_hub_snapshot_lag", unitName: "seconds", helpText: "Now minus the newest risk snapshot's produced_at."),
                    labels: [("world", name)])
                m[name] = g
                return g
            }
            gauge.set(Double(max(0, now - snapshot.producedAtMillis)) / 1000)
        }
    }

    /// The exposition text, after refreshing the gauges read from the store.
    func render() async -> [UInt8] {
        await refreshRiskHub()
        if let decisions = try? await store.decisions(world: nil, states: [.pending, .applied]) {
            nonLocal.set(Double(decisions.filter { $0.scope != .worldLocal }.count))
        }
        if let rate = await audit.dupRate(store: store, maxAge: dupRateInterval) { dupRate.set(rate) }
        if let counts = try? await store.applyStageCounts() {
            for (stage, gauge) in applyStages { gauge.set(Double(counts[stage] ?? 0)) }
        }
        return registry.emitToBuffer()
    }
}

/// The dup-rate scan's last result, and the process's submission counts.
final class GSGAudit: Sendable {
    private struct State {
        var rate: Double?
        var at: ContinuousClock.Instant?
        var scanning = false
        var new = 0
        var reused = 0
    }

    private let state = Mutex(State())

    func submitted(new: Int, reused: Int) -> (total: Int, reused: Int) {
        state.withLock {
            $0.new += new
            $0.reused += reused
            return ($0.new + $0.reused, $0.reused)
        }
    }

    /// The last rate; a scan starts in the background when it is older than `maxAge` (the
    /// first scrape waits for the first scan).
    func dupRate(store: any Store, maxAge: Duration) async -> Double? {
        let now = ContinuousClock.now
        let (stale, first) = state.withLock { s -> (Bool, Bool) in
            let stale = !s.scanning && (s.at.map { now - $0 > maxAge } ?? true)
            if stale { s.scanning = true }
            return (stale, s.rate == nil)
        }
        guard stale else { return state.withLock { $0.rate } }
        let scan = Task {
            let rate = try? await Self.scan(store)
            state.withLock {
                if let rate { $0.rate = rate }
                $0.at = ContinuousClock.now
                $0.scanning = false
            }
        }
        if first { await scan.value }
        return state.withLock { $0.rate }
    }

    /// Re-canonicalizes and re-hashes every stored node.
    static func scan(_ store: any Store) async throws -> Double { try await store.scanNodes().dupRate }
}
