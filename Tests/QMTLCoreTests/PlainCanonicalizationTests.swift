import Testing

@testable import QMTLCore

/// The one-pass path for plain node types must give exactly the node the general path gives,
/// and must leave every case it does not take (and every error) to the general path.
@Suite("Plain-type canonicalisation")
struct PlainCanonicalizationTests {
    /// Deterministic xorshift64* so that a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// The built-ins plus user types covering every scalar parameter shape, a validation, a
    /// type with an excluded-key parameter and an open type (the last two never plain).
    static func registry() throws -> NodeRegistry {
        var registry = NodeRegistry.builtins
        try registry.register(
            NodeTypeSpec(
                name: "Mixed", kind: .operator, output: .series, inputs: .list(accepts: [.series, .bar], min: 1),
                params: [
                    ParamSpec("window", .integer(1...1000)),
                    ParamSpec("alpha", .number(0...1), default: 0.5),
                    ParamSpec("side", .enumeration(["long", "short"]), default: "long"),
                    ParamSpec("label", .string, default: "x\"y\n"),
                    ParamSpec("flag", .boolean, default: false),
                    ParamSpec("cap", .number(-1e300...1e300), default: .null, nullable: true),
                    ParamSpec("Zeta", .number(-.infinity ... .infinity), default: 1),
                    ParamSpec("\u{E9}t\u{E9}", .integer(-5...5), default: 0),
                ],
                period: .param("window"),
                validate: { p in
                    if p["window"]?.numberValue == 13 { throw QMTLError(.paramRange, "13 is unlucky") }
                },
                codeHash: BLAKE3.hash("mixed")))
        try registry.register(
            NodeTypeSpec(
                name: "Seeded", kind: .operator, output: .series, inputs: .single(accepts: [.series]),
                params: [ParamSpec("seed", .integer(0...100), default: 1), ParamSpec("n", .integer(0...100), default: 2)],
                period: .constant(1), codeHash: BLAKE3.hash("seeded")))
        try registry.register(
            NodeTypeSpec(
                name: "Open", kind: .operator, output: .series, inputs: .single(accepts: [.series]),
                params: [ParamSpec("n", .integer(0...100), default: 2)], acceptsAnyParams: true,
                period: .constant(1), codeHash: BLAKE3.hash("open")))
        return registry
    }

    static let values: [JSONValue] = [
        0, 1, 10, 10.0, 13, -3, 2.5, 0.125, 1e-7, 123.456, 1e21, 1e300, .number(.nan), .number(.infinity),
        .number(-0.0), "close", "open", "long", "short", "middle", "log", "bad", "a\"b\\c", "\u{1F600}", "",
        true, false, .null, ["file": "x.bin"], ["artifact": "blake3:00"], [1, 2], [:],
    ]

    static let keys = [
        "window", "alpha", "side", "label", "flag", "cap", "Zeta", "\u{E9}t\u{E9}", "field", "k", "band", "lag",
        "method", "upper", "lower", "long", "short", "n", "wndow", "seed", "Seed", "env_host", "timestamp",
        "input_roles", "\u{1F600}", "\u{FB01}",
    ]

    func inputs(_ random: inout Random, pool: [NodeInput]) -> NodeInputs {
        if random.chance(3) { return .roles([(role: "fast", input: pool[0]), (role: "slow", input: pool[1])]) }
        if random.chance(60) { return .list(Array(pool[0..<random.pick([1, 2])])) }  // series at 60 s
        var list: [NodeInput] = []
        for _ in 0..<random.pick([0, 1, 1, 1, 2, 2, 3]) { list.append(random.pick(pool)) }
        return .list(list)
    }

    /// Mostly a value the parameter's type accepts; otherwise any value.
    func value(_ random: inout Random, for p: ParamSpec) -> JSONValue {
        guard random.chance(80) else { return random.pick(Self.values) }
        if p.nullable && random.chance(20) { return .null }
        switch p.type {
        case .integer(let r): return .number(Double(random.pick([r.lowerBound, r.upperBound, r.lowerBound / 2 + r.upperBound / 2])))
        case .number(let r):
            let lo = max(r.lowerBound, -1e9)
            let hi = min(r.upperBound, 1e9)
            return .number(random.pick([lo, hi, lo + (hi - lo) * 0.37, 0.1]))
        case .enumeration(let allowed): return .string(random.pick(allowed))
        case .string: return random.pick(["SYN", "a\"b", "\u{E9}", ""])
        case .boolean: return .bool(random.chance(50))
        case .interval: return random.pick([60, "1d", 86400.0])
        case .artifact, .any: return random.pick(Self.values)
        }
    }

