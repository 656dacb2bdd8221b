import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import QMTLAPI
import QMTLClient
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

@testable import QMTLServer

/// The HTTP surface itself, with raw requests: every route × every role and no token against
/// SPEC §11, and every route under malformed input (R-SEC-1, R-SEC-3).
@Suite("HTTP: roles and malformed input", .timeLimit(.minutes(10)))
struct HTTPSurfaceTests {
    /// The least role of each operation, written from SPEC §11 R-SEC-1 (not read from the route
    /// table it checks): viewer reads; submitter + submit, data, evaluate; operator + decisions,
    /// policies, edges, revalidation; admin + worlds and tokens. nil: no token needed.
    static let expected: [String: Role?] = [
        "health": nil, "ready": nil, "openAPI": nil, "metrics": nil,
        "createWorld": .admin, "listWorlds": .viewer, "describeWorld": .viewer, "updateWorld": .admin, "setWorldState": .admin,
        "publishPolicy": .operator, "policies": .viewer, "setDefaultPolicy": .operator, "policyWhatIf": .viewer, "strategies": .viewer,
        "setEdgeOverride": .operator, "edgeOverrides": .viewer, "revalidate": .operator, "queuedRuns": .viewer,
        "addDataset": .submitter, "listDatasets": .viewer, "describeDataset": .viewer, "datasetBars": .viewer, "appendBars": .submitter,
        "feedBars": .viewer, "pushRiskSnapshot": .operator, "liveCandidates": .viewer, "livePlan": .viewer,
        "approveLive": .operator, "rejectLive": .operator, "applyLive": .operator, "autoApplyLive": .operator, "applyPlan": .operator,
        "applyStatus": .viewer, "report": .viewer, "latestRiskSnapshot": .viewer, "riskSnapshots": .viewer,
        "submit": .submitter, "status": .viewer, "startRun": .submitter, "evaluate": .submitter, "failRun": .submitter, "runs": .viewer,
        "run": .viewer, "startPaper": .submitter, "startLive": .submitter, "reportProgress": .submitter,
        "enqueueJob": .submitter, "claimJob": .submitter, "heartbeatJob": .submitter, "finishJob": .submitter, "jobs": .viewer, "job": .viewer,
        "runMetrics": .viewer, "runSeries": .viewer, "runHistory": .viewer, "strategyNodes": .viewer,
        "postDecision": .operator, "approveDecision": .operator, "rejectDecision": .operator, "revokeDecision": .operator,
        "listDecisions": .viewer, "quarantineNonLocal": .operator, "decisionEvents": .viewer, "decisionEventStream": .viewer,
        "campaignStatus": .viewer, "campaignTick": .viewer, "decide": .viewer, "activation": .viewer,
        "auditLog": .viewer, "verifyAudit": .viewer,
        "createToken": .admin, "listTokens": .admin, "revokeToken": .admin,
    ]

    static let zeros = String(repeating: "0", count: 64)
    static let pathValues = [
        "world": "w", "strategy": "blake3:\(zeros)", "src": "blake3:\(zeros)", "dst": "blake3:\(zeros)",
        "run": "00000000-0000-4000-8000-000000000001", "event": "00000000-0000-4000-8000-000000000002",
        "fingerprint": "lake:blake3:\(zeros)", "token": "tok_0000000000000000", "job": "evaluate:w:none", "apply": "a1",
    ]
    static let queryValues = ["strategy_id": "blake3:\(zeros)", "world_id": "w", "side": "long"]

