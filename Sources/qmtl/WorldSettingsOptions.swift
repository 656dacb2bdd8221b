import ArgumentParser
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService

/// The settings `world create` and `world update` share; a flag left out keeps (update) or
/// defaults (create) its value.
struct WorldSettingsOptions: ParsableArguments {
    @Option(help: "A human name.") var name: String?
    @Option(help: "What the world is for.") var description: String?
    @Option(help: "A CSV of bars to register and use as the world's dataset (with --symbol).") var data: String?
    @Option(help: "The symbol of --data.") var symbol: String?
    @Option(help: "The interval of --data: seconds or 1m, 1h, 1d.") var interval = IntervalArgument(seconds: 86_400)
    @Option(help: "A registered dataset's fingerprint to use (instead of --data).") var dataset: String?
    @Option(help: "Where the paper stage starts, ISO-8601 UTC.") var paperStart: String?
    @Option(help: "Commission per side, basis points.") var commissionBps: Double?
    @Option(help: "Slippage per side, basis points.") var slippageBps: Double?
    @Option(help: "Round positions down to this many shares (0: fractional).") var lot: Double?
    @Flag(inversion: .prefixedNo, help: "Allow live promotion in this world (default: no).") var allowLive: Bool?
    @Option(help: "Add a label (repeatable).") var label: [String] = []

    func validate() throws {
        if data != nil && dataset != nil { throw ValidationError("give --data or --dataset, not both") }
        if data != nil && symbol == nil { throw ValidationError("--data needs --symbol") }
    }

    /// The dataset the flags name, registering `--data` first.
    func worldDataset(_ service: any WorldServiceAPI) async throws -> WorldDataset? {
        if let data, let symbol {
            let bars = try CLI.read(data).withUnsafeBytes { try BarCSV.read($0, fileName: data).bars }
            let info = try await service.addDataset(symbol: symbol, interval: interval.seconds, bars: bars)
            return WorldDataset(symbol: info.symbol, interval: info.interval, fingerprint: info.fingerprint, paperStart: paperStart)
        }
        if let dataset {
            let info = try await service.describeDataset(dataset)
            return WorldDataset(symbol: info.symbol, interval: info.interval, fingerprint: info.fingerprint, paperStart: paperStart)
        }
        return nil
    }

    /// The flags as a patch of `current`'s market settings and dataset.
    func patch(_ service: any WorldServiceAPI, current: WorldSpec) async throws -> WorldPatch {
        var market: MarketConfig?
        if commissionBps != nil || slippageBps != nil || lot != nil {
            var m = current.marketConfig
            if let commissionBps { m.commissionBps = commissionBps }
            if let slippageBps { m.slippageBps = slippageBps }
            if let lot { m.lot = lot }
            market = m
        }
        var dataset = try await worldDataset(service)
        if dataset == nil, let paperStart, var d = current.dataset {
            d.paperStart = paperStart
            dataset = d
        }
        return WorldPatch(
            name: name, description: description, marketConfig: market, dataset: dataset, allowLive: allowLive, addLabels: label)
    }
}
