import Foundation
import QMTLTestSupport
import Synchronization
import Testing

/// `qmtl serve` as a user runs it: a child process on a free port, the other commands pointed
/// at it with QMTL_SERVER and QMTL_TOKEN, and SIGTERM to stop it.
@Suite("CLI: qmtl serve and --server", .timeLimit(.minutes(10)))
struct ServeCLITests {
    /// A running `qmtl serve` child and the lines it printed.
    final class Server: Sendable {
        let process: Process
        let lines = Mutex<[String]>([])
        let errorLines = Mutex<[String]>([])

        /// A child not started yet (see ``start(executable:arguments:directory:)``).
        init(unstarted: Void) {
            process = Process()
        }

        convenience init(store: String, directory: URL) throws {
            try self.init(arguments: ["serve", "--store", store, "--port", "0"], directory: directory)
        }

        convenience init(arguments: [String], directory: URL) throws {
            self.init(unstarted: ())
            try start(executable: CLIRunner.binary, arguments: arguments, directory: directory)
        }

        /// Runs `executable` (with `environment` added), collecting its standard output and standard
        /// error line by line (``output`` and ``errors``).
        func start(executable: URL, arguments: [String], directory: URL, environment: [String: String] = [:]) throws {
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
            let (out, err) = (Pipe(), Pipe())
            process.standardOutput = out
            process.standardError = err
            try process.run()
            collect(out.fileHandleForReading, errors: false)
            collect(err.fileHandleForReading, errors: true)
        }

