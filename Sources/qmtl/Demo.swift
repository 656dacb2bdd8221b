import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService

/// The `qmtl demo` scenario on any WorldService: a generated market, two worlds with their
/// policies, three strategies submitted and backtested, their paper campaigns carried out by
/// tick/execute and two workers, the live promotion each world's governance allows, a
/// world-local stop, and the report.
///
/// The demo decides nothing itself: every verdict it prints is the service's, from the
/// policies in ``DemoFiles`` applied to the runs' own numbers.
struct Demo {
    let service: any WorldServiceAPI
    let out: DemoOutput
    /// Where the demo writes its files (bars, strategies, policies, report).
    let dir: URL
    /// `--store …` (or `--server …`) for the commands it suggests at the end.
    let target: String
    /// How to run qmtl in those commands: `qmtl`, or `swift run qmtl` when started from a build directory.
    var qmtl = "qmtl"
    let seed: UInt64

    static let manualWorld = "demo-manual"
    static let autoWorld = "demo-auto"
    static var worlds: [String] { [manualWorld, autoWorld] }

    /// Names by strategy id, filled in as strategies are submitted.
    final class Names: @unchecked Sendable {
        var names: [String: String] = [:]
        func name(_ id: String) -> String { names[id] ?? String(id.prefix(19)) + "…" }
    }
    let names = Names()

    /// What the demo saw, for its closing lines and its tests.
    struct Summary {
        /// Each world's live strategies before the stop, and after it.
        var liveBeforeStop: [String: [String]] = [:]
        var live: [String: [String]] = [:]
    }

    func run() async throws -> Summary {
        let started = ContinuousClock.now
        let market = try await data()
        try await createWorlds(market)
        try await submit()
        try await campaigns(market)
        try await promote()
        var summary = Summary()
        try await stop(&summary)
        try await report()
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        next(summary, seconds: seconds)
        return summary
    }

    // MARK: 1. Data

    struct Market {
        var fingerprint: String
        var bars: [Bar]
        var regimeChange: Int64
    }

    func data() async throws -> Market {
        // A store that already has the demo's worlds is refused before anything is written.
        let existing = Set(try await service.listWorlds().map(\.id))
        if let taken = Self.worlds.first(where: { existing.contains("world:\($0)") }) {
            throw QMTLError(
                .worldExists, "\(taken) already exists in this store: run the demo on a new one (leave out --store, or name a new file)")
        }
        out.section(1, "A market to trade")
        let market = DemoMarket(seed: seed)
        let bars = market.generate()
        let csv = dir.appendingPathComponent("demo_bars.csv")
        try write(BarCSV.format(bars), to: csv)
        let info = try await service.addDataset(symbol: DemoFiles.symbol, interval: 86_400, bars: bars)
        let change = bars[market.regimeChange].ts
        out.say(
            "\(bars.count) daily bars of \(DemoFiles.symbol), \(day(bars[0].ts)) … \(day(bars[bars.count - 1].ts)) (seed \(seed)), in \(csv.path)",
            "fingerprint \(info.fingerprint)",
            "a slow cycle plus noise; from \(day(change)) on, the noise's short-term momentum turns into reversal")
        out.event(
            "dataset",
            [
                "fingerprint": .string(info.fingerprint), "bars": .number(Double(bars.count)), "path": .string(csv.path),
                "regime_change": .string(UTCTimestamp.format(change)),
            ])
        return Market(fingerprint: info.fingerprint, bars: bars, regimeChange: change)
    }

    // MARK: 2. Worlds

