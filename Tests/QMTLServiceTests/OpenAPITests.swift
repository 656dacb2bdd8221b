import Foundation
import QMTLAPI
import QMTLCore
import QMTLTestSupport
import Testing

/// `/openapi.json` is generated from the route table and the wire types' decoding: every route
/// is in it, its schemas say what the types decode, and (in CI) it validates as OpenAPI 3.1.
@Suite("OpenAPI document", .timeLimit(.minutes(10)))
struct OpenAPITests {
    static func document() throws -> JSONValue { try OpenAPIDocument.make(version: "test") }

    @Test func everyRouteAndSchemaIsInTheDocument() throws {
        let doc = try Self.document()
        let paths = try #require(doc.objectValue?["paths"]?.objectValue)
        let schemas = try #require(doc.objectValue?["components"]?.objectValue?["schemas"]?.objectValue)
        for route in APIRoute.all {
            let op = paths[route.path]?.objectValue?[route.method.rawValue.lowercased()]?.objectValue
            #expect(op != nil, "\(route) is missing")
            for name in [route.body, route.response].compactMap({ $0 }) where !["OpenAPI", "PrometheusText", "EventStream"].contains(name) {
                #expect(schemas[name] != nil, "\(route) uses the undefined schema \(name)")
            }
            let documented = Set(op?["parameters"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } ?? [])
            #expect(Set(route.parameters + route.query.map(\.name)).isSubset(of: documented), "\(route) parameters")
        }
        #expect(paths.count == Set(APIRoute.all.map(\.path)).count)
        #expect(Set(APIRoute.all).count == APIRoute.all.count, "one route per method and path (routes hash and compare by them)")
    }

    /// The inferred schemas are what the types' coding keys say, required where decoding requires.
    @Test func schemasAreReadFromTheTypesDecoding() throws {
        let schemas = try OpenAPIDocument.schemas()
        func object(_ name: String) throws -> (properties: Set<String>, required: Set<String>) {
            let o = try #require(schemas[name]?.objectValue)
            #expect(o["additionalProperties"] == .bool(false))
            return (
                Set(o["properties"]?.objectValue?.keys ?? []),
                Set(o["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            )
        }
        let world = try object("World")
        #expect(world.properties == ["id", "world_ref", "state", "spec", "policy_version", "created_at", "updated_at"])
        #expect(world.required == world.properties)
        let decision = try object("DecisionRequest")
        #expect(decision.required == ["node_id", "decision", "reason_code"], "\(decision.required)")
        #expect(decision.properties.isSuperset(of: ["event_id", "world_id", "scope", "ttl", "target_world_ids", "propagation_rule"]))
        // Enums list their cases; maps and lists keep their element schema.
        let state = schemas["World"]?.objectValue?["properties"]?.objectValue?["state"]
        #expect(state == ["type": "string", "enum": ["ACTIVE", "SUSPENDED", "ARCHIVED"]])
        #expect(schemas["MetricMap"] == ["type": "object", "additionalProperties": ["type": "number"]])
        #expect(schemas["WorldList"]?.objectValue?["items"]?.objectValue?["$ref"] == nil)
        #expect(schemas["WorldList"]?.objectValue?["type"] == "array")
    }

    /// The validator the HTTP suite checks every answer with is not vacuous.
    @Test func theResponseValidatorRefusesWhatTheSchemaDoesNot() throws {
        let v = SchemaValidator(schemas: try OpenAPIDocument.schemas())
        let ref: JSONValue = ["$ref": "#/components/schemas/PolicyInfo"]
        let good: JSONValue = ["world": "world:a", "version": 1, "contract_id": "policy:blake3:00", "published_at": "t", "default": true]
        #expect(v.errors(good, ref).isEmpty, "\(v.errors(good, ref))")
        var extra = good.objectValue!
        extra["surprise"] = 1
        #expect(!v.errors(.object(extra), ref).isEmpty)
        var missing = good.objectValue!
        missing["version"] = nil
        #expect(!v.errors(.object(missing), ref).isEmpty)
        var mistyped = good.objectValue!
        mistyped["version"] = "1"
        #expect(!v.errors(.object(mistyped), ref).isEmpty)
    }

    /// `openapi-spec-validator` (PyPI) accepts the document; required in CI, skipped elsewhere
    /// only when the validator is not installed. The interpreter is `QMTL_PYTHON` (CI's venv)
    /// or `python3`.
    @Test func theDocumentValidatesAsOpenAPI31() async throws {
        let python = ProcessInfo.processInfo.environment["QMTL_PYTHON"] ?? "python3"
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = [python, "-c", "import openapi_spec_validator"]
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        guard
            try await offThePool({
                probe.waitUntilExit(); return probe.terminationStatus
            }) == 0
        else {
            #expect(!StoreKind.isCI, "CI must install openapi-spec-validator (pip)")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-openapi-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(try JCS.string(try Self.document()).utf8).write(to: file)
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [python, "-m", "openapi_spec_validator", file.path]
        let out = Pipe()
        check.standardOutput = out
        check.standardError = out
        try check.run()
        let text = try await output(of: check, from: out)
        #expect(check.terminationStatus == 0, "\(text)")
    }
}
