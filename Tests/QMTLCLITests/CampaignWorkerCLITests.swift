import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// Campaign execution and workers as separate processes, killed with SIGKILL at the worst
/// moment (R-CAMP-4, R-CAMP-5): nothing is lost, nothing runs twice, and a paper run resumed
/// from its last checkpoint ends exactly as an uninterrupted one — on SQLite and PostgreSQL.
@Suite("CLI: campaign execution and workers under SIGKILL", .timeLimit(.minutes(10)))
struct CampaignWorkerCLITests {
    static let stores = ["sqlite"] + (StoreKind.postgresURL != nil ? ["postgres"] : [])
    static let strategy = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path
    static let policy = "campaign:\n  backtest: {window: 365d}\n  paper: {window: 60d}\n  common: {min_trades_per_window: 1}\n"

    /// A store for one test: an SQLite file in `dir`, or a PostgreSQL database of its own.
    static func withStoreLocation(_ kind: String, _ dir: URL, _ body: (String) async throws -> Void) async throws {
        guard kind == "postgres" else { return try await body(dir.appendingPathComponent("s.sqlite").path) }
        let database = try await PostgresTestDatabase.create()
        do {
            try await body(database.url)
        } catch {
            try? await database.drop()
            throw error
        }
        try await database.drop()
    }

    /// Worlds `a` and `b` on the same data and campaign policy, the strategy submitted to both
    /// (backtested by `qmtl submit`); returns the StrategyID.
    static func setUp(_ qmtl: (String...) async throws -> CLIRunner.Result, _ dir: URL) async throws -> String {
        let policy = dir.appendingPathComponent("p.yaml")
        try Self.policy.write(to: policy, atomically: true, encoding: .utf8)
        for w in ["a", "b"] {
            var r = try await qmtl("world", "create", w, "--data", WorldDataCLITests.bars, "--symbol", "SYN")
            #expect(r.status == 0, "\(r.stderr)")
            r = try await qmtl("world", "policy", "set", w, policy.path)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let submitted = try WorldDataCLITests.json(try await qmtl("submit", strategy, "--world", "a", "--world", "b", "--json"))
        return try #require(submitted["strategy_id"] as? String)
    }

    /// Runs `body` in a fresh directory on a fresh store (`kind`), with `qmtl` on that store and
    /// the strategy set up by ``setUp(_:_:)`` in worlds `a` and `b`.
    static func withCampaign(
        _ kind: String, _ body: (_ dir: URL, _ store: String, _ qmtl: (String...) async throws -> CLIRunner.Result, _ id: String) async throws -> Void
    ) async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await withStoreLocation(kind, dir) { store in
            // A PostgreSQL store has no roles file: the local user acts as admin here.
            func qmtl(_ args: String...) async throws -> CLIRunner.Result {
                try await CLIRunner.run(args + ["--store", store], environment: ["QMTL_ROLE": "admin"], directory: dir)
            }
            try await body(dir, store, qmtl, try await setUp(qmtl, dir))
        }
    }

    static func job(_ qmtl: (String...) async throws -> CLIRunner.Result, _ id: String) async throws -> [String: Any] {
        try WorldDataCLITests.json(try await qmtl("job", "show", id, "--json"))
    }