    func createWorlds(_ market: Market) async throws {
        out.section(2, "Two worlds on the same data")
        var rows: [[String]] = []
        for (world, policy) in [(Self.manualWorld, DemoFiles.manualPolicy), (Self.autoWorld, DemoFiles.autoPolicy)] {
            let file = dir.appendingPathComponent("\(world).policy.yaml")
            try write(policy, to: file)
            let spec = WorldSpec(
                name: world, description: "qmtl demo", marketConfig: MarketConfig(commissionBps: 10, slippageBps: 2),
                dataset: WorldDataset(symbol: DemoFiles.symbol, interval: 86_400, fingerprint: market.fingerprint), allowLive: true)
            do {
                _ = try await service.createWorld(id: world, spec: spec)
            } catch let error as QMTLError where error.code == .forbidden {
                throw QMTLError(
                    .forbidden,
                    "\(error.message): the demo creates worlds, which needs an admin — an embedded SQLite store makes its creator one; "
                        + "on PostgreSQL set QMTL_ROLE=admin, on a server use an admin token")
            }
            let published = try await service.publishPolicy(world: world, document: policy, fileName: file.path)
            let parsed = try PolicyParser.parse(policy, fileName: file.path).governance
            rows.append([
                world, parsed.mode.rawValue, parsed.canaryFraction.map { CLI.number($0) } ?? "-", parsed.maxLiveSlots.map(String.init) ?? "-",
                "10 bps + 2 bps slippage", file.lastPathComponent,
            ])
            out.event(
                "world", ["world": .string(world), "promotion_mode": .string(parsed.mode.rawValue), "contract_id": .string(published.contractID)])
        }
        out.table(["WORLD", "LIVE PROMOTION", "CANARY", "LIVE SLOTS", "COSTS", "POLICY"], rows)
        out.say(
            "Both select on sharpe ≥ 1 and |correlation| ≤ 0.8 with an already selected strategy, validate max drawdown ≤ 25 %,",
            "and run a 365-day backtest window, then a 120-day paper (dry-run) window; live is allowed.")
    }

    // MARK: 3. Submit

    func submit() async throws {
        out.section(3, "Three strategies, submitted to both worlds")
        var rows: [[String]] = []
        var notes: [String] = []
        for strategy in DemoFiles.strategies {
            let file = dir.appendingPathComponent(strategy.file)
            try write(strategy.text, to: file)
            let graph = try StrategyFile.load(strategy.text, fileName: file.path)
            let submission = try await Runner(service: service).submit(graph, worlds: Self.worlds)
            let name = graph.name ?? strategy.file
            names.names[submission.strategyID] = name
            for r in submission.results {
                let m = r.metrics ?? [:]
                rows.append([
                    name, slug(r.world), fixed(m["sharpe"]), percent(m["max_drawdown"]), m["num_trades"].map { CLI.number($0) } ?? "-",
                    r.runState ?? r.status,
                ])
                var rejection: String?
                if r.runState == "rejected", let runID = r.evaluationRunID {
                    rejection = failed(try await service.run(world: r.world, strategy: submission.strategyID, runID: runID))
                    notes.append("\(name) in \(slug(r.world)): \(rejection ?? "")")
                }
                out.event(
                    "backtest",
                    [
                        "strategy": .string(name), "strategy_id": .string(submission.strategyID), "world": .string(slug(r.world)),
                        "state": .string(r.runState ?? r.status), "reason": rejection.map(JSONValue.string) ?? .null,
                        "sharpe": m["sharpe"].map(JSONValue.number) ?? .null,
                        "max_drawdown": m["max_drawdown"].map(JSONValue.number) ?? .null,
                    ])
            }
            out.say("\(name): \(strategy.role)  \(submission.strategyID.prefix(23))…")
        }
        out.table(["STRATEGY", "WORLD", "SHARPE", "MAX DD", "TRADES", "BACKTEST VERDICT"], rows)
        for note in notes { out.say("✗ " + note) }
        out.say("The same file has the same id everywhere: both worlds share one copy of each strategy's nodes.")
    }

    /// The rules a run failed, in words.
    func failed(_ run: RunInfo) -> String {
        let failing = run.rules.filter { $0.status == "fail" || $0.status == "insufficient_evidence" }
        guard !failing.isEmpty else { return run.explanation ?? run.summary ?? run.state }
        return failing.map { r in
            if r.reasonCode.hasPrefix("correlation_too_high:") {
                let other = String(r.reasonCode.dropFirst("correlation_too_high:".count))
                return "correlation \(fixed(r.observed)) with \(names.name(other)) (required \(r.required))"
            }
            return "\(r.rule.split(separator: ".").last.map(String.init) ?? r.rule) \(fixed(r.observed)) (required \(r.required))"
        }.joined(separator: "; ")
    }

    // MARK: 4. Campaigns

