import ArgumentParser
import Foundation
import QMTLCore
import QMTLService

/// `qmtl demo`: the whole loop on generated data, in well under a minute (SPEC §12).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole loop on generated data: two worlds, three strategies, backtest → paper → approval → live.",
        discussion: """
            Generates a market, creates two worlds (one where an operator approves live promotion, one that promotes \
            inside a canary by itself), submits a sound strategy, an overfit one and a near copy of the sound one, \
            carries out their campaigns with two workers, approves and applies what the policies allow, stops a \
            strategy in one world and shows the other still running it, and writes the report. Every verdict is the \
            policies' on the runs' numbers. The store is a new SQLite file in a new directory unless --store is given.
            Examples:
              qmtl demo
              qmtl demo --json | jq -c 'select(.event == "backtest")'
              qmtl demo --dir /tmp/demo --seed 7
            """)

    @Option(help: ArgumentHelp("Where to write the bars, strategies, policies and report (default: a new temporary directory).", valueName: "dir"))
    var dir: String?
    @Option(help: "The generated market's seed.") var seed: UInt64 = 3
    @Flag(help: "Print one JSON event per line instead of sections and tables.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let directory = try Self.directory(dir)
        var options = serviceOptions
        // The demo's own store unless one is named: never the project's ./.qmtl or $QMTL_STORE.
        if options.storeOptions.store == nil { options.storeOptions.store = directory.appendingPathComponent("qmtl.sqlite").path }
        let target = options.serverURL.map { "--server \($0)" } ?? "--store \(options.storeOptions.location)"
        let out = DemoOutput(json: json)
        if !json { CLI.printFlushed(out.bold("qmtl demo") + " — the strategy lifecycle on generated data (\(target))") }
        _ = try await QMTLService.using(options) { service in
            var demo = Demo(service: service, out: out, dir: directory, target: target, seed: seed)
            // Run from a build directory that is not on PATH (`swift run qmtl demo`), the next commands say so too.
            if Self.runFromBuildDirectory { demo.qmtl = "swift run qmtl" }
            return try await demo.run()
        }
    }

    /// This binary is in a `.build` directory that PATH does not name.
    static var runFromBuildDirectory: Bool {
        let exe = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        let dir = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent().path
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return exe.contains("/.build/") && !path.contains { URL(fileURLWithPath: String($0)).resolvingSymlinksInPath().path == dir }
    }

    /// The directory to write into: `--dir` (created if missing), else a new temporary one.
    static func directory(_ path: String?) throws -> URL {
        let url =
            path.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-demo-\(UUID().uuidString.prefix(8).lowercased())")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw QMTLError(.fileUnwritable, "cannot create \(url.path): \(CLI.reason(error))", details: ["path": url.path])
        }
        return url
    }
}
