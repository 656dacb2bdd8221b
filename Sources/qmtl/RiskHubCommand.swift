import ArgumentParser
import Foundation
import QMTLAPI
import QMTLCore
import QMTLService

/// `qmtl risk-hub …`: the Risk Signal Hub's snapshots (R-GOV-1).
struct RiskHubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk-hub", abstract: "Push and read risk snapshots (live promotion needs a fresh one).",
        subcommands: [RiskHubPushCommand.self, RiskHubLatestCommand.self, RiskHubListCommand.self])

    /// One snapshot for humans.
    static func describe(_ s: RiskSnapshotInfo) {
        print("\(s.world) risk snapshot v\(s.version)\(s.created == false ? " (already stored, unchanged)" : "")")
        print("  as of      \(s.asOf) (data time)")
        print("  produced   \(s.producedAt) by \(s.provenance.actor ?? "?") at stage \(s.provenance.stage); usable for \(s.ttlSeconds) s")
        print("  dataset    \(s.datasetFingerprint)")
        print("  hash       \(s.hash)")
        CLI.printTable(
            header: ["STRATEGY", "WEIGHT", "RETURNS", "STRESS"],
            rows: s.weights.keys.sorted().map { id in
                let flags = (s.stress[id] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value ? "pass" : "fail")" }
                return [id, String(format: "%.4f", s.weights[id] ?? 0), String(s.realizedReturns[id]?.count ?? 0), flags.joined(separator: " ")]
            })
    }
}

/// `qmtl risk-hub push W FILE`: stores a snapshot from a JSON file.
struct RiskHubPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push", abstract: "Store a risk snapshot from a JSON file (- for stdin).",
        discussion: """
            The file: {"as_of": "2024-06-28T00:00:00Z", "weights": {"<strategy>": 1}, "realized_returns": {"<strategy>": [...]}, \
            "stress": {"<strategy>": {"covid_2020_pass": true}}, "provenance": {"stage": "risk"}, "ttl_sec": 900, "version": 3}. \
            Weights sum to 1; version (default: the next) and dataset_fingerprint (default: the world's dataset) are optional. \
            The caller is recorded as its actor and the arrival time as produced_at. The same version and content again \
            is the stored snapshot; the same version with other content is refused.
            Example: qmtl risk-hub push eq snapshot.json
            """)

    @Argument(help: "The world's id.") var world: String
    @Argument(help: "The snapshot as JSON (- for stdin).") var file: String
    @Flag(help: "Print the stored snapshot as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let request: RiskSnapshotRequest
        do {
            request = try WireJSON.decoder().decode(RiskSnapshotRequest.self, from: try CLI.read(file))
        } catch let error as DecodingError {
            throw QMTLError(.riskSnapshotFormat, "\(file) is not a risk snapshot: \(CLI.describe(error))")
        } catch is CocoaError {
            throw QMTLError(.riskSnapshotFormat, "\(file) is not JSON")
        }
        let info = try await QMTLService.using(serviceOptions) { try await $0.pushRiskSnapshot(world: world, snapshot: request) }
        if json { return try CLI.printEncoded(info) }
        RiskHubCommand.describe(info)
    }
}

/// `qmtl risk-hub latest W`: the world's newest snapshot.
struct RiskHubLatestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latest", abstract: "Show a world's newest risk snapshot.", discussion: "Example: qmtl risk-hub latest eq")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the snapshot as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let info = try await QMTLService.using(serviceOptions) { try await $0.latestRiskSnapshot(world: world) }
        if json { return try CLI.printEncoded(info) }
        RiskHubCommand.describe(info)
    }
}

/// `qmtl risk-hub list W [--version N] [--as-of T]`: snapshots, newest first.
struct RiskHubListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a world's risk snapshots, newest first.",
        discussion: "Example: qmtl risk-hub list eq --as-of 2024-06-01T00:00:00Z")

    @Argument(help: "The world's id.") var world: String
    @Option(help: "Only this version.") var version: Int?
    @Option(name: .customLong("as-of"), help: "Only snapshots whose data time is at most this (ISO-8601 UTC).") var asOf: String?
    @Option(help: "At most this many (1 to 1000).") var limit = 20
    @Flag(help: "Print the snapshots as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let list = try await QMTLService.using(serviceOptions) { s in
            try await s.riskSnapshots(world: world, version: version, asOf: asOf, limit: limit)
        }
        if json { return try CLI.printEncoded(list) }
        guard !list.isEmpty else { return print("\(world) has no risk snapshots yet (qmtl risk-hub push \(world) FILE)") }
        CLI.printTable(
            header: ["VERSION", "AS OF", "PRODUCED", "TTL", "STAGE", "ACTOR", "STRATEGIES"],
            rows: list.map {
                [
                    String($0.version), $0.asOf, $0.producedAt, "\($0.ttlSeconds)s", $0.provenance.stage, $0.provenance.actor ?? "-",
                    String($0.weights.count),
                ]
            })
    }
}