    /// A well-formed body of each schema a route takes.
    static func sampleBody(_ schema: String) throws -> Data {
        let e = WireJSON.encoder()
        let bar = Bar(ts: 1_420_156_800, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10)
        switch schema {
        case "CreateWorldRequest": return try e.encode(CreateWorldRequest(id: "w2", spec: WorldSpec(name: "w2")))
        case "WorldPatch": return try e.encode(WorldPatch(addLabels: ["x"]))
        case "WorldStateRequest": return try e.encode(WorldStateRequest(state: .suspended))
        case "PolicyDocument": return try e.encode(PolicyDocument(document: "{}", fileName: "p.json"))
        case "DefaultPolicyRequest": return try e.encode(DefaultPolicyRequest(version: 1))
        case "EdgeOverrideRequest": return try e.encode(EdgeOverrideRequest(active: false, reason: "MANUAL"))
        case "DatasetUpload": return try e.encode(DatasetUpload(symbol: "S", interval: 86_400, bars: [bar]))
        case "SubmitRequest": return try e.encode(SubmitRequest(strategyID: "blake3:\(zeros)", name: nil, nodes: [], worlds: ["w"]))
        case "EvaluateRequest":
            return try e.encode(
                EvaluateRequest(
                    strategyID: "blake3:\(zeros)", runID: pathValues["run"]!,
                    result: RunResult(metrics: ["sharpe": 1], firstBar: "2015-01-02T00:00:00Z", lastBar: "2015-12-31T00:00:00Z")))
        case "BarList": return try e.encode(BarList(bars: [bar]))
        case "FailRunRequest": return try e.encode(FailRunRequest(message: "boom"))
        case "RunResult": return try e.encode(RunResult(metrics: ["sharpe": 1], firstBar: "2015-01-02T00:00:00Z", lastBar: "2015-12-31T00:00:00Z"))
        case "JobRequest": return try e.encode(JobRequest(jobID: "evaluate:w:none", kind: "backtest", world: "w", strategyID: "blake3:\(zeros)"))
        case "JobClaimRequest": return try e.encode(JobClaimRequest(kinds: ["backtest"], world: nil, owner: "worker:t", leaseSeconds: 30))
        case "JobReport": return try e.encode(JobReport(owner: "worker:t", leaseSeconds: 30))
        case "DecisionRequest":
            return try e.encode(DecisionRequest(world: "w", nodeID: "blake3:\(zeros)", decision: "stop", reasonCode: "MANUAL"))
        case "TokenRequest": return try e.encode(TokenRequest(name: "t", role: .viewer))
        case "LiveDecisionRequest": return try e.encode(LiveDecisionRequest(strategyID: "blake3:\(zeros)", comment: "ok"))
        case "LiveApplyRequest": return try e.encode(LiveApplyRequest(strategyID: "blake3:\(zeros)"))
        case "ApplyRequest":
            return try e.encode(ApplyRequest(applyID: "a1", plan: LivePlan(activate: [LivePlanEntry(strategyID: "blake3:\(zeros)")])))
        case "RiskSnapshotRequest":
            return try e.encode(RiskSnapshotRequest(asOf: "2015-12-31T00:00:00Z", weights: ["s": 1], provenance: RiskProvenance(stage: "risk")))
        default:
            Issue.record("no sample body for \(schema)")
            return Data("{}".utf8)
        }
    }

    /// A server on a fresh SQLite store with one token per role, and a 1 MiB body limit.
    static func withServer(_ body: @Sendable (_ url: String, _ tokens: [Role: String], _ store: SQLStore) async throws -> Void) async throws {
        try await withStore(.sqliteMemory) { store in
            let ctx = AuditContext(actor: "system:test", role: "admin", requestID: "t")
            var tokens: [Role: String] = [:]
            for role in Role.allCases {
                tokens[role] = try await store.issueToken(name: "user:\(role.rawValue)", role: role.rawValue, audit: ctx).secret
            }
            let server = QMTLServer(store: store, configuration: .init(host: "127.0.0.1", port: 0, maxBodyBytes: 1 << 20), logger: Harness.quiet)
            let running = try await server.start()
            let frozen = tokens
            do {
                try await body("http://127.0.0.1:\(running.port)", frozen, store)
            } catch {
                await running.stop()
                throw error
            }
            await running.stop()
        }
    }