        private func collect(_ handle: FileHandle, errors: Bool) {
            Thread.detachNewThread { [self] in
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer += chunk
                    while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                        buffer = Data(buffer[(newline + 1)...])
                        if errors { self.errorLines.withLock { $0.append(line) } } else { self.lines.withLock { $0.append(line) } }
                    }
                }
            }
        }

        /// Lines printed so far.
        var output: [String] { lines.withLock { $0 } }

        /// Lines written to standard error so far (the last 200).
        var errors: [String] { errorLines.withLock { Array($0.suffix(200)) } }

        /// Everything a failed expectation should show: exit state, output and errors.
        var report: String {
            let state =
                process.isRunning
                ? "running" : "exited \(process.terminationStatus) (\(process.terminationReason == .uncaughtSignal ? "signal" : "exit"))"
            return "\(state); stdout: \(output); stderr: \(errors.suffix(20))"
        }

        /// The URL, once the server says it listens (within 30 s).
        func url() async throws -> String {
            for _ in 0..<300 {
                if let line = lines.withLock({ $0.first { $0.hasPrefix("qmtl serve listening on ") } }) {
                    return String(line.dropFirst("qmtl serve listening on ".count))
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw CLIRunner.TimedOut(arguments: ["serve"], seconds: 30)
        }

        var adminToken: String? {
            lines.withLock { $0.first { $0.hasPrefix("admin token") }?.split(separator: " ").last.map(String.init) }
        }

        /// SIGTERM, then the exit status (within 30 s).
        func stop() async throws -> Int32 {
            process.terminate()
            for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            guard !process.isRunning else {
                process.interrupt()
                throw CLIRunner.TimedOut(arguments: ["serve", "(SIGTERM)"], seconds: 30)
            }
            return process.terminationStatus
        }
    }

    @Test func theLoopRunsAgainstAServerAndSIGTERMStopsIt() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("server.sqlite").path
        let server = try Server(store: store, directory: dir)
        let url = try await server.url()
        let admin = try #require(server.adminToken, "the first start prints an admin token")
        func qmtl(_ args: [String], token: String? = admin) async throws -> CLIRunner.Result {
            // No --store: with QMTL_SERVER the commands never open a local store.
            try await CLIRunner.run(args, environment: ["QMTL_SERVER": url, "QMTL_TOKEN": token ?? ""], directory: dir)
        }
        let strategy = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path

        var r = try await qmtl(["world", "create", "a", "--data", WorldDataCLITests.bars, "--symbol", "SYN"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try await qmtl(["submit", strategy, "--world", "a"])
        #expect(r.status == 0 && r.out.contains("world:a  evaluated"), "\(r.out)\(r.stderr)")
        r = try await qmtl(["status", strategy, "--world", "a", "--json"])
        #expect(r.status == 0 && r.out.contains("\"status\""), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".qmtl").path), "nothing was stored locally")

        // Tokens: a viewer reads but may not create; an unknown token is refused.
        r = try await qmtl(["token", "create", "dashboards", "--role", "viewer", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let viewer = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])?["secret"] as? String)
        #expect(try await qmtl(["world", "list"], token: viewer).out.contains("world:a"))
        r = try await qmtl(["world", "suspend", "a"], token: viewer)
        #expect(r.status == 1 && r.stderr.contains("[E_FORBIDDEN]"), "\(r.stderr)")
        r = try await qmtl(["world", "list"], token: "qmtl_not_a_token")
        #expect(r.status == 1 && r.stderr.contains("[E_UNAUTHORIZED]"), "\(r.stderr)")
        r = try await qmtl(["token", "list"])
        #expect(r.out.contains("dashboards") && !r.out.contains(viewer), "secrets are never listed")

        r = try await qmtl(["audit", "verify"], token: viewer)
        #expect(r.status == 0 && r.out.hasPrefix("audit log intact: "), "\(r.out)\(r.stderr)")
        r = try await qmtl(["audit", "list", "--json"], token: viewer)
        #expect(r.out.contains("\"action\":\"world.create\"") && r.out.contains("\"hash\":\"blake3:"), "\(r.out)")

        #expect(try await server.stop() == 0, "SIGTERM is a clean exit")
        // Everything is in the server's store; a second start prints no new admin token.
        r = try await CLIRunner.run(["world", "list", "--store", store], directory: dir)
        #expect(r.out.contains("world:a"))
        let again = try Server(store: store, directory: dir)
        _ = try await again.url()
        #expect(again.adminToken == nil)
        #expect(try await again.stop() == 0)
    }

    /// Graceful shutdown: a request the server is still reading or processing when SIGTERM
    /// comes is answered in full and its effect committed; then the server exits 0.
    @Test func aRequestInFlightAtSIGTERMCompletes() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("server.sqlite").path
        let server = try Server(store: store, directory: dir)
        let url = try await server.url()
        let admin = try #require(server.adminToken)
        // A large upload (300,000 one-minute bars, ~20 MB): long enough to be in flight.
        let count = 300_000
        var body = Data(#"{"symbol":"BIG","interval":60,"bars":["#.utf8)
        for i in 0..<count {
            let p = 100 + Double(i % 97) / 10
            body += Data("\(i == 0 ? "" : ",")[\(1_420_070_400 + i * 60),\(p),\(p + 1),\(p - 1),\(p + 0.5),10]".utf8)
        }
        body += Data("]}".utf8)
        let file = dir.appendingPathComponent("big.json")
        try body.write(to: file)

        // The upload is slowed to about four seconds, and SIGTERM comes only once the server
        // has accepted its connection (a socket more in its descriptor table), however loaded
        // the machine is.
        let sockets = Self.sockets(of: server.process.processIdentifier)
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = [
            "-s", "--limit-rate", "5M", "-o", dir.appendingPathComponent("answer.json").path, "-w", "%{http_code}", "-X", "POST",
            "-H", "Authorization: Bearer \(admin)", "-H", "Content-Type: application/json", "--data-binary", "@\(file.path)",
            url + "/datasets",
        ]
        let status = Pipe()
        curl.standardOutput = status
        try curl.run()
        for _ in 0..<300 where Self.sockets(of: server.process.processIdentifier) <= sockets { try await Task.sleep(for: .milliseconds(20)) }
        #expect(Self.sockets(of: server.process.processIdentifier) > sockets, "the server accepted the upload's connection")
        try await Task.sleep(for: .milliseconds(200))
        #expect(curl.isRunning, "the request must still be in flight when SIGTERM comes")
        #expect(try await server.stop() == 0, "SIGTERM exits 0 after the request")
        let code = try await output(of: curl, from: status)
        #expect(code == "201", "the in-flight upload was answered: \(code)")
        let answer = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("answer.json"))) as? [String: Any]
        #expect(answer?["bars"] as? Int == count, "\(answer ?? [:])")
        // Committed: the store, opened again, holds the dataset.
        let list = try await CLIRunner.run(["data", "list", "--json", "--store", store], directory: dir)
        let all = try #require(try JSONSerialization.jsonObject(with: list.stdout) as? [[String: Any]])
        #expect(all.count == 1 && all.first?["bars"] as? Int == count, "\(list.out)")
    }

    /// How many sockets process `pid` has open (from `/proc`).
    static func sockets(of pid: Int32) -> Int {
        let dir = "/proc/\(pid)/fd"
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return fds.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/\($0)"))?.hasPrefix("socket:") == true }.count
    }

    @Test func anUnreachableServerExits3NamingIt() async throws {
        let r = try await CLIRunner.run(["world", "list", "--server", "http://127.0.0.1:1"])
        #expect(r.status == 3)
        #expect(r.seconds < 10, "refused at once, not retried until a deadline")
        #expect(r.stderr.contains("http://127.0.0.1:1") && r.stderr.contains("[E_SERVER_UNREACHABLE]"), "\(r.stderr)")
        let bad = try await CLIRunner.run(["world", "list", "--server", "ftp://x"])
        #expect(bad.status == 2 && bad.stderr.contains("[E_USAGE]"), "\(bad.stderr)")
    }

    /// Two `qmtl serve` replicas on one PostgreSQL: a decision posted to one reaches an SSE
    /// subscriber of the other, and each serves the state the other wrote.
    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func twoReplicasOnOnePostgreSQLShareDecisionsAndState() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let database = try await PostgresTestDatabase.create()
        let a = try Server(store: database.url, directory: dir)
        let urlA = try await a.url()
        let admin = try #require(a.adminToken)
        let b = try Server(store: database.url, directory: dir)
        let urlB = try await b.url()
        #expect(b.adminToken == nil, "the second replica finds the first one's token")
        func qmtl(_ server: String, _ args: [String]) async throws -> CLIRunner.Result {
            try await CLIRunner.run(args, environment: ["QMTL_SERVER": server, "QMTL_TOKEN": admin], directory: dir)
        }
        let strategy = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path
        #expect(try await qmtl(urlA, ["world", "create", "a", "--data", WorldDataCLITests.bars, "--symbol", "SYN"]).status == 0)
        var r = try await qmtl(urlB, ["submit", strategy, "--world", "a"])
        #expect(r.status == 0 && r.out.contains("world:a  evaluated"), "\(r.out)\(r.stderr)")

        // A subscriber of B, a decision posted to A.
        let curl = Server(unstarted: ())
        try curl.start(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["curl", "-sN", "--max-time", "30", "-H", "Authorization: Bearer \(admin)", urlB + "/events/decisions"], directory: dir)
        try await Task.sleep(for: .milliseconds(500))
        r = try await qmtl(urlA, ["decision", "post", "stop", strategy, "--world", "a", "--reason", "VAL_FAIL"])
        #expect(r.status == 0, "\(r.stderr)")
        var received = false
        for _ in 0..<100 where !received {
            received = curl.output.contains { $0.hasPrefix("data: ") && $0.contains("\"state\":\"applied\"") }
            if !received { try await Task.sleep(for: .milliseconds(100)) }
        }
        curl.process.terminate()
        #expect(received, "B's subscriber got: \(curl.output)")
        #expect(curl.output.contains("id: 1") && curl.output.contains("event: decision.events.v1"))
        #expect(try await qmtl(urlB, ["status", strategy, "--world", "a"]).out.contains("stopped"))
        r = try await qmtl(urlB, ["decision", "events", "--json"])
        #expect(r.status == 0 && r.out.split(separator: "\n").count == 1, "\(r.out)")

        #expect(try await a.stop() == 0)
        #expect(try await b.stop() == 0)
        try await database.drop()
    }
}
