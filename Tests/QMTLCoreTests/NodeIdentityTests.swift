import Testing

@testable import QMTLCore

/// The canonicalisation rules of the seed's Appendix A and R-ID-3/4, one test each.
@Suite("NodeID rules")
struct NodeIdentityTests {
    let registry = NodeRegistry.builtins

    func source(_ params: JSONValue = ["symbol": "SYN", "interval": 86400]) throws -> CanonicalNode {
        try registry.canonicalize(type: "BarSource", params: params, inputs: .none)
    }

    func sma(_ params: JSONValue, input: CanonicalNode? = nil) throws -> CanonicalNode {
        let src = try input ?? source()
        return try registry.canonicalize(type: "SMA", params: params, inputs: .list([NodeInput(src, name: "price")]))
    }

    func yamlParams(_ text: String) throws -> JSONValue {
        try SourceParser.parse(text, format: .yaml, fileName: "p.yaml").json
    }

    @Test func keyOrderAndWhitespaceDoNotMatter() throws {
        let a = try sma(try yamlParams("{window: 10, field: close}"))
        let b = try sma(try yamlParams("field:   close\nwindow:    10\n"))
        let c = try sma(JSONParser.parseValue(Array("{ \"field\" : \"close\" ,\n\"window\":10 }".utf8)))
        #expect(a.nodeID == b.nodeID)
        #expect(a.nodeID == c.nodeID)
    }

    @Test func oneAndOnePointZeroAreEqual() throws {
        #expect(try sma(["window": 10.0]).nodeID == sma(["window": 10]).nodeID)
        let long1 = try registry.canonicalize(type: "PositionTarget", params: ["long": 1], inputs: .list([signal()]))
        let long1f = try registry.canonicalize(type: "PositionTarget", params: ["long": 1.0], inputs: .list([signal()]))
        #expect(long1.nodeID == long1f.nodeID)
        #expect(long1.canonicalText.contains("\"long\":1,"))
    }

    func signal() throws -> NodeInput {
        let fast = try sma(["window": 10])
        let slow = try sma(["window": 30])
        let cross = try registry.canonicalize(
            type: "Crossover", params: nil,
            inputs: .roles([("fast", NodeInput(fast, name: "fast")), ("slow", NodeInput(slow, name: "slow"))]))
        return NodeInput(cross, name: "cross")
    }

    @Test func defaultWrittenOrOmittedIsTheSame() throws {
        #expect(try sma(["window": 10, "field": "close"]).nodeID == sma(["window": 10]).nodeID)
        let src = try source()
        let rsiDefault = try registry.canonicalize(type: "RSI", params: nil, inputs: .list([NodeInput(src, name: "p")]))
        let rsi14 = try registry.canonicalize(type: "RSI", params: ["window": 14], inputs: .list([NodeInput(src, name: "p")]))
        #expect(rsiDefault.nodeID == rsi14.nodeID)
        #expect(rsiDefault.period == 15)
        #expect(try sma(["window": 10, "field": "open"]).nodeID != sma(["window": 10]).nodeID)
    }

    @Test func dependencyOrderDoesNotMatter() throws {
        let a = try NodeInput(sma(["window": 10]), name: "a")
        let b = try NodeInput(sma(["window": 30]), name: "b")
        let ab = try registry.canonicalize(type: "StrategyRoot", params: nil, inputs: .list([a, b]))
        let ba = try registry.canonicalize(type: "StrategyRoot", params: nil, inputs: .list([b, a]))
        let aba = try registry.canonicalize(type: "StrategyRoot", params: nil, inputs: .list([a, b, a]))
        #expect(ab.nodeID == ba.nodeID)
        #expect(ab.nodeID == aba.nodeID)
        #expect(ab.dependencies == [a.nodeID, b.nodeID].sorted())
        #expect(ab.dependencies.count == 2)
    }

    @Test(arguments: [
        "seed", "timestamp", "env_host", "ENV_HOST", "Seed", "world", "world_id", "world_ids", "execution_domain",
        "domain", "as_of", "partition", "dataset_fingerprint", "random_state", "env", "env_",
    ])
    func excludedKeyNeverChangesTheID(_ key: String) throws {
        let plain = try sma(["window": 10])
        var params = JSONObject()
        params["window"] = 10
        params[key] = "2026-01-01T00:00:00Z"
        let withKey = try sma(.object(params))
        #expect(withKey.nodeID == plain.nodeID)
        #expect(withKey.excludedKeys == ["/params/\(key)"])
        #expect(!withKey.canonicalText.contains(key))
    }