    func campaigns(_ market: Market) async throws {
        out.section(4, "Campaigns: tick, execute, and two workers")
        let executor = CampaignExecutor(service: service)
        let start = try await paperStart() ?? market.regimeChange
        let paperBars = market.bars.filter { $0.ts >= start }.count
        out.say("The paper stage starts \(day(start)): \(paperBars) bars the backtests never saw.")
        var jobRows: [[String]] = []
        for round in 1...6 {
            var queued = 0
            for world in Self.worlds {
                for step in try await executor.step(world: world, strategy: nil, execute: true) {
                    if step.outcome == .queued { queued += 1 }
                    guard step.outcome != .alreadyExecuted else { continue }
                    out.say("round \(round)  \(world)  \(step.action.action) \(names.name(step.action.strategyID)) → \(step.outcome.rawValue)")
                    out.event(
                        "campaign_step",
                        [
                            "round": .number(Double(round)), "world": .string(world), "action": .string(step.action.action),
                            "strategy": .string(names.name(step.action.strategyID)), "outcome": .string(step.outcome.rawValue),
                            "note": step.note.map(JSONValue.string) ?? .null,
                        ])
                }
            }
            guard queued > 0 else { break }
            for (worker, outcome) in try await work(jobs: queued, barsPerJob: paperBars) {
                let run = outcome.run
                let m = run?.metrics ?? [:]
                jobRows.append([
                    outcome.job.kind, names.name(outcome.job.strategyID), slug(outcome.job.world), outcome.barsConsumed.map(String.init) ?? "-",
                    fixed(m["sharpe"]), percent(m["max_drawdown"]), run?.state ?? outcome.error ?? "-", worker,
                ])
                out.event(
                    "job",
                    [
                        "kind": .string(outcome.job.kind), "strategy": .string(names.name(outcome.job.strategyID)),
                        "world": .string(slug(outcome.job.world)),
                        "run_state": run.map { .string($0.state) } ?? .null, "sharpe": m["sharpe"].map(JSONValue.number) ?? .null,
                        "reason": run.flatMap { $0.state == "rejected" ? .string(failed($0)) : nil } ?? .null,
                        "worker": .string(worker),
                        "bars": outcome.barsConsumed.map { .number(Double($0)) } ?? .null, "error": outcome.error.map(JSONValue.string) ?? .null,
                    ])
            }
        }
        out.table(["JOB", "STRATEGY", "WORLD", "BARS", "SHARPE", "MAX DD", "RUN", "WORKER"], jobRows)
        for world in Self.worlds {
            for s in try await service.campaignStatus(world: world, strategy: nil) {
                guard let run = try await service.runs(world: world, strategy: s.strategyID, stage: "paper", limit: 1).first,
                    run.state == "rejected"
                else { continue }
                out.say("✗ \(names.name(s.strategyID)) in \(world), paper: \(failed(run))")
            }
        }
        try await statusTable()
    }

    /// Where the paper stage starts, as the campaign status says.
    func paperStart() async throws -> Int64? {
        try await service.campaignStatus(world: Self.manualWorld, strategy: nil).compactMap(\.paperStart).first.flatMap(UTCTimestamp.parse)
    }

    /// Runs the queued jobs on two workers at once, with a progress bar over the paper bars.
    /// Each job's outcome with the worker that ran it.
    func work(jobs: Int, barsPerJob: Int) async throws -> [(worker: String, outcome: Worker.Outcome)] {
        let progress = DemoProgress(total: max(1, jobs * barsPerJob), out: out)
        let every = 20
        return try await withThrowingTaskGroup(of: [(worker: String, outcome: Worker.Outcome)].self) { group in
            for n in 1...2 {
                var worker = Worker(service: service, name: "demo-worker-\(n)")
                worker.checkpointEvery = every
                worker.afterCheckpoint = { job, saved in progress.advance(job.jobID, to: saved * every) }
                group.addTask { [worker] in try await worker.drain().map { (worker.name, $0) } }
            }
            var all: [(worker: String, outcome: Worker.Outcome)] = []
            for try await outcomes in group { all += outcomes }
            progress.finish(jobs: all.count)
            return all.sorted { ($0.outcome.job.world, $0.outcome.job.strategyID) < ($1.outcome.job.world, $1.outcome.job.strategyID) }
        }
    }

    func statusTable() async throws {
        var rows: [[String]] = []
        for world in Self.worlds {
            for s in try await service.campaignStatus(world: world, strategy: nil) {
                rows.append([
                    names.name(s.strategyID), world, s.phase, DemoOutput.bar(s.progress, width: 10), fixed(s.sharpe),
                    s.liveVerdict ?? (s.reasons.first ?? "-"),
                ])
            }
        }
        out.table(["STRATEGY", "WORLD", "PHASE", "WINDOW", "SHARPE", "LIVE"], rows)
    }

