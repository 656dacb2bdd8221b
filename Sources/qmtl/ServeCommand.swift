import ArgumentParser
import Foundation
import Logging
import QMTLAPI
import QMTLCore
import QMTLServer
import QMTLService

/// `qmtl serve [--store S] [--host H] [--port P]`: the WorldService over HTTP (SPEC §1).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the WorldService over HTTP until SIGTERM or SIGINT.",
        discussion: """
            On the first start (a store without tokens) an admin token is created and printed once; \
            keep it, it cannot be shown again. Other commands reach this server with \
            --server http://HOST:PORT --token TOKEN (or QMTL_SERVER and QMTL_TOKEN). --workers N also runs N \
            workers in this process (as `qmtl worker` does), stopped with the server.

            Example: qmtl serve --store postgres://qmtl@db/qmtl --host 0.0.0.0 --port 8080
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed).") var port = 8080
    @Option(name: .customLong("max-body-mb"), help: "The largest request body, in MiB (larger: 413).") var maxBodyMB = 64
    @Option(help: "Workers to run in this process for queued backtest and paper jobs.") var workers = 0
    @OptionGroup var workerOptions: WorkerOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (1...4096).contains(maxBodyMB) else { throw ValidationError("--max-body-mb must be 1 to 4096") }
        guard (0...64).contains(workers) else { throw ValidationError("--workers must be 0 to 64") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = .info
            return handler
        }
        let store = try await storeOptions.open()
        let server = QMTLServer(
            store: store, configuration: .init(host: host, port: port, maxBodyBytes: maxBodyMB << 20),
            logger: Logger(label: "qmtl.server"))
        if let secret = try await server.bootstrapAdminToken() {
            // Standard output only, once: the secret is never logged and cannot be shown again.
            CLI.printFlushed("admin token (shown once, keep it): \(secret)")
        }
        let host = host
        let (count, options) = (workers, workerOptions)
        try await store.using { _ in
            // In-process workers act on the store as the service does, each under its own name.
            let logger = Logger(label: "qmtl.worker")
            let pid = ProcessInfo.processInfo.processIdentifier
            let tasks = (0..<count).map { i in
                Task {
                    var worker = options.worker(
                        QMTLService(store: store, caller: Caller(actor: "worker:serve:\(pid):\(i)", role: .submitter)), world: nil)
                    worker.name = "worker:\(ProcessInfo.processInfo.hostName):\(pid):\(i)"
                    await worker.run(
                        onOutcome: { o in
                            logger.info(
                                "job finished",
                                metadata: [
                                    "job": "\(o.job.jobID)", "state": "\(o.job.state)", "run": "\(o.run?.runID ?? "-")", "error": "\(o.error ?? "-")",
                                ])
                        },
                        onError: { e in logger.error("worker error", metadata: ["error": "\(CLI.reason(e))"]) })
                }
            }
            defer { tasks.forEach { $0.cancel() } }
            try await server.run { port in
                CLI.printFlushed("qmtl serve listening on http://\(host):\(port)")
                if count > 0 { CLI.printFlushed("running \(count) worker\(count == 1 ? "" : "s") for queued backtest and paper jobs") }
            }
            tasks.forEach { $0.cancel() }
            for t in tasks { await t.value }
        }
    }
}