    @Test func excludedKeysAreRemovedAtAnyDepth() throws {
        var reg = NodeRegistry.builtins
        try reg.register(
            NodeTypeSpec(
                name: "MyModel", kind: .operator, output: .series, inputs: .single(accepts: [.bar]), params: [],
                acceptsAnyParams: true, period: .constant(1), codeHash: BLAKE3.hash("my model v1")))
        let src = NodeInput(try source(), name: "price")
        let nested: JSONValue = ["model": ["depth": 3, "seed": 7, "layers": [["units": 8, "random_state": 1], ["env_gpu": "a100"]]]]
        let clean: JSONValue = ["model": ["depth": 3, "layers": [["units": 8], [:]]]]
        let a = try reg.canonicalize(type: "MyModel", params: nested, inputs: .list([src]))
        let b = try reg.canonicalize(type: "MyModel", params: clean, inputs: .list([src]))
        #expect(a.nodeID == b.nodeID)
        #expect(Set(a.excludedKeys) == ["/params/model/seed", "/params/model/layers/0/random_state", "/params/model/layers/1/env_gpu"])
        #expect(a.codeHash == BLAKE3.hash("my model v1"))
    }

    @Test func swappingFastAndSlowChangesTheID() throws {
        let fast = try NodeInput(sma(["window": 10]), name: "sma10")
        let slow = try NodeInput(sma(["window": 30]), name: "sma30")
        let a = try registry.canonicalize(type: "Crossover", params: nil, inputs: .roles([("fast", fast), ("slow", slow)]))
        let b = try registry.canonicalize(type: "Crossover", params: nil, inputs: .roles([("fast", slow), ("slow", fast)]))
        let c = try registry.canonicalize(type: "Crossover", params: nil, inputs: .roles([("slow", slow), ("fast", fast)]))
        #expect(a.nodeID != b.nodeID)
        #expect(a.nodeID == c.nodeID)
        #expect(a.dependencies == b.dependencies)
        #expect(a.params["input_roles"] == ["fast": .string(fast.nodeID.description), "slow": .string(slow.nodeID.description)])
    }

    @Test func enumValuesAreChecked() throws {
        let error = #expect(throws: QMTLError.self) { try sma(["window": 10, "field": "Close"]) }
        #expect(error?.code == .paramEnum)
        #expect(error?.message.contains("did you mean \"close\"") == true)
    }

    @Test func parameterErrorsAreTyped() throws {
        #expect((#expect(throws: QMTLError.self) { try sma(["window": 10.5]) })?.code == .paramType)
        #expect((#expect(throws: QMTLError.self) { try sma(["window": 0]) })?.code == .paramRange)
        #expect((#expect(throws: QMTLError.self) { try sma([:]) })?.code == .paramMissing)
        let unknown = #expect(throws: QMTLError.self) { try sma(["windw": 10]) }
        #expect(unknown?.code == .unknownParam)
        #expect(unknown?.message.contains("did you mean \"window\"") == true)
        #expect((#expect(throws: QMTLError.self) { try sma("10") })?.code == .paramType)
        let type = #expect(throws: QMTLError.self) { try registry.canonicalize(type: "SMAA", params: nil, inputs: .none) }
        #expect(type?.code == .unknownNodeType)
        #expect(type?.message.contains("did you mean \"SMA\"") == true)
    }

    @Test func intervalAsDurationOrSeconds() throws {
        let a = try source(["symbol": "SYN", "interval": "1d"])
        let b = try source(["symbol": "SYN", "interval": 86400])
        #expect(a.nodeID == b.nodeID)
        #expect(a.interval == 86400)
        #expect(JSONValue.object(a.params) == ["symbol": "SYN"])
        #expect(try source(["symbol": "SYN", "interval": "1h"]).nodeID != a.nodeID)
        #expect(throws: QMTLError.self) { try source(["symbol": "SYN", "interval": "1 day"]) }
    }

