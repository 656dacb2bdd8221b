import Foundation
import QMTLTestSupport
import Synchronization
import Testing

/// `qmtl serve` as a user runs it: a child process on a free port, the other commands pointed
/// at it with QMTL_SERVER and QMTL_TOKEN, and SIGTERM to stop it.
@Suite("CLI: qmtl serve and --server")
struct ServeCLITests {
    /// A running `qmtl serve` child and the lines it printed.
    final class Server: Sendable {
        let process: Process
        let lines = Mutex<[String]>([])

        init(store: String, directory: URL) throws {
            process = Process()
            process.executableURL = CLIRunner.binary
            process.arguments = ["serve", "--store", store, "--port", "0"]
            process.currentDirectoryURL = directory
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let handle = out.fileHandleForReading
            Thread.detachNewThread { [self] in
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer += chunk
                    while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                        buffer = Data(buffer[(newline + 1)...])
                        self.lines.withLock { $0.append(line) }
                    }
                }
            }
        }

        /// The URL, once the server says it listens (within 30 s).
        func url() throws -> String {
            for _ in 0..<300 {
                if let line = lines.withLock({ $0.first { $0.hasPrefix("qmtl serve listening on ") } }) {
                    return String(line.dropFirst("qmtl serve listening on ".count))
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw CLIRunner.TimedOut(arguments: ["serve"], seconds: 30)
        }

        var adminToken: String? {
            lines.withLock { $0.first { $0.hasPrefix("admin token") }?.split(separator: " ").last.map(String.init) }
        }

        /// SIGTERM, then the exit status (within 30 s).
        func stop() throws -> Int32 {
            process.terminate()
            for _ in 0..<300 where process.isRunning { Thread.sleep(forTimeInterval: 0.1) }
            guard !process.isRunning else {
                process.interrupt()
                throw CLIRunner.TimedOut(arguments: ["serve", "(SIGTERM)"], seconds: 30)
            }
            return process.terminationStatus
        }
    }

    @Test func theLoopRunsAgainstAServerAndSIGTERMStopsIt() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("server.sqlite").path
        let server = try Server(store: store, directory: dir)
        let url = try server.url()
        let admin = try #require(server.adminToken, "the first start prints an admin token")
        func qmtl(_ args: [String], token: String? = admin) throws -> CLIRunner.Result {
            // No --store: with QMTL_SERVER the commands never open a local store.
            try CLIRunner.run(args, environment: ["QMTL_SERVER": url, "QMTL_TOKEN": token ?? ""], directory: dir)
        }
        let strategy = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path

        var r = try qmtl(["world", "create", "a", "--data", WorldDataCLITests.bars, "--symbol", "SYN"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try qmtl(["submit", strategy, "--world", "a"])
        #expect(r.status == 0 && r.out.contains("world:a  evaluated"), "\(r.out)\(r.stderr)")
        r = try qmtl(["status", strategy, "--world", "a", "--json"])
        #expect(r.status == 0 && r.out.contains("\"status\""), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(".qmtl").path), "nothing was stored locally")

        // Tokens: a viewer reads but may not create; an unknown token is refused.
        r = try qmtl(["token", "create", "dashboards", "--role", "viewer", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let viewer = try #require((try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])?["secret"] as? String)
        #expect(try qmtl(["world", "list"], token: viewer).out.contains("world:a"))
        r = try qmtl(["world", "suspend", "a"], token: viewer)
        #expect(r.status == 1 && r.stderr.contains("[E_FORBIDDEN]"), "\(r.stderr)")
        r = try qmtl(["world", "list"], token: "qmtl_not_a_token")
        #expect(r.status == 1 && r.stderr.contains("[E_UNAUTHORIZED]"), "\(r.stderr)")
        r = try qmtl(["token", "list"])
        #expect(r.out.contains("dashboards") && !r.out.contains(viewer), "secrets are never listed")

        #expect(try server.stop() == 0, "SIGTERM is a clean exit")
        // Everything is in the server's store; a second start prints no new admin token.
        r = try CLIRunner.run(["world", "list", "--store", store], directory: dir)
        #expect(r.out.contains("world:a"))
        let again = try Server(store: store, directory: dir)
        _ = try again.url()
        #expect(again.adminToken == nil)
        #expect(try again.stop() == 0)
    }

    @Test func anUnreachableServerExits3NamingIt() throws {
        let started = Date()
        let r = try CLIRunner.run(["world", "list", "--server", "http://127.0.0.1:1"])
        #expect(r.status == 3)
        #expect(Date().timeIntervalSince(started) < 10, "refused at once, not retried until a deadline")
        #expect(r.stderr.contains("http://127.0.0.1:1") && r.stderr.contains("[E_SERVER_UNREACHABLE]"), "\(r.stderr)")
        let bad = try CLIRunner.run(["world", "list", "--server", "ftp://x"])
        #expect(bad.status == 2 && bad.stderr.contains("[E_USAGE]"), "\(bad.stderr)")
    }
}