    /// Sends one raw request; returns the status and the body.
    static func send(
        _ base: String, _ method: String, _ path: String, token: String?, body: Data? = nil, headers: [(String, String)] = []
    ) async throws -> (status: Int, body: Data, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        // A stream never ends: its head is the answer (dropping the body closes the connection).
        if response.headers.first(name: "Content-Type") == "text/event-stream" { return (Int(response.status.code), Data(), response.headers) }
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView), response.headers)
    }

    static func path(_ route: APIRoute, _ values: [String: String] = pathValues, query: [String: String] = queryValues) -> String {
        let q = route.query.map { "\($0.name)=\(APIRoute.encodeSegment(query[$0.name] ?? ""))" }.joined(separator: "&")
        return route.path(values) + (q.isEmpty ? "" : "?" + q)
    }

    /// The route's path with `name` set to the raw (already encoded) `value`, the rest filled in.
    static func path(_ route: APIRoute, replacing name: String, with value: String) -> String {
        route.path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix("{") else { return String(segment) }
            let n = String(segment.dropFirst().dropLast())
            return n == name ? value : APIRoute.encodeSegment(pathValues[n] ?? "")
        }.joined(separator: "/")
            + (route.query.isEmpty ? "" : "?" + route.query.map { "\($0.name)=\(queryValues[$0.name] ?? "")" }.joined(separator: "&"))
    }

    /// Every 4xx and 5xx body is the error envelope with a code whose status is the response's.
    static func expectEnvelope(_ r: (status: Int, body: Data, headers: HTTPHeaders), _ what: String) {
        guard r.status >= 400 else { return }
        guard let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: r.body), let code = QMTLError.Code(rawValue: envelope.error.code)
        else {
            Issue.record("\(what): \(r.status) without an error envelope: \(String(decoding: r.body, as: UTF8.self).prefix(200))")
            return
        }
        #expect(code.httpStatus == r.status, "\(what): \(code) is \(code.httpStatus), answered \(r.status)")
    }

    @Test func everyRouteIsInTheExpectedTableAndAgreesWithIt() {
        for route in APIRoute.all {
            guard let role = Self.expected[route.operation] else {
                Issue.record("\(route) (\(route.operation)) is not in the SPEC §11 table of this test")
                continue
            }
            #expect(route.role == role, "\(route): the table says \(route.role?.rawValue ?? "public"), SPEC §11 says \(role?.rawValue ?? "public")")
        }
    }

    @Test func everyRouteTimesEveryRoleAndNoToken() async throws {
        try await Self.withServer { base, tokens, _ in
            for route in APIRoute.all {
                let needed = Self.expected[route.operation] ?? .admin
                let body = try route.body.map(Self.sampleBody)
                for role in [nil] + Role.allCases.map(Optional.some) {
                    let r = try await Self.send(base, route.method.rawValue, Self.path(route), token: role.flatMap { tokens[$0] }, body: body)
                    let who = role?.rawValue ?? "no token"
                    Self.expectEnvelope(r, "\(route) as \(who)")
                    #expect(r.status < 500, "\(route) as \(who): \(r.status)")
                    if let needed {
                        if let role {
                            if role < needed {
                                #expect(r.status == 403, "\(route) as \(who) must be refused (403), got \(r.status)")
                            } else {
                                #expect(r.status != 401 && r.status != 403, "\(route) as \(who) must be allowed, got \(r.status)")
                            }
                        } else {
                            #expect(r.status == 401, "\(route) without a token must be 401, got \(r.status)")
                        }
                    } else {
                        #expect(r.status == 200, "\(route) is public, got \(r.status)")
                    }
                }
            }
            // A revoked, unknown or malformed token is 401 too.
            let viewer = tokens[.viewer]!
            for header in ["Bearer qmtl_unknown", "Basic abc", "Bearer", "bearer  ", "Bearerx \(viewer)", "Bearer  \(viewer)", "Basic \(viewer)"] {
                let r = try await Self.send(base, "GET", "/worlds", token: nil, headers: [("Authorization", header)])
                #expect(r.status == 401, "\(header): \(r.status)")
                Self.expectEnvelope(r, header)
            }
            // The scheme is case-insensitive (RFC 9110 §11.1).
            for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
                let r = try await Self.send(base, "GET", "/worlds", token: nil, headers: [("Authorization", "\(scheme) \(viewer)")])
                #expect(r.status == 200, "\(scheme): \(r.status)")
            }
        }
    }

    /// Every value of `json` replaced, one at a time, by each of `replacements`.
    static func mutations(_ json: Any) -> [Any] {
        let replacements: [Any] = [NSNull(), 1, -1, 1e308, "x", String(repeating: "y", count: 5000), true, [Any](), [String: Any]()]
        var out: [Any] = replacements
        if let object = json as? [String: Any] {
            for (key, value) in object {
                for m in mutations(value) {
                    var copy = object
                    copy[key] = m
                    out.append(copy)
                }
                var without = object
                without[key] = nil
                out.append(without)
            }
        } else if let array = json as? [Any], !array.isEmpty {
            for m in mutations(array[0]) {
                var copy = array
                copy[0] = m
                out.append(copy)
            }
        }
        return out
    }

    @Test func noMalformedInputYieldsA5xx() async throws {
        try await Self.withServer { base, tokens, _ in
            let admin = tokens[.admin]!
            var sent = 0
            var fiveHundreds: [String] = []
            func check(_ route: APIRoute, _ path: String, _ body: Data?, _ what: String) async throws {
                let r = try await Self.send(base, route.method.rawValue, path, token: admin, body: body)
                sent += 1
                Self.expectEnvelope(r, "\(route) \(what)")
                if r.status >= 500 { fiveHundreds.append("\(route) \(what): \(r.status) \(String(decoding: r.body, as: UTF8.self).prefix(200))") }
            }
            let badValues = ["%ZZ", "%00", "..", String(repeating: "a", count: 3000), "wörld", "blake3:xyz", "-1", "%2F", " "]
            for route in APIRoute.all {
                let good = try route.body.map(Self.sampleBody)
                // Bodies: not JSON, truncated, the wrong shape, every field of the wrong type or missing.
                if let good {
                    var bodies: [(String, Data)] = [
                        ("not JSON", Data("not json".utf8)), ("empty", Data()), ("truncated", good.prefix(good.count / 2)),
                        ("a JSON array", Data("[]".utf8)), ("a string", Data("\"x\"".utf8)), ("null", Data("null".utf8)),
                        ("deep nesting", Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)),
                        ("over the limit", Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 10)),
                    ]
                    let object = try JSONSerialization.jsonObject(with: good)
                    for m in Self.mutations(object) {
                        if let data = try? JSONSerialization.data(withJSONObject: m, options: [.fragmentsAllowed]) {
                            bodies.append(("mutated", data))
                        }
                    }
                    for (what, body) in bodies { try await check(route, Self.path(route), body, what) }
                }
                // Path and query values.
                for name in route.parameters {
                    for bad in badValues {
                        let raw = bad.contains("%") ? bad : APIRoute.encodeSegment(bad)
                        try await check(route, Self.path(route, replacing: name, with: raw), good, "\(name)=\(bad.prefix(20))")
                    }
                }
                for q in route.query {
                    for bad in badValues + [""] {
                        var query = Self.queryValues
                        query[q.name] = bad
                        try await check(route, Self.path(route, query: query), good, "?\(q.name)=\(bad.prefix(20))")
                    }
                }
            }
            #expect(
                fiveHundreds.isEmpty,
                "\(fiveHundreds.count) of \(sent) malformed requests got a 5xx:\n\(fiveHundreds.prefix(20).joined(separator: "\n"))")
            #expect(sent > 1000)
        }
    }

    @Test func anIdempotencyKeyReplaysTheFirstAnswer() async throws {
        try await Self.withServer { base, tokens, store in
            let admin = tokens[.admin]!
            let a = try Self.sampleBody("CreateWorldRequest")
            let key = [("Idempotency-Key", "create-w2-once")]
            let first = try await Self.send(base, "POST", "/worlds", token: admin, body: a, headers: key)
            #expect(first.status == 201)
            let head = try await store.auditHead()
            let again = try await Self.send(base, "POST", "/worlds", token: admin, body: a, headers: key)
            #expect(again.status == 201)
            #expect(try JSONParser.parseValue(Array(again.body), fileName: "b") == (try JSONParser.parseValue(Array(first.body), fileName: "a")))
            #expect(try await store.auditHead() == head, "a replay runs nothing")
            // Without the key the same request is a second create, which the world refuses.
            let unkeyed = try await Self.send(base, "POST", "/worlds", token: admin, body: a)
            #expect(unkeyed.status == 409 && String(decoding: unkeyed.body, as: UTF8.self).contains("E_WORLD_EXISTS"))
            // Another body under the same key is a conflict; a bad key is refused.
            let other = try WireJSON.encoder().encode(CreateWorldRequest(id: "w3", spec: WorldSpec(name: "w3")))
            let conflict = try await Self.send(base, "POST", "/worlds", token: admin, body: other, headers: key)
            #expect(conflict.status == 409 && String(decoding: conflict.body, as: UTF8.self).contains("E_IDEMPOTENCY_CONFLICT"))
            #expect(try await store.world(WorldID(parsing: "w3")) == nil)
            for bad in ["", String(repeating: "k", count: 256), "caf\u{e9}"] {
                let r = try await Self.send(base, "POST", "/worlds", token: admin, body: other, headers: [("Idempotency-Key", bad)])
                #expect(r.status == 400 && String(decoding: r.body, as: UTF8.self).contains("E_BAD_HEADER"), "\(bad.prefix(10)): \(r.status)")
            }
            // Keys belong to their caller: another token's same key is a new request.
            let op = try await Self.send(
                base, "POST", "/worlds/w2/policies", token: tokens[.operator]!, body: try Self.sampleBody("PolicyDocument"), headers: key)
            #expect(op.status == 201)
        }
    }

    @Test func envelopesCarryAnETagAndAnswer304ToIt() async throws {
        try await Self.withServer { base, tokens, _ in
            let admin = tokens[.admin]!
            _ = try await Self.send(base, "POST", "/worlds", token: admin, body: try Self.sampleBody("CreateWorldRequest"))
            let first = try await Self.send(base, "GET", "/worlds/w2/decide", token: tokens[.viewer]!)
            #expect(first.status == 200)
            let envelope = try JSONDecoder().decode(DecisionEnvelope.self, from: first.body)
            // RFC 9110 entity-tag: one pair of quotes around the envelope's etag.
            let tag = "\"\(envelope.etag)\""
            #expect(envelope.etag.allSatisfy { $0.isHexDigit } && first.headers.first(name: "ETag") == tag)
            let cached = try await Self.send(base, "GET", "/worlds/w2/decide", token: tokens[.viewer]!, headers: [("If-None-Match", tag)])
            #expect(cached.status == 304 && cached.body.isEmpty && cached.headers.first(name: "ETag") == tag)
            let listed = try await Self.send(
                base, "GET", "/worlds/w2/decide", token: tokens[.viewer]!, headers: [("If-None-Match", "\"other\", \(tag)")])
            #expect(listed.status == 304)
            let stale = try await Self.send(base, "GET", "/worlds/w2/decide", token: tokens[.viewer]!, headers: [("If-None-Match", "\"old\"")])
            #expect(stale.status == 200)
            // A change of state is a new tag.
            _ = try await Self.send(base, "POST", "/worlds/w2/policies", token: tokens[.operator]!, body: try Self.sampleBody("PolicyDocument"))
            let changed = try await Self.send(base, "GET", "/worlds/w2/decide", token: tokens[.viewer]!, headers: [("If-None-Match", tag)])
            #expect(changed.status == 200)
            #expect(try JSONDecoder().decode(DecisionEnvelope.self, from: changed.body).etag != envelope.etag)
        }
    }

    /// The value of a metric line `name{labels} value` (labels in the order emitted), or nil.
    static func metric(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test func metricsCountRequestsReuseDecisionsAndDuplicates() async throws {
        try await Self.withServer { base, tokens, store in
            let ws = try QMTLClient(baseURL: base, token: tokens[.admin]!)
            let (one, _) = try await DecisionTests.setUp(ws)
            var text = String(decoding: try await Self.send(base, "GET", "/metrics", token: nil).body, as: UTF8.self)
            // Two strategies of 6 nodes sharing 2 (price, sma_fast): 10 new, 2 reused; each submitted to two worlds.
            #expect(Self.metric(text, #"qmtl_gsg_nodes_submitted_total{outcome="new"}"#) == 10)
            #expect(Self.metric(text, #"qmtl_gsg_nodes_submitted_total{outcome="reused"}"#) == 2)
            #expect(Self.metric(text, "qmtl_gsg_reuse_ratio") == 2.0 / 12.0)
            #expect(Self.metric(text, #"qmtl_http_request_duration_seconds_count{route="POST /worlds",status="201"}"#) == 2)
            #expect(Self.metric(text, #"qmtl_http_request_duration_seconds_count{route="POST /submit",status="202"}"#) == 2)
            #expect(Self.metric(text, "qmtl_scope_non_local_decisions") == 0)
            #expect(Self.metric(text, "qmtl_gsg_node_dup_rate") == 0)
            // The risk hub: no snapshot yet in either world, one scrape each; then world a gets one.
            #expect(Self.metric(text, #"risk_hub_snapshot_missing_total{world="world:a"}"#) == 1)
            _ = try await ws.pushRiskSnapshot(
                world: "a", snapshot: RiskSnapshotRequest(asOf: "2015-12-31T00:00:00Z", weights: ["s": 1], provenance: RiskProvenance(stage: "risk")))
            text = String(decoding: try await Self.send(base, "GET", "/metrics", token: nil).body, as: UTF8.self)
            #expect(Self.metric(text, #"risk_hub_snapshot_missing_total{world="world:a"}"#) == 1, "no more misses once it has one")
            #expect(Self.metric(text, #"risk_hub_snapshot_missing_total{world="world:b"}"#) == 2)
            #expect((Self.metric(text, #"risk_hub_snapshot_lag_seconds{world="world:a"}"#) ?? -1) >= 0)

            let global = try await ws.postDecision(
                DecisionRequest(world: nil, nodeID: one.strategyID.description, decision: "pause", reasonCode: "OP_INCIDENT", scope: "global"))
            _ = try await Self.send(base, "GET", "/nope", token: nil)
            text = String(decoding: try await Self.send(base, "GET", "/metrics", token: nil).body, as: UTF8.self)
            #expect(Self.metric(text, "qmtl_scope_non_local_decisions") == 1, "pending counts")
            #expect(Self.metric(text, #"qmtl_http_request_duration_seconds_count{route="unmatched",status="404"}"#) == 1)
            _ = try await ws.approveDecision(global.eventID)
            text = String(decoding: try await Self.send(base, "GET", "/metrics", token: nil).body, as: UTF8.self)
            #expect(Self.metric(text, "qmtl_scope_non_local_decisions") == 1, "applied counts")
            #expect(Self.metric(text, "qmtl_non_local_decision_approval_wait_seconds_count") == 1)
            _ = try await ws.revokeDecision(global.eventID)
            text = String(decoding: try await Self.send(base, "GET", "/metrics", token: nil).body, as: UTF8.self)
            #expect(Self.metric(text, "qmtl_scope_non_local_decisions") == 0)
        }
    }

    /// A node stored under the hash of a non-canonical spelling is a duplicate of its canonical twin.
    @Test func theDupRateFindsNodesWhoseCanonicalFormHashesElsewhere() async throws {
        try await withStore(.sqliteMemory) { store in
            let ctx = AuditContext(actor: "system:test", role: "admin", requestID: "t")
            let text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
            let graph = try StrategyFile.load(text, fileName: "s.yaml")
            let nodes = graph.nodes.map { GSGNode($0.canonical) }
            _ = try await store.upsertNodes(nodes, audit: ctx)
            #expect(try await GSGAudit.scan(store) == 0)
            // The first node again, spelled with spaces: its own hash, but not its canonical one.
            let first = nodes[0]
            let spaced = first.canonical.replacingOccurrences(of: ",", with: ", ")
            var twin = first
            twin.canonical = spaced
            twin.nodeID = NodeID(BLAKE3.hash(spaced))
            _ = try await store.upsertNodes([twin], audit: ctx)
            #expect(try await GSGAudit.scan(store) == 1.0 / Double(nodes.count + 1))
        }
    }

    /// Reads an SSE stream until `messages` `id:` lines arrived (within 20 s); returns the ids
    /// and the raw text.
    static func readEvents(
        _ base: String, token: String, lastEventID: Int64?, query: String = "", messages: Int, while act: @Sendable () async throws -> Void
    ) async throws -> (ids: [Int64], text: String) {
        var request = HTTPClientRequest(url: base + "/events/decisions" + query)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
        let response = try await HTTPClient.shared.execute(request, deadline: .now() + .seconds(20))
        #expect(response.status == .ok && response.headers.first(name: "Content-Type") == "text/event-stream")
        try await act()
        var text = ""
        var ids: [Int64] = []
        for try await chunk in response.body {
            text += String(buffer: chunk)
            ids = text.split(separator: "\n").compactMap { $0.hasPrefix("id: ") ? Int64($0.dropFirst(4)) : nil }
            if ids.count >= messages { break }
        }
        return (ids, text)
    }

    @Test func decisionEventsStreamAndResumeAfterLastEventID() async throws {
        try await Self.withServer { base, tokens, _ in
            let ws = try QMTLClient(baseURL: base, token: tokens[.admin]!)
            let (one, two) = try await DecisionTests.setUp(ws)
            let viewer = tokens[.viewer]!
            // A world-local stop arrives at once; a global one only when approved.
            let (first, text) = try await Self.readEvents(base, token: viewer, lastEventID: nil, messages: 2) {
                _ = try await ws.postDecision(
                    DecisionRequest(world: "a", nodeID: one.strategyID.description, decision: "stop", reasonCode: "VAL_FAIL"))
                let global = try await ws.postDecision(
                    DecisionRequest(world: nil, nodeID: two.strategyID.description, decision: "pause", reasonCode: "OP_INCIDENT", scope: "global"))
                try await Task.sleep(for: .milliseconds(500))  // pending: nothing is published
                _ = try await ws.approveDecision(global.eventID)
            }
            #expect(first == [1, 2])
            #expect(text.contains("event: decision.events.v1\ndata: {"))
            let data = try #require(text.split(separator: "\n").filter { $0.hasPrefix("data: ") }.last)
            let event = try JSONDecoder().decode(DecisionInfo.self, from: Data(data.dropFirst(6).utf8))
            #expect(event.scope == "global" && event.state == "applied" && event.resolvedWorldIDs == ["world:a", "world:b"])
            // Reconnecting after id 1 gets 2 again and then what is new; a world filter keeps b's only.
            let (resumed, _) = try await Self.readEvents(base, token: viewer, lastEventID: 1, messages: 2) {
                _ = try await ws.postDecision(
                    DecisionRequest(world: "b", nodeID: one.strategyID.description, decision: "pause", reasonCode: "MANUAL"))
            }
            #expect(resumed == [2, 3])
            let (onlyB, _) = try await Self.readEvents(base, token: viewer, lastEventID: 0, query: "?world_id=b", messages: 2) {}
            #expect(onlyB == [2, 3], "the stop in a is not b's")
            // A bad position or an unknown world is refused before the stream starts.
            let bad = try await Self.send(base, "GET", "/events/decisions", token: viewer, headers: [("Last-Event-ID", "x")])
            #expect(bad.status == 400 && String(decoding: bad.body, as: UTF8.self).contains("E_BAD_HEADER"))
            let unknown = try await Self.send(base, "GET", "/events/decisions?world_id=nope", token: viewer)
            #expect(unknown.status == 404)
            // The same stream as pages.
            let page = try await ws.decisionEvents(after: 1, world: nil, limit: 10)
            #expect(page.entries.map(\.seq) == [2, 3] && page.through == 3 && page.entries[0].topic == "decision.events.v1")
        }
    }
}
