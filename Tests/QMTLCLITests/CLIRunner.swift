import Foundation
import QMTLTestSupport

/// Runs the built `qmtl` binary and captures its output, like a user at a terminal (but
/// without a TTY). Standard output and error are drained concurrently, so a chatty command
/// never blocks on a full pipe; a command still running after `timeout` seconds is killed
/// and the run throws, so a hung `qmtl` fails its test instead of hanging the suite.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var out: String { String(decoding: stdout, as: UTF8.self) }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var arguments: [String]
        var seconds: Double
        var description: String { "qmtl \(arguments.joined(separator: " ")) did not finish within \(seconds) s" }
    }

    /// Bytes read by a drain thread. @unchecked Sendable: written once by that thread before
    /// it leaves the dispatch group, read only after the group was waited for.
    private final class Drained: @unchecked Sendable {
        var data = Data()
    }

    static let binary = TestData.executable("qmtl")

    // Why the calling thread waits for the child: `Process.run()` reads past its buffer while
    // listing /proc/self/fd once more than ~1,360 descriptors are open
    // (swift-corelibs-foundation#5472, merged upstream, still in this 6.3.1 toolchain), and
    // this test process peaks near 2,000 (PostgreSQL connections, in-process HTTP, SQLite).
    // Waiting on threads of their own let every test run at once and the crash came twice in
    // four full runs; waiting here it has not come in any CI run. The lasting fix is to start
    // children with swift-subprocess (it closes descriptors with close_range).

    static func run(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], directory: URL = TestData.repoRoot,
        timeout: Double = 120
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env["QMTL_STORE"] = nil  // a developer's own store never leaks into a test
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()

        let group = DispatchGroup()
        let drained = [Drained(), Drained()]
        for (pipe, box) in zip([out, err], drained) {
            group.enter()
            Thread.detachNewThread {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()

        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            _ = group.wait(timeout: .now() + 5)
            throw TimedOut(arguments: arguments, seconds: timeout)
        }
        process.waitUntilExit()
        guard group.wait(timeout: .now() + 10) == .success else { throw TimedOut(arguments: arguments, seconds: timeout) }
        return Result(status: process.terminationStatus, stdout: drained[0].data, stderr: String(decoding: drained[1].data, as: UTF8.self))
    }

    /// A fresh directory for a test's files and stores.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
