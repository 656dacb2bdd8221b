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
        /// From the child's start to its exit and drained output (not counting a wait at the gate).
        var seconds: Double = 0
        var out: String { String(decoding: stdout, as: UTF8.self) }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var arguments: [String]
        var seconds: Double
        /// From the child's start until it was killed and its output drained.
        var ranFor: Double = 0
        var program = "qmtl"
        var description: String { "\(program) \(arguments.joined(separator: " ")) did not finish within \(seconds) s" }
    }

    /// Bytes read by a drain thread. @unchecked Sendable: written once by that thread before
    /// it leaves the dispatch group, read only after the group was waited for.
    private final class Drained: @unchecked Sendable {
        var data = Data()
    }

    static let binary = TestData.executable("qmtl")

    /// Runs `qmtl` with `arguments`, at most two at a time (``ProcessGate``). The child is
    /// started from the calling task, the waiting happens on a thread of its own
    /// (``offThePool(_:)``), so a test waiting for a command never holds one of the few threads
    /// every other test's timers and leases need.
    ///
    /// `Process.run()` reads past its buffer while listing `/proc/self/fd` once more than about
    /// 1,360 descriptors are open, and may crash the test run (swift-corelibs-foundation#5472,
    /// still in the 6.3.1 toolchain). Unbounded, this suite peaks near 2,000 (every test case
    /// at once, each with its stores' connections); `scripts/test.sh` runs at most 16 test
    /// cases at a time (`SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH`), which keeps the peak
    /// near 250.
    ///
    /// `executable` is `qmtl` unless a test runs another program (a shell running `qmtl`).
    static func run(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], directory: URL = TestData.repoRoot,
        timeout: Double = 120, executable: URL = binary
    ) async throws -> Result {
        try await ProcessGate.children.run {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            var env = ProcessInfo.processInfo.environment
            env["QMTL_STORE"] = nil  // a developer's own store never leaks into a test
            env.merge(environment) { _, new in new }
            process.environment = env
            let pipes = (out: Pipe(), err: Pipe(), input: Pipe())
            process.standardOutput = pipes.out
            process.standardError = pipes.err
            process.standardInput = pipes.input
            try process.run()
            let started = Date()
            return try await offThePool { try wait(process, pipes, started, arguments, stdin: stdin, timeout: timeout) }
        }
    }

    private static func wait(
        _ process: Process, _ pipes: (out: Pipe, err: Pipe, input: Pipe), _ started: Date, _ arguments: [String], stdin: Data?,
        timeout: Double
    ) throws -> Result {
        let (out, err, input) = pipes
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
            throw TimedOut(
                arguments: arguments, seconds: timeout, ranFor: Date().timeIntervalSince(started),
                program: process.executableURL?.lastPathComponent ?? "qmtl")
        }
        process.waitUntilExit()
        guard group.wait(timeout: .now() + 10) == .success else {
            throw TimedOut(arguments: arguments, seconds: timeout, program: process.executableURL?.lastPathComponent ?? "qmtl")
        }
        return Result(
            status: process.terminationStatus, stdout: drained[0].data, stderr: String(decoding: drained[1].data, as: UTF8.self),
            seconds: Date().timeIntervalSince(started))
    }

    /// A fresh directory for a test's files and stores.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
