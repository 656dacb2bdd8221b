import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

/// Every error the CLI prints is one line ending in its code, and the exit status is the code's
/// (R-CLI: 1 rejected input, 2 usage, 3 unavailable).
@Suite("CLI errors and exit codes")
struct ErrorExitCLITests {
    /// The first line of standard error, and the code in its trailing `[E_…]`.
    static func code(_ r: CLIRunner.Result) -> String? {
        guard let first = r.stderr.split(separator: "\n").first, first.hasPrefix("error: "), first.hasSuffix("]"),
            let open = first.lastIndex(of: "[")
        else { return nil }
        return String(first[first.index(after: open)..<first.index(before: first.endIndex)])
    }

    static func expect(_ r: CLIRunner.Result, _ code: QMTLError.Code, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Self.code(r) == code.rawValue, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status == code.exitCode, "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderr.contains(fragment), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
    }

    @Test func unreadableAndNonUTF8InputFilesAreCoded() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let latin1 = dir.appendingPathComponent("latin1.yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0x0A]).write(to: latin1)
        Self.expect(try await CLIRunner.run(["graph", "ids", dir.appendingPathComponent("missing.yaml").path]), .fileUnreadable, "missing.yaml")
        Self.expect(try await CLIRunner.run(["graph", "ids", dir.path]), .fileUnreadable, dir.path)
        Self.expect(try await CLIRunner.run(["hash", "blake3", dir.appendingPathComponent("nope").path]), .fileUnreadable, "no such file")
        Self.expect(try await CLIRunner.run(["graph", "ids", latin1.path]), .fileNotUTF8, "is not UTF-8")
        Self.expect(
            try await CLIRunner.run(["backtest", "examples/strategies/sma_cross.yaml", "--data", dir.appendingPathComponent("bars.csv").path]),
            .fileUnreadable, "bars.csv")
    }

    @Test func usageErrorsExitTwoWithACode() async throws {
        Self.expect(try await CLIRunner.run(["backtest"]), .usage, "Missing expected argument")
        Self.expect(try await CLIRunner.run(["no-such-command"]), .usage, "unknown command 'no-such-command' for 'qmtl'")
        Self.expect(try await CLIRunner.run(["wrld", "status"]), .usage, "unknown command 'wrld' for 'qmtl' (did you mean \"world\"?)")
        Self.expect(try await CLIRunner.run(["world", "policy", "lst", "eq"]), .usage, "for 'qmtl world policy' (did you mean \"list\"?)")
        Self.expect(try await CLIRunner.run(["audit", "list", "--limit", "0"]), .usage, "--limit must be in 1…10000")
        let usage = try await CLIRunner.run(["backtest"])
        #expect(usage.stderr.contains("Usage: qmtl backtest"), "the usage follows the coded line")
    }

    @Test func anUnknownWorldIsAnsweredWithTheClosestNames() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(
            try await CLIRunner.run(["world", "create", "equities", "--data", WorldDataCLITests.bars, "--symbol", "SYN"], directory: dir).status == 0)
        for typed in ["equites", "eq"] {
            let r = try await CLIRunner.run(["world", "status", typed], directory: dir)
            #expect(r.status == 1 && r.stderr.contains("(did you mean \"equities\"?) [E_WORLD_NOT_FOUND]"), "\(typed): \(r.stderr)")
        }
    }

    @Test func aStoreThatCannotBeReachedExitsThree() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Nothing listens on port 1 of loopback.
        Self.expect(try await CLIRunner.run(["audit", "verify", "--store", "postgres://qmtl@127.0.0.1:1/qmtl"]), .storeUnavailable, "127.0.0.1:1")
        // A path under a regular file can be neither created nor opened.
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let underFile = file.appendingPathComponent("qmtl.sqlite").path
        Self.expect(try await CLIRunner.run(["audit", "verify", "--store", underFile]), .storeUnavailable, underFile)
        // The same through QMTL_STORE.
        Self.expect(try await CLIRunner.run(["audit", "list"], environment: ["QMTL_STORE": underFile]), .storeUnavailable, underFile)
    }

    @Test func aStoreThatIsNotADatabaseIsCorruptAndLeftAlone() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = dir.appendingPathComponent("notes.txt")
        let content = Data(String(repeating: "not a database\n", count: 400).utf8)
        try content.write(to: text)
        Self.expect(try await CLIRunner.run(["audit", "verify", "--store", text.path]), .storeCorrupt, "not a database")
        #expect(try Data(contentsOf: text) == content, "the file was not touched")
    }

    @Test func aMalformedStoreLocationIsAUsageError() async throws {
        Self.expect(try await CLIRunner.run(["audit", "verify", "--store", "postgres:/x"]), .storeURL, "postgres:/x")
        Self.expect(try await CLIRunner.run(["audit", "verify", "--store", "postgres://127.0.0.1/x"]), .storeURL, "expected postgres://")
        Self.expect(try await CLIRunner.run(["audit", "verify", "--store", "mysql://db/x"]), .storeURL, "mysql://db/x")
    }

    @Test func theDefaultStoreIsCreatedWhereTheMessageSays() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try await CLIRunner.run(["audit", "verify"], directory: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr == "created a new store at .qmtl/qmtl.sqlite\n")
        #expect(first.out == "audit log intact: 0 entries\n")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(".qmtl/qmtl.sqlite").path))
        let second = try await CLIRunner.run(["audit", "verify", "--json"], directory: dir)
        #expect(second.stderr == "", "no message once the store exists")
        #expect(second.out == "{\"entries\":0,\"intact\":true}\n")
    }

    @Test func aHungCommandFailsItsTestInsteadOfHangingTheSuite() async throws {
        // `hash blake3 -` waits for standard input; the runner closes it, so use a FIFO nobody writes.
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let error = await #expect(throws: CLIRunner.TimedOut.self) { try await CLIRunner.run(["hash", "blake3", fifo], timeout: 1) }
        #expect(error?.seconds == 1)
        #expect((error?.ranFor ?? .infinity) < 20, "killed once its timeout ran out: \(error?.ranFor ?? -1) s")
    }
}

/// Damaged inputs through the built binary: every refusal is one coded line and exit 1.
@Suite("CLI on damaged inputs")
struct DamagedInputCLITests {
    @Test func everyRefusalCarriesACode() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sources = ["examples/strategies/sma_cross.yaml", "examples/strategies/ema_trend.json", "examples/policies/equities_conservative.yaml"]
        var rng = SeededRandom(seed: 7)
        for n in 0..<36 {
            let source = sources[n % sources.count]
            var bytes = Array(try TestData.repoFile(source))
            let i = Int(rng.next() % UInt64(bytes.count))
            bytes.replaceSubrange(i..<min(bytes.count, i + 1 + Int(rng.next() % 6)), with: Array("{:\"é-".utf8.shuffled(using: &rng).prefix(2)))
            let file = dir.appendingPathComponent("m\(n)" + (source.hasSuffix(".json") ? ".json" : ".yaml"))
            try Data(bytes).write(to: file)
            let args = source.contains("policies") ? ["policy", "check", file.path] : ["graph", "ids", file.path]
            let r = try await CLIRunner.run(args)
            #expect([0, 1].contains(r.status), "case \(n): exit \(r.status): \(r.stderr)")
            if r.status != 0 {
                let lines = r.stderr.split(separator: "\n")
                #expect(!lines.isEmpty && lines.allSatisfy { $0.hasSuffix("]") && $0.contains("[E_") }, "case \(n): \(r.stderr)")
            }
        }
    }
}