    @Test func inputsMustAgreeOnInterval() throws {
        let daily = try sma(["window": 10])
        let hourly = try sma(["window": 30], input: source(["symbol": "SYN", "interval": 3600]))
        let error = #expect(throws: QMTLError.self) {
            try registry.canonicalize(
                type: "Crossover", params: nil,
                inputs: .roles([("fast", NodeInput(daily, name: "d10")), ("slow", NodeInput(hourly, name: "h30"))]))
        }
        #expect(error?.code == .intervalMismatch)
        #expect(error?.message.contains("d10") == true && error?.message.contains("h30") == true)
    }

    @Test func inputSchemasAndRolesAreChecked() throws {
        let price = NodeInput(try source(), name: "price")
        #expect(
            (#expect(throws: QMTLError.self) {
                try registry.canonicalize(type: "PositionTarget", params: nil, inputs: .list([price]))
            })?.code == .inputs)
        let s = try NodeInput(sma(["window": 3]), name: "s")
        #expect(
            (#expect(throws: QMTLError.self) {
                try registry.canonicalize(type: "Crossover", params: nil, inputs: .roles([("fast", s), ("slwo", s)]))
            })?.message.contains("did you mean \"slow\"") == true)
        #expect(throws: QMTLError.self) { try registry.canonicalize(type: "Crossover", params: nil, inputs: .list([s, s])) }
        #expect(throws: QMTLError.self) { try registry.canonicalize(type: "SMA", params: ["window": 3], inputs: .list([])) }
    }

    @Test func artifactsAreHashedByContentNeverByPath() throws {
        var reg = NodeRegistry.builtins
        try reg.register(
            NodeTypeSpec(
                name: "Model", kind: .operator, output: .series, inputs: .single(accepts: [.bar]),
                params: [ParamSpec("weights", .artifact)], period: .constant(1), codeHash: BLAKE3.hash("model")))
        let files: [String: [UInt8]] = ["a/w.bin": [1, 2, 3], "b/copy.bin": [1, 2, 3], "c/other.bin": [9]]
        let resolver: ArtifactResolver = { path in
            guard let bytes = files[path] else { throw QMTLError(.artifact, "no \(path)") }
            return BLAKE3.hash(bytes)
        }
        let src = NodeInput(try source(), name: "p")
        func node(_ weights: JSONValue) throws -> CanonicalNode {
            try reg.canonicalize(type: "Model", params: ["weights": weights], inputs: .list([src]), artifacts: resolver)
        }
        let a = try node(["file": "a/w.bin"])
        #expect(a.nodeID == (try node(["file": "b/copy.bin"])).nodeID)
        #expect(a.nodeID == (try node(["artifact": .string(BLAKE3.hash([1, 2, 3]).description)])).nodeID)
        #expect(a.nodeID != (try node(["file": "c/other.bin"])).nodeID)
        #expect(!a.canonicalText.contains("w.bin"))
        #expect(a.canonicalText.contains("{\"artifact\":\"\(BLAKE3.hash([1, 2, 3]))\"}"))
        #expect((#expect(throws: QMTLError.self) { try node(["artifact": "sha256:abc"]) })?.code == .artifact)
        #expect((#expect(throws: QMTLError.self) { try node("a/w.bin") })?.code == .paramType)
    }

    @Test func inputRolesIsReserved() throws {
        var reg = NodeRegistry.builtins
        try reg.register(
            NodeTypeSpec(
                name: "Open", kind: .operator, output: .series, inputs: .single(accepts: [.bar]), params: [],
                acceptsAnyParams: true, period: .constant(1), codeHash: BLAKE3.hash("open")))
        let src = NodeInput(try source(), name: "p")
        for type in ["Open", "SMA"] {
            let error = #expect(throws: QMTLError.self) {
                try reg.canonicalize(type: type, params: ["window": 3, "input_roles": ["fast": "x"]], inputs: .list([src]))
            }
            #expect(error?.message.contains("input_roles is reserved") == true, "\(type): \(error?.message ?? "")")
        }
    }

    @Test func builtinCodeHash() throws {
        #expect(try sma(["window": 3]).codeHash == BLAKE3.hash("qmtl.builtin/SMA@1"))
        let wrong = #expect(throws: QMTLError.self) {
            try registry.canonicalize(type: "BarSource", params: ["symbol": "X", "interval": 60], inputs: .none, codeHash: BLAKE3.hash("x"))
        }
        #expect(wrong?.code == .codeHashMismatch)
    }

    /// The direct encoder writes exactly `JCS(N)`.
    @Test func directEncoderEqualsGenericJCS() throws {
        let nodes = [try source(), try sma(["window": 10, "seed": 1]), try sma(["window": 10, "field": "high"])]
        for n in nodes {
            #expect(n.canonicalJSON == (try JCS.bytes(n.object)))
            #expect(n.nodeID.hash == BLAKE3.hash(n.canonicalJSON))
        }
    }

    @Test func periodsFollowTheRegistry() throws {
        let p = NodeInput(try source(), name: "p")
        func period(_ type: String, _ params: JSONValue?) throws -> Int {
            try registry.canonicalize(type: type, params: params, inputs: .list([p])).period
        }
        #expect(try period("SMA", ["window": 7]) == 7)
        #expect(try period("EMA", ["window": 7]) == 7)
        #expect(try period("RSI", ["window": 7]) == 8)
        #expect(try period("ATR", ["window": 7]) == 8)
        #expect(try period("Returns", nil) == 2)
        #expect(try period("Bollinger", nil) == 20)
        #expect(try source().period == 0)
    }
}