    func params(_ random: inout Random, spec: NodeTypeSpec) -> JSONValue? {
        if random.chance(2) { return random.pick([nil, .null, 5, "x"]) }
        var o = JSONObject()
        for p in spec.params where random.chance(65) { o[p.name] = value(&random, for: p) }
        while random.chance(12) { o[random.pick(Self.keys)] = random.pick(Self.values) }
        return .object(o)
    }

    static func expectSame(_ a: CanonicalNode, _ b: CanonicalNode) throws {
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(a.nodeID == b.nodeID)
        #expect(a.params == b.params)
        #expect(a.params.keys == b.params.keys)
        #expect(a.dependencies == b.dependencies)
        #expect(a.interval == b.interval)
        #expect(a.period == b.period)
        #expect(a.kind == b.kind)
        #expect(a.nodeType == b.nodeType)
        #expect(a.schemaID == b.schemaID)
        #expect(a.codeHash == b.codeHash)
        #expect(a.excludedKeys == b.excludedKeys)
        #expect(a.canonicalJSON == (try JCS.bytes(a.object)))
    }

    @Test func plainPathEqualsGeneralPathOnRandomNodes() throws {
        let registry = try Self.registry()
        let specs = registry.types.values.sorted { $0.name < $1.name }
        let pool = [
            NodeInput(nodeID: NodeID(BLAKE3.hash("s1")), schema: .series, interval: 60, name: "s1"),
            NodeInput(nodeID: NodeID(BLAKE3.hash("s2")), schema: .series, interval: 60, name: "s2"),
            NodeInput(nodeID: NodeID(BLAKE3.hash("b1")), schema: .bar, interval: 60, name: "b1"),
            NodeInput(nodeID: NodeID(BLAKE3.hash("s3")), schema: .series, interval: 86400, name: "s3"),
            NodeInput(nodeID: NodeID(BLAKE3.hash("g1")), schema: .signal, interval: 60, name: "g1"),
        ]
        var random = Random(state: 0x9E37_79B9_7F4A_7C15)
        var plainTaken = 0
        var generalOnly = 0
        var errors = 0
        let cases = 30_000
        for _ in 0..<cases {
            let spec = random.pick(specs)
            let params = params(&random, spec: spec)
            let inputs = inputs(&random, pool: pool)
            let codeHash: Hash256? = random.chance(5) ? random.pick([spec.codeHash, BLAKE3.hash("other")]) : nil
            let general = Result { try registry.canonicalizeGeneral(spec: spec, params: params, inputs: inputs, codeHash: codeHash, artifacts: nil) }
            let public_ = Result { try registry.canonicalize(type: spec.name, params: params, inputs: inputs, codeHash: codeHash) }
            // The plain path is only tried without a contradicting code hash.
            if codeHash == nil || codeHash == spec.codeHash, case .object(let o)? = params, case .list(let list) = inputs,
                let plain = registry.canonicalizePlain(spec: spec, params: o, inputs: list)
            {
                plainTaken += 1
                let expected = try general.get()
                try Self.expectSame(plain, expected)
            }
            switch (general, public_) {
            case (.success(let g), .success(let p)):
                try Self.expectSame(g, p)
                if !(spec.isPlain) { generalOnly += 1 }
            case (.failure(let g as QMTLError), .failure(let p as QMTLError)):
                #expect(g == p)
                errors += 1
            default:
                Issue.record("general \(general) vs canonicalize \(public_) for \(spec.name) \(String(describing: params))")
            }
        }
        // Each path and the errors were really exercised.
        #expect(plainTaken > cases / 10)
        #expect(generalOnly > cases / 50)
        #expect(errors > cases / 4)
    }

    @Test func whichTypesArePlain() throws {
        let registry = try Self.registry()
        let plain = Set(registry.types.values.filter(\.isPlain).map(\.name))
        #expect(
            plain == [
                "SMA", "EMA", "RSI", "ATR", "Bollinger", "Returns", "ZScore", "Threshold", "PositionTarget", "StrategyRoot",
                "Mixed",
            ])
    }

    @Test func aLongCanonicalFormTakesTheGeneralPath() throws {
        let registry = try Self.registry()
        let spec = try registry.spec(named: "Mixed")
        let input = NodeInput(nodeID: NodeID(BLAKE3.hash("s1")), schema: .series, interval: 60, name: "s1")
        var o = JSONObject()
        o["window"] = 5
        o["label"] = .string(String(repeating: "\u{1}", count: 200))  // 6 bytes each escaped
        #expect(registry.canonicalizePlain(spec: spec, params: o, inputs: [input]) == nil)
        let node = try registry.canonicalize(type: "Mixed", params: .object(o), inputs: .list([input]))
        #expect(node.canonicalJSON.count > 1024)
        #expect(node.canonicalJSON == (try JCS.bytes(node.object)))
    }
}