    @Test(arguments: stores)
    func aPaperWorkerKilledMidRunIsResumedWithTheResultOfAnUninterruptedRun(_ kind: String) async throws {
        try await Self.withCampaign(kind) { dir, store, qmtl, id in

            // The paper action of world a becomes a job, left for a worker.
            let queued = try WorldDataCLITests.json(try await qmtl("world", "campaign-execute", "a", "--execute", "--no-work", "--json"))
            let step = try #require((queued["steps"] as? [[String: Any]])?.first)
            #expect(step["outcome"] as? String == "queued" && (queued["jobs"] as? [Any])?.isEmpty == true)
            let jobID = try #require((step["action"] as? [String: Any])?["idempotency_key"] as? String)
            #expect(jobID.hasPrefix("start_paper:world:a:"))
            // World b's paper run goes through uninterrupted, in the executing process: the reference.
            let reference = try await qmtl("world", "campaign-execute", "b", "--execute")
            #expect(reference.status == 0 && reference.out.contains("evaluated"), "\(reference.out)\(reference.stderr)")

            // A worker replays world a's paper bars, checkpointing every 5 bars, and is SIGKILLed
            // (by itself, deterministically: QMTL_CRASH_AT) right after its 4th checkpoint.
            let worker = ServeCLITests.Server(unstarted: ())
            try worker.start(
                executable: CLIRunner.binary,
                arguments: ["worker", "--world", "a", "--drain", "--checkpoint-every", "5", "--lease-sec", "1", "--store", store], directory: dir,
                environment: ["QMTL_CRASH_AT": "worker:checkpoint:4"])
            for _ in 0..<600 where worker.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            #expect(worker.process.terminationReason == .uncaughtSignal && worker.process.terminationStatus == SIGKILL, "killed, not finished")
            let held = try await Self.job(qmtl, jobID)
            #expect(held["state"] as? String == "claimed", "killed mid-run: \(held)")
            let midway = try WorldDataCLITests.json(try await qmtl("world", "run-status", "a", "--strategy", id, "--json"))
            #expect((midway["run"] as? [String: Any])?["state"] as? String == "paper_running")
            // The checkpoint and the progress shown are saved together: the 4th, 20 bars in.
            let checkpointed = try #require((held["progress"] as? [String: Any])?["last_bar"] as? String)

            // Once the dead worker's lease runs out, a new worker claims the job and resumes.
            try await Task.sleep(for: .milliseconds(1500))
            let resumed = try await qmtl("worker", "--world", "a", "--drain", "--lease-sec", "1", "--json")
            #expect(resumed.status == 0, "\(resumed.out)\(resumed.stderr)")
            let outcome = try WorldDataCLITests.json(resumed)
            // It went on from the last checkpoint, not from the paper start.
            let resumedAfter = try #require(outcome["resumed_after"] as? String, "\(outcome)")
            #expect(resumedAfter == checkpointed)
            let consumed = try #require(outcome["bars_consumed"] as? Int)
            let paperStart = try #require((outcome["run"] as? [String: Any])?["first_bar"] as? String)
            let csv = try String(contentsOfFile: WorldDataCLITests.bars, encoding: .utf8)
            let paperRows = csv.split(separator: "\n").dropFirst().filter { $0.prefix(20) >= paperStart.prefix(20) }
            let paperBars = paperRows.count
            #expect(
                paperRows.count > 20 && paperRows[paperRows.startIndex + 19].prefix(20) == checkpointed.prefix(20), "the 4th checkpoint is 20 bars in"
            )
            let after = csv.split(separator: "\n").dropFirst().filter { $0.prefix(20) > resumedAfter.prefix(20) }.count
            #expect(consumed == after && consumed < paperBars, "consumed \(consumed) of \(paperBars) paper bars")
            #expect((outcome["run"] as? [String: Any])?["state"] as? String == "evaluated")
            let done = try await Self.job(qmtl, jobID)
            #expect(done["state"] as? String == "done" && done["attempts"] as? Int == 2, "\(done)")

            // Exactly the uninterrupted run's result: the same bars, trades and metrics.
            let a = try WorldDataCLITests.json(try await qmtl("world", "run-status", "a", "--strategy", id, "--metrics", "--json"))
            let b = try WorldDataCLITests.json(try await qmtl("world", "run-status", "b", "--strategy", id, "--metrics", "--json"))
            let (runA, runB) = (try #require(a["run"] as? [String: Any]), try #require(b["run"] as? [String: Any]))
            #expect(runA["stage"] as? String == "paper" && runA["state"] as? String == "evaluated")
            #expect(runA["first_bar"] as? String == runB["first_bar"] as? String && runA["last_bar"] as? String == runB["last_bar"] as? String)
            let (metricsA, metricsB) = (try #require(a["metrics"] as? [String: Double]), try #require(b["metrics"] as? [String: Double]))
            #expect(metricsA == metricsB && (metricsA["num_trades"] ?? 0) >= 1, "\(metricsA) vs \(metricsB)")
            // The campaign is where an uninterrupted one would be.
            let tick = try WorldDataCLITests.json(try await qmtl("world", "campaign-tick", "a", "--json"))
            #expect((tick["actions"] as? [[String: Any]])?.map { $0["action"] as? String } == ["manual_approval_required"])
        }
    }

    @Test(arguments: stores)
    func aCampaignLoopKilledMidActionIsTakenOverWithoutRepeatingOrLosingIt(_ kind: String) async throws {
        try await Self.withCampaign(kind) { dir, store, qmtl, id in
            #expect(try await qmtl("world", "campaign-execute", "b", "--execute").status == 0, "world b: the uninterrupted reference")

            // The leader replays world a's paper bars and freezes (SIGSTOP, by itself: no race with
            // how fast it runs under load) right after its 4th checkpoint, the paper job claimed
            // and half done; a second loop stands by.
            let loop = ["world", "campaign-loop", "a", "--execute", "--checkpoint-every", "5", "--lease-sec", "1", "--store", store]
            let leader = ServeCLITests.Server(unstarted: ())
            try leader.start(
                executable: CLIRunner.binary, arguments: loop + ["--interval-sec", "0.2"], directory: dir,
                environment: ["QMTL_CRASH_AT": "worker:checkpoint:4:stop"])
            // Watched through a store handle of the test's own: polling costs no process start.
            let watcher: SQLStore = kind == "postgres" ? try await PostgresStore(url: store) : try await SQLiteStore(path: store)
            var jobID: String?
            for _ in 0..<2400 where leader.process.isRunning {  // generous: under a full suite on 2 cores, processes start slowly
                let jobs = try await watcher.jobs(states: [.claimed], limit: 100)
                if let job = jobs.first(where: { $0.world.description == "world:a" && $0.checkpoint != nil }) {
                    jobID = job.jobID
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await watcher.close()
            let started = try #require(jobID, "the leader started the paper job: \(leader.report)")
            #expect(started.hasPrefix("start_paper:world:a:"))
            let standby = ServeCLITests.Server(unstarted: ())
            try standby.start(executable: CLIRunner.binary, arguments: loop + ["--interval-sec", "0.3", "--rounds", "3"], directory: dir)
            for _ in 0..<600 where !standby.output.contains(where: { $0.contains("standing by") }) { try await Task.sleep(for: .milliseconds(100)) }
            #expect(standby.output.contains { $0.contains("another campaign-loop leads a; standing by") }, "\(standby.output)")

            kill(leader.process.processIdentifier, SIGKILL)
            leader.process.waitUntilExit()
            #expect(leader.process.terminationReason == .uncaughtSignal)
            // The standby takes over and carries the campaign on.
            for _ in 0..<1200 where standby.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!standby.process.isRunning && standby.process.terminationStatus == 0, "\(standby.report)")
            #expect(standby.output.contains { $0.hasPrefix("round 1 in a") }, "\(standby.output)")
            // A job the dead leader held is claimed once its lease runs out (a worker or the next round).
            try await Task.sleep(for: .milliseconds(1500))
            #expect(try await qmtl("worker", "--world", "a", "--drain").status == 0)

            // Nothing repeated: one backtest and one paper run; nothing lost: every job done, once per key.
            let runs = try WorldDataCLITests.jsonArray(try await qmtl("world", "run-status", "a", "--strategy", id, "--all", "--json"))
            #expect(runs.filter { $0["stage"] as? String == "paper" }.count == 1 && runs.filter { $0["stage"] as? String == "backtest" }.count == 1)
            let jobs = try WorldDataCLITests.jsonArray(try await qmtl("job", "list", "--json"))
            let mine = jobs.filter { $0["world_id"] as? String == "world:a" }
            #expect(!mine.isEmpty && mine.allSatisfy { $0["state"] as? String == "done" }, "\(mine)")
            #expect(Set(mine.compactMap { $0["job_id"] as? String }).count == mine.count)
            // The paper run ended as the uninterrupted one did.
            let a = try WorldDataCLITests.json(try await qmtl("world", "run-status", "a", "--strategy", id, "--metrics", "--json"))
            let b = try WorldDataCLITests.json(try await qmtl("world", "run-status", "b", "--strategy", id, "--metrics", "--json"))
            #expect((a["run"] as? [String: Any])?["state"] as? String == "evaluated")
            #expect(try #require(a["metrics"] as? [String: Double]) == (try #require(b["metrics"] as? [String: Double])))
        }
    }

    /// A round that finds the store locked (or away) costs that round, not the loop: the error
    /// goes to standard error and the next round carries on.
    @Test func aRoundThatFindsTheStoreBusyCostsTheRoundNotTheLoop() async throws {
        try await Self.withCampaign("sqlite") { dir, store, qmtl, _ in
            let loop = ServeCLITests.Server(unstarted: ())
            let holder = try await SQLiteStore(path: store)
            // Another process's long write holds SQLite's write lock through round 1.
            try await holder.backend.transaction { _ in
                try loop.start(
                    executable: CLIRunner.binary,
                    arguments: ["world", "campaign-loop", "a", "--execute", "--no-work", "--interval-sec", "0.2", "--rounds", "2", "--store", store],
                    directory: dir, environment: ["QMTL_ROLE": "admin"])
                for _ in 0..<1200 where loop.process.isRunning && !loop.errors.contains(where: { $0.contains("round 1 in a failed") }) {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            try await holder.close()
            for _ in 0..<1200 where loop.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!loop.process.isRunning && loop.process.terminationStatus == 0, "\(loop.report)")
            let failed = loop.errors.first { $0.contains("round 1 in a failed") } ?? ""
            #expect(failed.contains("E_STORE_BUSY") && failed.contains("trying again in 0.2 s"), "\(loop.report)")
            #expect(loop.output.contains("round 2 in a:") && !loop.output.contains("round 1 in a:"), "\(loop.report)")
            // Round 2 queued what round 1 could not.
            let jobs = try WorldDataCLITests.jsonArray(try await qmtl("job", "list", "--json"))
            #expect(
                jobs.map { $0["state"] as? String } == ["queued"] && (jobs.first?["job_id"] as? String)?.hasPrefix("start_paper:world:a:") == true,
                "\(jobs)")
        }
    }

    @Test func aServerRunsQueuedJobsOnItsWorkersAndWorkersReachItOverHTTP() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("server.sqlite").path
        var server = try ServeCLITests.Server(arguments: ["serve", "--store", store, "--port", "0", "--workers", "1"], directory: dir)
        var url = try await server.url()
        let admin = try #require(server.adminToken)
        func qmtl(_ args: String...) async throws -> CLIRunner.Result {
            try await CLIRunner.run(args, environment: ["QMTL_SERVER": url, "QMTL_TOKEN": admin], directory: dir)
        }
        let id = try await Self.setUp(qmtl, dir)
        #expect(server.output.contains("running 1 worker for queued backtest and paper jobs"))
        // World a's paper job is queued through the server and run by the server's worker.
        let queued = try WorldDataCLITests.json(try await qmtl("world", "campaign-execute", "a", "--execute", "--no-work", "--json"))
        let jobA = try #require(((queued["steps"] as? [[String: Any]])?.first?["job"] as? [String: Any])?["job_id"] as? String)
        var state: String?
        for _ in 0..<300 {
            let run = try WorldDataCLITests.json(try await qmtl("world", "run-status", "a", "--strategy", id, "--json"))["run"] as? [String: Any]
            state = run?["stage"] as? String == "paper" ? run?["state"] as? String : nil
            if state == "evaluated", try await Self.job(qmtl, jobA)["state"] as? String == "done" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(state == "evaluated")
        // World b's by a separate worker process talking to a server without workers of its own.
        #expect(try await server.stop() == 0)
        server = try ServeCLITests.Server(arguments: ["serve", "--store", store, "--port", "0"], directory: dir)
        url = try await server.url()
        #expect(try await qmtl("world", "campaign-execute", "b", "--execute", "--no-work").status == 0)
        let worker = try await qmtl("worker", "--world", "b", "--kinds", "paper", "--drain")
        #expect(worker.status == 0 && worker.out.contains("evaluated"), "\(worker.out)\(worker.stderr)")
        let a = try WorldDataCLITests.json(try await qmtl("world", "run-status", "a", "--strategy", id, "--metrics", "--json"))
        let b = try WorldDataCLITests.json(try await qmtl("world", "run-status", "b", "--strategy", id, "--metrics", "--json"))
        #expect(try #require(a["metrics"] as? [String: Double]) == (try #require(b["metrics"] as? [String: Double])), "\(a) \(b)")
        let jobs = try WorldDataCLITests.jsonArray(try await qmtl("job", "list", "--json"))
        #expect(jobs.count == 2 && jobs.allSatisfy { $0["state"] as? String == "done" && $0["attempts"] as? Int == 1 }, "\(jobs)")
        #expect(try await server.stop() == 0)
    }

    @Test func dataAppendExtendsAWorldsFeedAndTheCampaignContinuesOnIt() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func qmtl(_ args: String...) async throws -> CLIRunner.Result { try await CLIRunner.run(args, directory: dir) }
        // The dataset stops 25 bars before the CSV's end; the rest arrives through the feed.
        let lines = try String(contentsOfFile: WorldDataCLITests.bars, encoding: .utf8).split(separator: "\n").map(String.init)
        let (header, rows) = (lines[0], Array(lines.dropFirst()))
        let head = dir.appendingPathComponent("head.csv")
        let tail = dir.appendingPathComponent("tail.csv")
        try ([header] + rows.dropLast(25)).joined(separator: "\n").write(to: head, atomically: true, encoding: .utf8)
        try ([header] + rows.suffix(25)).joined(separator: "\n").write(to: tail, atomically: true, encoding: .utf8)
        var r = try await qmtl("world", "create", "a", "--data", head.path, "--symbol", "SYN", "--paper-start", "2022-06-01T00:00:00Z")
        #expect(r.status == 0, "\(r.stderr)")
        let policy = dir.appendingPathComponent("p.yaml")
        try Self.policy.write(to: policy, atomically: true, encoding: .utf8)
        #expect(try await qmtl("world", "policy", "set", "a", policy.path).status == 0)
        let submitted = try WorldDataCLITests.json(try await qmtl("submit", Self.strategy, "--world", "a", "--json"))
        let id = try #require(submitted["strategy_id"] as? String)
        #expect(try await qmtl("world", "campaign-execute", "a", "--execute").status == 0)
        let waiting = try WorldDataCLITests.json(try await qmtl("world", "status", "a", "--strategy", id, "--json"))
        let reasons = ((waiting["campaigns"] as? [[String: Any]])?.first?["reasons"] as? [String]) ?? []
        #expect(reasons.contains("waiting_for_data"), "\(reasons)")

        r = try await qmtl("data", "append", "a", tail.path)
        #expect(r.status == 0 && r.out.contains("appended 25 bars to world:a's feed"), "\(r.out)\(r.stderr)")
        r = try await qmtl("data", "append", "a", tail.path)
        #expect(r.status == 0 && r.out.contains("appended 0 bars") && r.out.contains("25 already there, unchanged"), "\(r.out)")
        // A changed bar is refused, with its code, and nothing is written.
        let changed = dir.appendingPathComponent("changed.csv")
        let last = rows.last!.split(separator: ",").map(String.init)
        try ([header, (last[0...4] + [String(Double(last[5])! + 1)]).joined(separator: ",")].joined(separator: "\n"))
            .write(to: changed, atomically: true, encoding: .utf8)
        r = try await qmtl("data", "append", "a", changed.path)
        #expect(r.status == 1 && r.stderr.contains("[E_FEED_CONFLICT]"), "\(r.stderr)")
        // The next tick continues the paper run on the new bars.
        let tick = try WorldDataCLITests.json(try await qmtl("world", "campaign-tick", "a", "--json"))
        #expect((tick["actions"] as? [[String: Any]])?.map { $0["action"] as? String } == ["continue_paper"])
        r = try await qmtl("world", "campaign-execute", "a", "--execute")
        #expect(r.status == 0 && r.out.contains("continue_paper"), "\(r.out)")
        let run = try WorldDataCLITests.json(try await qmtl("world", "run-status", "a", "--strategy", id, "--json"))["run"] as? [String: Any]
        #expect(run?["stage"] as? String == "paper" && run?["last_bar"] as? String == "2022-09-01T00:00:00Z")
    }
}