    // MARK: 5. Live promotion

    func promote() async throws {
        out.section(5, "Live promotion: an operator in one world, the canary in the other")
        let manual = try await service.liveCandidates(world: Self.manualWorld)
        out.table(
            ["STRATEGY", "WORLD", "ELIGIBLE", "PENDING APPROVAL", "BLOCKED BY"],
            manual.candidates.map { c in
                [
                    names.name(c.strategyID), slug(c.world), c.eligible ? "yes" : "no", c.pendingManualApproval ? "yes" : "no",
                    c.blockedReasons.joined(separator: ", "),
                ]
            })
        for c in manual.candidates where c.pendingManualApproval {
            try await approveAndApply(c, why: "manual approval is this world's rule")
        }
        let auto = try await service.liveCandidates(world: Self.autoWorld)
        for c in auto.candidates {
            let canary = "\(c.inCanary ? "inside" : "outside") the canary (fraction \(c.canaryFraction.map { CLI.number($0) } ?? "-"))"
            // The canary matters only to a run that may go live at all.
            out.say("\(Self.autoWorld): \(names.name(c.strategyID)) \(c.eligible ? "is \(canary)" : "stays out"): \(c.summary)")
            if c.pendingManualApproval { try await approveAndApply(c, why: "outside the canary, auto-apply waits for an approver") }
        }
        for world in Self.worlds {
            for a in try await service.report(world: world, strategy: nil).approvals {
                out.say("\(world): \(a.decision) by \(a.decidedBy) — \(names.name(a.strategyID)) (\(a.decisionReason))")
                out.event(
                    "approval",
                    [
                        "world": .string(world), "strategy": .string(names.name(a.strategyID)), "decided_by": .string(a.decidedBy),
                        "decision": .string(a.decision),
                    ])
            }
        }
        try await statusTable()
    }

    /// An operator approves a pending run and applies it in two phases.
    func approveAndApply(_ c: LivePromotionInfo, why: String) async throws {
        out.say("\(slug(c.world)): \(names.name(c.strategyID)) waits for an approver (\(why)); approving as \(ServiceOptions.osUser)")
        let approval = try await service.approveLive(
            world: c.world, request: LiveDecisionRequest(strategyID: c.strategyID, runID: c.runID, comment: "qmtl demo: paper run checked"))
        let apply = try await service.applyLive(world: c.world, request: LiveApplyRequest(strategyID: c.strategyID, runID: approval.runID))
        out.say("\(slug(c.world)): apply …\(apply.applyID.suffix(8)): requested → freeze → switch → unfreeze → \(apply.stage)")
        out.event(
            "apply",
            [
                "world": .string(slug(c.world)), "strategy": .string(names.name(c.strategyID)), "apply_id": .string(apply.applyID),
                "stage": .string(apply.stage),
            ])
    }

    // MARK: 6. A world-local stop

    func stop(_ summary: inout Summary) async throws {
        out.section(6, "A stop in one world leaves the other running")
        let live = try await liveSets()
        summary.liveBeforeStop = live.mapValues { $0.map(names.name) }
        summary.live = summary.liveBeforeStop
        for world in Self.worlds { out.say("live in \(world): \(Self.list(summary.live[world]))") }
        guard let id = live[Self.manualWorld]?.first else {
            out.say("No strategy went live in \(Self.manualWorld), so there is nothing to stop.")
            return
        }
        let decision = try await service.postDecision(
            DecisionRequest(world: Self.manualWorld, nodeID: id, decision: "stop", reasonCode: "MANUAL"))
        out.say("\(Self.manualWorld): stop \(names.name(id)) (decision \(decision.eventID), scope \(decision.scope))")
        out.event(
            "decision",
            ["world": .string(Self.manualWorld), "strategy": .string(names.name(id)), "decision": .string("stop"), "scope": .string(decision.scope)])
        var rows: [[String]] = []
        for world in Self.worlds {
            let a = try await service.activation(world: world, strategy: id, side: "long")
            rows.append([names.name(id), world, a.active ? "active" : "inactive", a.effectiveMode, CLI.number(a.weight)])
            out.event(
                "activation",
                ["world": .string(world), "strategy": .string(names.name(id)), "active": .bool(a.active), "effective_mode": .string(a.effectiveMode)])
        }
        out.table(["STRATEGY", "WORLD", "ACTIVATION", "MODE", "WEIGHT"], rows)
        summary.live = try await liveSets().mapValues { $0.map(names.name) }
    }

