import QMTLCore

/// `/openapi.json`, generated from the route table (``APIRoute/all``) and the wire types'
/// own decoding (``SchemaInference``): a route or a field cannot exist in the code and be
/// missing here.
public enum OpenAPIDocument {
    /// The Decodable type of each schema name the route table uses.
    public static var schemaTypes: [String: any Decodable.Type] {
        [
            "Health": Health.self, "ErrorEnvelope": ErrorEnvelope.self,
            "CreateWorldRequest": CreateWorldRequest.self, "World": World.self, "WorldList": [World].self, "WorldPatch": WorldPatch.self,
            "WorldStateRequest": WorldStateRequest.self, "PolicyDocument": PolicyDocument.self, "PolicyInfo": PolicyInfo.self,
            "PolicyList": [PolicyInfo].self, "DefaultPolicyRequest": DefaultPolicyRequest.self, "PolicyWhatIfInfo": PolicyWhatIfInfo.self,
            "StrategyStatusList": [StrategyStatus].self, "EdgeOverrideRequest": EdgeOverrideRequest.self,
            "EdgeOverrideInfo": EdgeOverrideInfo.self, "EdgeOverrideList": [EdgeOverrideInfo].self, "RunTicketList": [RunTicket].self,
            "DatasetUpload": DatasetUpload.self, "DatasetInfo": DatasetInfo.self, "DatasetList": [DatasetInfo].self, "BarList": BarList.self,
            "SubmitRequest": SubmitRequest.self, "SubmitResponse": SubmitResponse.self, "StrategyStatus": StrategyStatus.self,
            "RunTicket": RunTicket.self, "RunResult": RunResult.self, "RunSeries": RunSeries.self, "EvaluateRequest": EvaluateRequest.self,
            "RunInfo": RunInfo.self,
            "RunInfoList": [RunInfo].self,
            "FailRunRequest": FailRunRequest.self,
            "MetricMap": [String: Double].self, "RunRevisionList": [RunRevisionInfo].self, "SubmittedNodeList": [SubmittedNode].self,
            "DecisionRequest": DecisionRequest.self, "DecisionStreamPage": DecisionStreamPage.self,
            "DecisionStreamEntry": DecisionStreamEntry.self, "DecisionInfo": DecisionInfo.self, "DecisionList": [DecisionInfo].self,
            "DecisionEnvelope": DecisionEnvelope.self, "ActivationEnvelope": ActivationEnvelope.self, "TokenRequest": TokenRequest.self,
            "TokenInfo": TokenInfo.self, "TokenList": [TokenInfo].self, "AuditEntryList": [AuditEntryInfo].self,
            "AuditVerdictInfo": AuditVerdictInfo.self, "CampaignStatusList": [CampaignStatusInfo].self,
            "CampaignTickInfo": CampaignTickInfo.self, "FeedInfo": FeedInfo.self, "JobRequest": JobRequest.self, "JobEnqueued": JobEnqueued.self,
            "JobClaimRequest": JobClaimRequest.self, "JobClaim": JobClaim.self, "JobReport": JobReport.self, "JobInfo": JobInfo.self,
            "JobInfoList": [JobInfo].self, "RiskSnapshotRequest": RiskSnapshotRequest.self, "RiskSnapshotInfo": RiskSnapshotInfo.self,
            "RiskSnapshotList": [RiskSnapshotInfo].self, "LiveCandidates": LiveCandidates.self, "LivePromotionInfo": LivePromotionInfo.self,
            "LiveDecisionRequest": LiveDecisionRequest.self, "ApprovalInfo": ApprovalInfo.self, "LiveApplyRequest": LiveApplyRequest.self,
            "ApplyInfo": ApplyInfo.self, "AutoApplyInfo": AutoApplyInfo.self, "ApplyRequest": ApplyRequest.self, "WorldReport": WorldReport.self,
        ]
    }

    /// The schema of each name, inferred once.
    public static func schemas() throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (name, type) in schemaTypes { out[name] = try SchemaInference.schema(of: type) }
        return out
    }

    /// The OpenAPI 3.1 document of every route.
    /// - Parameter version: the server's version, for `info.version`.
    public static func make(version: String) throws -> JSONValue {
        var paths = JSONObject()
        for route in APIRoute.all {
            var operations = paths[route.path]?.objectValue ?? JSONObject()
            var op = JSONObject()
            op["operationId"] = .string(route == .describeWorldAlias ? "describeWorldAlias" : route.operation)
            op["summary"] = .string(route.summary)
            var parameters: [JSONValue] = route.parameters.map {
                ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string"]]
            }
            parameters += route.query.map {
                [
                    "name": .string($0.name), "in": "query", "required": .bool($0.required), "description": .string($0.summary),
                    "schema": ["type": "string"],
                ]
            }
            if route.isMutating {
                parameters.append([
                    "name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "Replays the first answer to a repeat of this request (same caller, path and body).",
                    "schema": ["type": "string", "maxLength": 255],
                ])
            }
            if !parameters.isEmpty { op["parameters"] = .array(parameters) }
            if let body = route.body {
                op["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]]
            }
            var responses = JSONObject()
            switch route.response {
            case "PrometheusText":
                responses[String(route.status)] = ["description": "OK", "content": ["text/plain": ["schema": ["type": "string"]]]]
            case "EventStream":
                responses[String(route.status)] = [
                    "description": "Server-Sent Events; each `data` is a DecisionStreamEntry's `event` (a DecisionInfo)",
                    "content": ["text/event-stream": ["schema": ["type": "string"]]],
                ]
            default:
                responses[String(route.status)] = ["description": "OK", "content": ["application/json": ["schema": ref(route.response)]]]
            }
            if route.operation == "addDataset" {
                responses["200"] = ["description": "Already registered", "content": ["application/json": ["schema": ref(route.response)]]]
            }
            if route.operation == "decide" || route.operation == "activation" {
                responses["304"] = ["description": "Not modified (If-None-Match named the current ETag)"]
            }
            responses["default"] = ["description": "An error", "content": ["application/json": ["schema": ref("ErrorEnvelope")]]]
            op["responses"] = .object(responses)
            if route.role != nil { op["security"] = [["bearer": []]] }
            if let role = route.role { op["x-qmtl-role"] = .string(role.rawValue) }
            operations[route.method.rawValue.lowercased()] = .object(op)
            paths[route.path] = .object(operations)
        }
        var components = JSONObject()
        var schemas = JSONObject()
        for (name, schema) in try Self.schemas().sorted(by: { $0.key < $1.key }) { schemas[name] = schema }
        components["schemas"] = .object(schemas)
        components["securitySchemes"] = ["bearer": ["type": "http", "scheme": "bearer"]]
        return [
            "openapi": "3.1.0",
            "info": ["title": "QMTL WorldService", "version": .string(version)],
            "paths": .object(paths),
            "components": .object(components),
        ]
    }

    /// A reference to a named schema; the document itself is any object.
    static func ref(_ name: String) -> JSONValue {
        name == "OpenAPI" ? ["type": "object"] : ["$ref": .string("#/components/schemas/\(name)")]
    }
}
