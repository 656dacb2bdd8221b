import Hummingbird
import QMTLAPI
import QMTLCore

/// What each route of ``APIRoute/all`` does: one line per route, calling the same
/// `WorldServiceAPI` method the client calls. ``QMTLServer`` refuses to start when a route has
/// no handler (and a test checks it).
enum APIHandlers {
    typealias Handler = @Sendable (APICall) async throws -> APIReply

    static let table: [APIRoute: Handler] = [
        // Worlds
        .createWorld: { c in
            let r = try c.decode(CreateWorldRequest.self)
            return try .json(try await c.service.createWorld(id: r.id, spec: r.spec), c.route)
        },
        .listWorlds: { c in try .json(try await c.service.listWorlds(), c.route) },
        .describeWorld: { c in try .json(try await c.service.describeWorld(c.param("world")), c.route) },
        .describeWorldAlias: { c in try .json(try await c.service.describeWorld(c.param("world")), c.route) },
        .updateWorld: { c in try .json(try await c.service.updateWorld(c.param("world"), patch: try c.decode(WorldPatch.self)), c.route) },
        .setWorldState: { c in
            try .json(try await c.service.setWorldState(c.param("world"), to: try c.decode(WorldStateRequest.self).state), c.route)
        },
        .publishPolicy: { c in
            let d = try c.decode(PolicyDocument.self)
            return try .json(try await c.service.publishPolicy(world: c.param("world"), document: d.document, fileName: d.fileName), c.route)
        },
        .policies: { c in try .json(try await c.service.policies(world: c.param("world")), c.route) },
        .setDefaultPolicy: { c in
            try .json(
                try await c.service.setDefaultPolicy(world: c.param("world"), version: try c.decode(DefaultPolicyRequest.self).version), c.route)
        },
        .policyWhatIf: { c in
            let d = try c.decode(PolicyDocument.self)
            return try .json(try await c.service.policyWhatIf(world: c.param("world"), document: d.document, fileName: d.fileName), c.route)
        },
        .strategies: { c in try .json(try await c.service.strategies(world: c.param("world")), c.route) },
        .setEdgeOverride: { c in
            let r = try c.decode(EdgeOverrideRequest.self)
            let o = EdgeOverrideInfo(world: c.param("world"), src: c.param("src"), dst: c.param("dst"), active: r.active, reason: r.reason)
            return try .json(try await c.service.setEdgeOverride(o), c.route)
        },
        .edgeOverrides: { c in try .json(try await c.service.edgeOverrides(world: c.param("world")), c.route) },
        .revalidate: { c in try .json(try await c.service.revalidate(world: c.param("world")), c.route) },
        .queuedRuns: { c in try .json(try await c.service.queuedRuns(world: c.param("world")), c.route) },

        // Datasets
        .addDataset: { c in
            let u = try c.decode(DatasetUpload.self)
            let info = try await c.service.addDataset(symbol: u.symbol, interval: u.interval, bars: u.bars)
            return try .json(info, status: info.created ? .created : .ok)
        },
        .listDatasets: { c in try .json(try await c.service.listDatasets(), c.route) },
        .describeDataset: { c in try .json(try await c.service.describeDataset(c.param("fingerprint")), c.route) },
        .datasetBars: { c in try .json(BarList(bars: try await c.service.datasetBars(c.param("fingerprint"))), c.route) },
        .appendBars: { c in try .json(try await c.service.appendBars(world: c.param("world"), bars: try c.decode(BarList.self).bars), c.route) },
        .feedBars: { c in try .json(BarList(bars: try await c.service.feedBars(world: c.param("world"), after: c.query["after"])), c.route) },

        // Submission and runs
        .submit: { c in
            let response = try await c.service.submit(try c.decode(SubmitRequest.self))
            c.metrics.submitted(response)
            return try .json(response, c.route)
        },
        .status: { c in try .json(try await c.service.status(strategy: try c.query("strategy_id"), world: try c.query("world_id")), c.route) },
        .startRun: { c in try .json(try await c.service.startRun(world: c.param("world"), strategy: c.param("strategy")), c.route) },
        .evaluate: { c in
            let r = try c.decode(EvaluateRequest.self)
            return try .json(try await c.service.evaluate(world: c.param("world"), strategy: r.strategyID, runID: r.runID, result: r.result), c.route)
        },
        .failRun: { c in
            let message = try c.decode(FailRunRequest.self).message
            return try .json(
                try await c.service.failRun(world: c.param("world"), strategy: c.param("strategy"), runID: c.param("run"), message: message),
                c.route)
        },
        .startPaper: { c in try .json(try await c.service.startPaper(world: c.param("world"), strategy: c.param("strategy")), c.route) },
        .startLive: { c in try .json(try await c.service.startLive(world: c.param("world"), strategy: c.param("strategy")), c.route) },
        .reportProgress: { c in
            let result = try c.decode(RunResult.self)
            return try .json(
                try await c.service.reportProgress(world: c.param("world"), strategy: c.param("strategy"), runID: c.param("run"), result: result),
                c.route)
        },
        .runs: { c in
            let limit = Int(try c.integer("limit") ?? 100)
            return try .json(
                try await c.service.runs(world: c.param("world"), strategy: c.param("strategy"), stage: c.query["stage"], limit: limit), c.route)
        },
        .run: { c in try .json(try await c.service.run(world: c.param("world"), strategy: c.param("strategy"), runID: c.param("run")), c.route) },
        .runSeries: { c in
            try .json(try await c.service.runSeries(world: c.param("world"), strategy: c.param("strategy"), runID: c.param("run")), c.route)
        },
        .runMetrics: { c in
            try .json(try await c.service.runMetrics(world: c.param("world"), strategy: c.param("strategy"), runID: c.param("run")), c.route)
        },
        .runHistory: { c in
            try .json(try await c.service.runHistory(world: c.param("world"), strategy: c.param("strategy"), runID: c.param("run")), c.route)
        },
        .strategyNodes: { c in try .json(try await c.service.strategyNodes(c.param("strategy")), c.route) },

        // Decisions
        .postDecision: { c in try .json(try await c.service.postDecision(try c.decode(DecisionRequest.self)), c.route) },
        .approveDecision: { c in
            let approved = try await c.service.approveDecision(c.param("event"))
            c.metrics.approved(approved)
            return try .json(approved, c.route)
        },
        .rejectDecision: { c in try .json(try await c.service.rejectDecision(c.param("event")), c.route) },
        .revokeDecision: { c in try .json(try await c.service.revokeDecision(c.param("event")), c.route) },
        .listDecisions: { c in
            let states = c.query["state"].map { $0.split(separator: ",").map(String.init) }
            return try .json(try await c.service.listDecisions(world: c.query["world_id"], states: states), c.route)
        },
        .quarantineNonLocal: { c in try .json(try await c.service.quarantineNonLocal(), c.route) },
        .decisionEvents: { c in
            let after = try c.integer("after") ?? 0
            let limit = try c.integer("limit") ?? 500
            return try .json(try await c.service.decisionEvents(after: after, world: c.query["world_id"], limit: Int(limit)), c.route)
        },
        .decisionEventStream: { c in try await DecisionEventStream.reply(c) },

        // Jobs
        .enqueueJob: { c in try .json(try await c.service.enqueueJob(try c.decode(JobRequest.self)), c.route) },
        .claimJob: { c in try .json(try await c.service.claimJob(try c.decode(JobClaimRequest.self)), c.route) },
        .heartbeatJob: { c in try .json(try await c.service.heartbeatJob(c.param("job"), report: try c.decode(JobReport.self)), c.route) },
        .finishJob: { c in try .json(try await c.service.finishJob(c.param("job"), report: try c.decode(JobReport.self)), c.route) },
        .liveCandidates: { c in try .json(try await c.service.liveCandidates(world: c.param("world")), c.route) },
        .livePlan: { c in
            try .json(try await c.service.livePlan(world: c.param("world"), strategy: try c.query("strategy_id"), runID: c.query["run_id"]), c.route)
        },
        .approveLive: { c in
            try .json(try await c.service.approveLive(world: c.param("world"), request: try c.decode(LiveDecisionRequest.self)), c.route)
        },
        .rejectLive: { c in
            try .json(try await c.service.rejectLive(world: c.param("world"), request: try c.decode(LiveDecisionRequest.self)), c.route)
        },
        .applyLive: { c in try .json(try await c.service.applyLive(world: c.param("world"), request: try c.decode(LiveApplyRequest.self)), c.route) },
        .autoApplyLive: { c in try .json(try await c.service.autoApplyLive(world: c.param("world")), c.route) },
        .applyPlan: { c in try .json(try await c.service.applyPlan(world: c.param("world"), request: try c.decode(ApplyRequest.self)), c.route) },
        .applyStatus: { c in try .json(try await c.service.applyStatus(world: c.param("world"), applyID: c.param("apply")), c.route) },
        .report: { c in try .json(try await c.service.report(world: c.param("world"), strategy: c.query["strategy_id"]), c.route) },
        .pushRiskSnapshot: { c in
            try .json(try await c.service.pushRiskSnapshot(world: c.param("world"), snapshot: try c.decode(RiskSnapshotRequest.self)), c.route)
        },
        .latestRiskSnapshot: { c in try .json(try await c.service.latestRiskSnapshot(world: c.param("world")), c.route) },
        .riskSnapshots: { c in
            let version = try c.integer("version").map { Int($0) }
            let limit = try c.integer("limit").map { Int($0) }
            return try .json(
                try await c.service.riskSnapshots(world: c.param("world"), version: version, asOf: c.query["as_of"], limit: limit), c.route)
        },
        .jobs: { c in try .json(try await c.service.jobs(state: c.query["state"], limit: Int(try c.integer("limit") ?? 100)), c.route) },
        .job: { c in try .json(try await c.service.job(c.param("job")), c.route) },
        // Campaigns
        .campaignStatus: { c in try .json(try await c.service.campaignStatus(world: c.param("world"), strategy: c.query["strategy_id"]), c.route) },
        .campaignTick: { c in try .json(try await c.service.campaignTick(world: c.param("world"), strategy: c.query["strategy_id"]), c.route) },

        // Envelopes: an ETag, and 304 when the client has it (R-GOV-9).
        .decide: { c in
            let envelope = try await c.service.decide(world: c.param("world"), strategy: c.query["strategy_id"])
            return try .tagged(envelope, etag: envelope.etag, c)
        },
        .activation: { c in
            let envelope = try await c.service.activation(world: c.param("world"), strategy: try c.query("strategy_id"), side: try c.query("side"))
            return try .tagged(envelope, etag: envelope.etag, c)
        },

        // Audit
        .auditLog: { c in
            try .json(try await c.service.auditLog(after: try c.integer("after") ?? 0, limit: Int(try c.integer("limit") ?? 100)), c.route)
        },
        .verifyAudit: { c in try .json(try await c.service.verifyAudit(), c.route) },

        // Tokens
        .createToken: { c in
            let r = try c.decode(TokenRequest.self)
            return try .json(try await c.service.createToken(name: r.name, role: r.role), c.route)
        },
        .listTokens: { c in try .json(try await c.service.listTokens(), c.route) },
        .revokeToken: { c in try .json(try await c.service.revokeToken(c.param("token")), c.route) },
    ]
}

extension APIReply {
    /// `value` with `ETag: "<etag>"`; the server answers 304 when `If-None-Match` names it.
    static func tagged<T: Encodable>(_ value: T, etag: String, _ c: APICall) throws -> APIReply {
        var reply = try json(value, c.route)
        reply.headers[.eTag] = "\"\(etag)\""
        return reply
    }
}
