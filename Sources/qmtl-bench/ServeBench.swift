import ArgumentParser
import Foundation
import Hummingbird
import Logging
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLServer
import QMTLService
import QMTLStore

/// `qmtl-bench serve`: HTTP throughput and latency of `qmtl serve` under `wrk` (loopback, 16
/// connections): `decide`, `activation` and `status` on a world with one evaluated strategy,
/// and a bare Hummingbird route in the same run — the ceiling of this machine. Target for
/// `decide`: ≥ 15,000 req/s with p99 < 5 ms and ≥ 50 % of the ceiling (the Python original:
/// 2,239 req/s, p99 37 ms).
struct ServeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "HTTP req/s and p50/p99 under wrk (needs wrk).")

    @Option(help: "Seconds per route (at most 20).") var duration = 10
    @Option(help: "wrk connections.") var connections = 16
    @Option(help: "wrk threads.") var threads = 2
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (1...20).contains(duration) else { throw ValidationError("--duration is 1 to 20 seconds") }
    }

    func run() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw ValidationError("wrk is not installed (apt-get install wrk)")
        }
        let ceiling = try await Self.ceiling { port in
            let r = try Self.wrk(url: "http://127.0.0.1:\(port)/ping", token: nil, duration: duration, connections: connections, threads: threads)
            print("serve_ceiling_hummingbird req_per_sec \(Int(r.rate)) p50 \(fmt3(r.p50)) ms p99 \(fmt3(r.p99)) ms  # a bare route, same machine")
            return r.rate
        }
        for target in storeOptions.targets {
            let (name, store, cleanup) = try await StoreOptions.open(target)
            defer { cleanup() }
            let (token, world, strategy) = try await Self.setUp(store)
            let server = QMTLServer(store: store, configuration: .init(host: "127.0.0.1", port: 0), logger: Self.quiet)
            let running = try await server.start()
            let base = "http://127.0.0.1:\(running.port)"
            let routes: [(String, String)] = [
                ("decide", "\(base)/worlds/\(world)/decide?strategy_id=\(strategy)"),
                ("activation", "\(base)/worlds/\(world)/activation?strategy_id=\(strategy)&side=long"),
                ("status", "\(base)/status?strategy_id=\(strategy)&world_id=\(world)"),
                ("health", "\(base)/health"),
            ]
            for (route, url) in routes {
                let r = try Self.wrk(
                    url: url, token: route == "health" ? nil : token, duration: duration, connections: connections, threads: threads)
                let target = route == "decide" ? "; target ≥ 15000 req/s, p99 < 5 ms, ≥ 50 % of the ceiling" : ""
                print(
                    "serve_\(route)_\(name) req_per_sec \(Int(r.rate)) p50 \(fmt3(r.p50)) ms p99 \(fmt3(r.p99)) ms"
                        + "  # \(String(format: "%.0f", 100 * r.rate / ceiling)) % of the ceiling\(target); non-2xx \(r.errors)")
            }
            await running.stop()
            try await store.close()
        }
    }

    /// Servers log as `qmtl serve` does (JSON lines), only what is critical: the figures are the output.
    static var quiet: Logger {
        Logger(label: "qmtl.bench.server") { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = .critical
            return handler
        }
    }

    /// A world with a dataset and a policy, one evaluated strategy, and a viewer token.
    static func setUp(_ store: SQLStore) async throws -> (token: String, world: String, strategy: String) {
        let service = QMTLService(store: store, caller: Caller(actor: "system:bench", role: .admin))
        let suffix = String(UInt64.random(in: 0..<UInt64.max), radix: 36)
        let world = "bench-\(suffix)"
        let bars = SyntheticBars(seed: 7, interval: 86_400).generate(count: 252)
        let data = try await service.addDataset(symbol: "SYN", interval: 86_400, bars: bars)
        _ = try await service.createWorld(
            id: world, spec: WorldSpec(name: world, dataset: WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint)))
        _ = try await service.publishPolicy(world: world, document: "selection: {thresholds: {s: {metric: sharpe, min: -100}}}", fileName: "p.yaml")
        let graph = try StrategyFile.load(SubmitBench.strategy(fast: 10), fileName: "s.yaml")
        _ = try await Runner(service: service).submit(graph, worlds: [world])
        let token = try await store.issueToken(
            name: "system:bench", role: "viewer", audit: AuditContext(actor: "system:bench", role: "admin", requestID: UUID().uuidString.lowercased())
        )
        return (token.secret, "world:\(world)", graph.strategyID.description)
    }

    /// A bare Hummingbird server answering `/ping`, while `body` runs.
    static func ceiling(_ body: @Sendable (Int) async throws -> Double) async throws -> Double {
        let router = Router()
        router.get("/ping") { _, _ in "pong" }
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { listening.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let running = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ValidationError("the ceiling server did not start") }
        let rate = try await body(port)
        running.cancel()
        _ = await running.result
        return rate
    }

    /// Runs wrk and reads its requests/s, p50, p99 (ms) and non-2xx count.
    static func wrk(
        url: String, token: String?, duration: Int, connections: Int, threads: Int
    ) throws -> (
        rate: Double, p50: Double, p99: Double, errors: Int
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        var args = ["-t\(threads)", "-c\(connections)", "-d\(duration)s", "--latency"]
        if let token { args += ["-H", "Authorization: Bearer \(token)"] }
        process.arguments = args + [url]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func number(after prefix: String) -> String? {
            text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
                .map { $0.trimmingCharacters(in: .whitespaces).dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) }
        }
        func millis(_ s: String?) -> Double {
            guard let s else { return .nan }
            if s.hasSuffix("us") { return (Double(s.dropLast(2)) ?? .nan) / 1000 }
            if s.hasSuffix("ms") { return Double(s.dropLast(2)) ?? .nan }
            if s.hasSuffix("s") { return (Double(s.dropLast(1)) ?? .nan) * 1000 }
            return .nan
        }
        let errors = number(after: "Non-2xx or 3xx responses:").flatMap { Int($0) } ?? 0
        guard let rate = number(after: "Requests/sec:").flatMap(Double.init) else {
            throw ValidationError("wrk printed no Requests/sec:\n\(text)")
        }
        return (rate, millis(number(after: "50%")), millis(number(after: "99%")), errors)
    }
}