    /// Each world's strategies with an active live activation.
    func liveSets() async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for world in Self.worlds {
            var ids: [String] = []
            for s in try await service.strategies(world: world) {
                let a = try await service.activation(world: world, strategy: s.strategyID, side: "long")
                if a.active && a.effectiveMode == "live" { ids.append(s.strategyID) }
            }
            out[world] = ids.sorted()
        }
        return out
    }

    // MARK: 7. Report

    func report() async throws {
        out.section(7, "The report")
        let report = try await service.report(world: Self.manualWorld, strategy: nil)
        let file = dir.appendingPathComponent("report-\(Self.manualWorld).html")
        try write(ReportRenderer.render(report, as: .html), to: file)
        let verdict = try await service.verifyAudit()
        out.say("\(file.path)", "verdicts in sentences, blocked reasons, correlations with live strategies, equity and drawdown charts")
        out.say("audit log: \(verdict.intact ? "intact" : "BROKEN"), \(verdict.entries.map(String.init) ?? "?") hash-chained entries")
        out.event("report", ["path": .string(file.path), "audit_intact": .bool(verdict.intact)])
    }

    func next(_ summary: Summary, seconds: Double) {
        out.section(8, "Next")
        for world in Self.worlds {
            let stopped = Set(summary.liveBeforeStop[world] ?? []).subtracting(summary.live[world] ?? []).sorted()
            out.say("live in \(world): \(Self.list(summary.live[world]))" + (stopped.isEmpty ? "" : " (stopped: \(stopped.joined(separator: ", ")))"))
        }
        out.say(
            "done in \(String(format: "%.1f", seconds)) s; the files are in \(dir.path)", "",
            "\(qmtl) world status \(Self.autoWorld) \(target)",
            "\(qmtl) world report \(Self.manualWorld) --strategy \(dir.path)/\(DemoFiles.fastMomentum.file) \(target)",
            "\(qmtl) world live-candidates \(Self.manualWorld) \(target)",
            "\(qmtl) decision list --world \(Self.manualWorld) \(target)",
            "\(qmtl) audit verify \(target)",
            "\(qmtl) init my-project        # a project of your own: README, five minutes")
        out.event(
            "done",
            [
                "seconds": .number(seconds), "dir": .string(dir.path),
                "live": .object(Self.object(summary.live.mapValues { .array($0.map(JSONValue.string)) })),
                "live_before_stop": .object(Self.object(summary.liveBeforeStop.mapValues { .array($0.map(JSONValue.string)) })),
            ])
    }

    // MARK: Helpers

    static func list(_ names: [String]?) -> String { names.map { $0.isEmpty ? "none" : $0.joined(separator: ", ") } ?? "none" }

    static func object(_ fields: [String: JSONValue]) -> JSONObject {
        var o = JSONObject()
        for (k, v) in fields { o[k] = v }
        return o
    }

    func write(_ text: String, to url: URL) throws {
        do {
            try Data(text.utf8).write(to: url)
        } catch {
            throw QMTLError(.fileUnwritable, "cannot write \(url.path): \(CLI.reason(error))", details: ["path": url.path])
        }
    }

    /// `demo-manual` for `world:demo-manual`.
    func slug(_ world: String) -> String { world.hasPrefix("world:") ? String(world.dropFirst(6)) : world }
    func day(_ ts: Int64) -> String { String(UTCTimestamp.format(ts).prefix(10)) }
    func fixed(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "-" }
    func percent(_ x: Double?) -> String { x.map { String(format: "%.1f %%", $0 * 100) } ?? "-" }
}

/// Paper bars consumed across the jobs of a round, drawn as one progress bar.
final class DemoProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done: [String: Int] = [:]
    let total: Int
    let out: DemoOutput

    init(total: Int, out: DemoOutput) {
        self.total = total
        self.out = out
    }

    func advance(_ job: String, to bars: Int) {
        lock.lock()
        done[job] = bars
        let sum = done.values.reduce(0, +)
        lock.unlock()
        out.progress("paper bars", min(0.99, Double(sum) / Double(total)), detail: "\(sum) of ~\(total)")
    }

    func finish(jobs: Int) {
        out.progress("paper bars", 1, detail: "\(jobs) job\(jobs == 1 ? "" : "s") done")
    }
}
