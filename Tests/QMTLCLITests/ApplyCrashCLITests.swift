import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// R-GOV-8 under SIGKILL: a `qmtl world apply` that swaps which of two strategies is live is
/// killed right after each stage is stored (`QMTL_CRASH_AT=apply:<stage>`), 20 times per stage,
/// on SQLite and PostgreSQL. After recovery (the next store open, once the lease ran out) the
/// live set is the old one or the new one — never a mix — the apply is completed or rolled
/// back (completed exactly when the crash came at or after `switch`), and the audit chain holds.
@Suite("CLI: two-phase apply killed at every stage", .timeLimit(.minutes(15)))
struct ApplyCrashCLITests {
    static let trials = Int(ProcessInfo.processInfo.environment["QMTL_APPLY_CRASH_TRIALS"] ?? "") ?? 20
    static let stages = ["requested", "freeze", "switch", "unfreeze", "completed"]

    @Test(arguments: CampaignWorkerCLITests.stores)
    func everyStageRecoversToTheOldOrTheNewSetNeverAMix(_ kind: String) async throws {
        try await CampaignWorkerCLITests.withStoreLocation(kind, try CLIRunner.temporaryDirectory()) { store in
            let dir = try CLIRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            func qmtl(_ args: [String], crashAt: String? = nil) async throws -> CLIRunner.Result {
                var env = ["QMTL_ROLE": "admin"]
                if let crashAt { env["QMTL_CRASH_AT"] = "apply:\(crashAt)" }
                return try await CLIRunner.run(args + ["--store", store], environment: env, directory: dir)
            }
            // Two strategies through backtest and paper in world w, approved, with fresh risk data.
            let policy = dir.appendingPathComponent("p.yaml")
            try (CampaignWorkerCLITests.policy + "risk_hub: {max_snapshot_age: 1d}\n").write(to: policy, atomically: true, encoding: .utf8)
            #expect(try await qmtl(["world", "create", "w", "--data", WorldDataCLITests.bars, "--symbol", "SYN", "--allow-live"]).status == 0)
            #expect(try await qmtl(["world", "policy", "set", "w", policy.path]).status == 0)
            var ids: [String] = []
            for file in ["sma_cross.yaml", "rsi_momentum.yaml"] {
                let path = TestData.repoRoot.appendingPathComponent("examples/strategies/\(file)").path
                ids.append(
                    try #require(try WorldDataCLITests.json(try await qmtl(["submit", path, "--world", "w", "--json"]))["strategy_id"] as? String))
            }
            for _ in 0..<3 { _ = try await qmtl(["world", "campaign-execute", "w", "--execute"]) }
            let snapshot = dir.appendingPathComponent("s.json")
            let weights = ids.map { "\"\($0)\": 0.5" }.joined(separator: ", ")
            try #"{"as_of": "2030-01-01T00:00:00Z", "ttl_sec": 86400, "weights": {\#(weights)}, "provenance": {"stage": "risk"}}"#
                .write(to: snapshot, atomically: true, encoding: .utf8)
            #expect(try await qmtl(["risk-hub", "push", "w", snapshot.path]).status == 0)
            for id in ids {
                let r = try await qmtl(["world", "live-approve", "w", "--strategy", id, "--comment", "crash test"])
                #expect(r.status == 0, "\(r.out)\(r.stderr)")
            }
            let first = try await qmtl(["world", "live-apply", "w", "--strategy", ids[0]])
            #expect(first.status == 0, "\(first.out)\(first.stderr)")

            let handle: SQLStore = kind == "postgres" ? try await PostgresStore(url: store) : try await SQLiteStore(path: store)
            let world = try WorldID(parsing: "w")
            func live() async throws -> Set<String> { Set(try await handle.liveStrategies(world).map(\.description)) }
            #expect(try await live() == [ids[0]])
            var outcomes: [String: [String: Int]] = [:]
            for stage in Self.stages {
                for trial in 0..<Self.trials {
                    let before = try await live()
                    let on = try #require(before.first)
                    let off = try #require(ids.first { $0 != on })
                    let applyID = "swap-\(stage)-\(trial)"
                    let child = try await qmtl(
                        ["world", "apply", "w", "--apply-id", applyID, "--activate", off, "--deactivate", on, "--lease-sec", "0.2"], crashAt: stage)
                    #expect(child.status == SIGKILL, "killed at \(stage): \(child.status) \(child.stderr)")
                    try await Task.sleep(for: .milliseconds(250))  // the lease runs out
                    // The next open recovers it.
                    #expect(try await qmtl(["world", "show", "w"]).status == 0)
                    let apply = try #require(try await handle.apply(world, applyID: applyID))
                    let after = try await live()
                    #expect(after == before || after == [off], "old or new, never a mix: \(after) after a crash at \(stage)")
                    let expected = ["requested", "freeze"].contains(stage) ? ApplyStage.rolledBack : .completed
                    #expect(apply.stage == expected, "a crash at \(stage) ends \(apply.stage.rawValue)")
                    #expect((apply.stage == .completed) == (after == [off]))
                    outcomes[stage, default: [:]][apply.stage.rawValue, default: 0] += 1
                }
            }
            try await handle.close()
            // The report of the world the trials left: every strategy with its chart, written to a file.
            let html = dir.appendingPathComponent("report.html").path
            let written = try await qmtl(["world", "report", "w", "--format", "html", "--output", html])
            #expect(written.status == 0 && written.out.contains("report.html"), "\(written.stderr)")
            let page = try String(contentsOfFile: html, encoding: .utf8)
            #expect(page.hasPrefix("<!DOCTYPE html>") && page.components(separatedBy: "<svg").count == 3 && page.contains("Recent approvals"))
            try await Self.renderIsNotBlank(html, in: dir)
            let bad = try await qmtl(["world", "report", "w", "--format", "pdf"])
            #expect(bad.status == 2 && bad.stderr.contains("--format must be text, json, markdown or html"))
            let verify = try await qmtl(["audit", "verify"])
            #expect(verify.status == 0, "\(verify.out)\(verify.stderr)")
            print("apply crash trials on \(kind): \(outcomes)")
        }
    }

    /// Renders the HTML report in headless Chromium (Debian's `chromium`, installed by `.ci/run`)
    /// to a PNG and checks it is not blank: a valid PNG several times the size of a blank page's
    /// screenshot at the same window size (white pages compress to almost nothing).
    static func renderIsNotBlank(_ html: String, in dir: URL) async throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium else {
            // CI installs it; a developer machine without it says so instead of passing quietly.
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("chromium is not installed (apt-get install chromium)") }
            return
        }
        let blank = dir.appendingPathComponent("blank.html")
        try "<!DOCTYPE html><html><body></body></html>".write(to: blank, atomically: true, encoding: .utf8)
        func screenshot(_ page: String, _ png: String) async throws -> Data {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: chromium)
            p.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1400", "--screenshot=\(png)",
                URL(fileURLWithPath: page).absoluteString,
            ]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return try await offThePool {
                p.waitUntilExit()
                return try Data(contentsOf: URL(fileURLWithPath: png))
            }
        }
        let empty = try await screenshot(blank.path, dir.appendingPathComponent("blank.png").path)
        let shot = try await screenshot(html, dir.appendingPathComponent("report.png").path)
        #expect(shot.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG")
        #expect(shot.count > 4 * empty.count, "the report renders to \(shot.count) bytes, a blank page to \(empty.count)")
    }
}
