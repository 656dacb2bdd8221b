extension NodeRegistry {
    /// Canonicalises one node and computes its NodeID (R-ID-3, R-ID-4).
    ///
    /// - Parameters:
    ///   - type: the node type name.
    ///   - params: the parameters as written (an object, or `nil`/`null` for none).
    ///   - inputs: the node's inputs, already canonical.
    ///   - codeHash: a code hash written by the author; must equal the registered one.
    ///   - artifacts: resolves `{"file": path}` parameters to content hashes.
    /// - Throws: ``QMTLError`` with a stable code: `E_UNKNOWN_NODE_TYPE`, `E_UNKNOWN_PARAM`,
    ///   `E_PARAM_MISSING`, `E_PARAM_TYPE`, `E_PARAM_RANGE`, `E_PARAM_ENUM`, `E_INPUTS`,
    ///   `E_INTERVAL_MISMATCH`, `E_ARTIFACT`, `E_CODE_HASH_MISMATCH`.
    public func canonicalize(
        type: String, params: JSONValue?, inputs: NodeInputs, codeHash: Hash256? = nil,
        artifacts: ArtifactResolver? = nil
    ) throws -> CanonicalNode {
        let spec = try spec(named: type)
        if codeHash == nil || codeHash == spec.codeHash, case .object(let o)? = params, case .list(let list) = inputs,
            let node = canonicalizePlain(spec: spec, params: o, inputs: list)
        {
            return node
        }
        return try canonicalizeGeneral(spec: spec, params: params, inputs: inputs, codeHash: codeHash, artifacts: artifacts)
    }

    /// Every case of ``canonicalize(type:params:inputs:codeHash:artifacts:)``, with its errors.
    func canonicalizeGeneral(
        spec: NodeTypeSpec, params: JSONValue?, inputs: NodeInputs, codeHash: Hash256?, artifacts: ArtifactResolver?
    ) throws -> CanonicalNode {
        let type = spec.name
        var excluded: [String] = []
        var written = JSONObject()
        switch params {
        case nil, .null?: break
        case .object(let o)? where Self.isFlatAndClean(o):
            written = o  // the common case: nothing to strip, no nested files
        case .object(let o)?:
            guard case .object(let stripped) = ExcludedKeys.strip(.object(o), pointer: "/params", removed: &excluded) else {
                preconditionFailure("strip keeps the type")
            }
            written = try Artifacts.replace(in: stripped, resolver: artifacts)
        case let other?:
            throw QMTLError(.paramType, "params of \(type) must be a mapping, got \(other.typeName)")
        }
        if spec.acceptsAnyParams && written["input_roles"] != nil { throw Self.reservedInputRoles() }

        let allInputs = inputs.all
        var normalised = try normaliseParams(written, spec: spec, inputs: allInputs)
        var interval = 0
        if let key = spec.intervalParam {
            interval = Int(normalised[key]?.numberValue ?? 0)
            normalised[key] = nil
        }
        let dependencies = try checkInputs(inputs, all: allInputs, spec: spec, params: &normalised)
        if spec.intervalParam == nil && spec.kind != .root {
            interval = try commonInterval(of: allInputs, type: type)
        }
        if spec.kind == .source && spec.intervalParam == nil {
            throw QMTLError(.badNodeType, "source type \(type) declares no interval parameter")
        }
        if let codeHash, codeHash != spec.codeHash {
            throw QMTLError(
                .codeHashMismatch,
                "code_hash \(codeHash) of \(type) differs from this runtime's \(spec.codeHash)",
                details: ["node_type": type])
        }
        let period = spec.period(normalised)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512 + 80 * dependencies.count + 32 * normalised.count)
        // The params keys are the spec's own, in order, unless the type takes any params or
        // extra keys (interval moved out, input_roles added) changed the set.
        let aligned = !spec.acceptsAnyParams && spec.intervalParam == nil && normalised.count == spec.sortedParams.count
        try CanonicalNode.encode(
            nodeType: spec.name, interval: interval, period: period, params: normalised,
            keyPrefixes: aligned ? spec.sortedParams : nil, dependencies: dependencies,
            schemaID: spec.output, codeHash: spec.codeHash, into: &bytes)
        let id = NodeID(bytes.withUnsafeBytes { BLAKE3.hash($0) })
        return CanonicalNode(
            nodeType: spec.name, kind: spec.kind, interval: interval, period: period, params: normalised,
            dependencies: dependencies, schemaID: spec.output, codeHash: spec.codeHash, excludedKeys: excluded,
            canonicalJSON: bytes, nodeID: id)
    }

    /// Params with no excluded key and no nested object or array need neither stripping nor
    /// artifact resolution.
    static func isFlatAndClean(_ o: JSONObject) -> Bool {
        for v in o.values {
            switch v {
            case .object, .array: return false
            default: continue
            }
        }
        return !o.keys.contains(where: ExcludedKeys.isExcluded)
    }

    /// One merge pass over the written parameters and the spec's, both in canonical key order:
    /// unknown keys are errors, written values are checked, missing ones take their default.
    private func normaliseParams(_ written: JSONObject, spec: NodeTypeSpec, inputs: [NodeInput]) throws -> JSONObject {
        if spec.acceptsAnyParams && spec.params.isEmpty { return written }
        var keys: [String] = []
        var values: [JSONValue] = []
        keys.reserveCapacity(spec.params.count + (spec.acceptsAnyParams ? written.count : 0))
        values.reserveCapacity(keys.capacity)
        var w = 0
        for p in spec.sortedParams {
            var order = w < written.count ? Self.compare(written.keys[w], p.nameBytes) : 1
            while order < 0 {
                try keepUnknown(written, w, spec: spec, keys: &keys, values: &values)
                w += 1
                order = w < written.count ? Self.compare(written.keys[w], p.nameBytes) : 1
            }
            keys.append(p.name)
            if order == 0 {
                values.append(try p.normalise(written.values[w], nodeType: spec.name))
                w += 1
            } else if let d = p.defaultValue {
                values.append(d)
            } else {
                // A misspelt key explains a missing parameter better than "required" does.
                if !spec.acceptsAnyParams,
                    let w = written.keys.indices.first(where: { i in
                        !spec.params.contains { JCS.keysEqual($0.name, written.keys[i]) }
                    })
                {
                    var ignoredKeys: [String] = [], ignoredValues: [JSONValue] = []
                    try keepUnknown(written, w, spec: spec, keys: &ignoredKeys, values: &ignoredValues)
                }
                throw QMTLError(
                    .paramMissing, "parameter \(p.name) of \(spec.name) is required (\(p.summary))",
                    details: ["param": p.name, "node_type": spec.name])
            }
        }
        while w < written.count {
            try keepUnknown(written, w, spec: spec, keys: &keys, values: &values)
            w += 1
        }
        let out = JSONObject(sortedKeys: keys, values: values)
        if spec.hasFieldParam, let f = written["field"]?.stringValue, f != "close", inputs.contains(where: { $0.schema != .bar }) {
            throw QMTLError(.paramType, "parameter field of \(spec.name) applies only to bar inputs", details: ["param": "field"])
        }
        try spec.validate?(out)
        return out
    }

    static func reservedInputRoles() -> QMTLError {
        QMTLError(.unknownParam, "input_roles is reserved: write role inputs as inputs: {role: node}", details: ["param": "input_roles"])
    }

    /// Canonical (UTF-16) order of a written key against a spec name: -1, 0 or 1. Compares the
    /// key's contiguous UTF-8 (a small string's bytes are copied to the stack, not the heap).
    @inline(__always)
    static func compare(_ key: String, _ name: [UInt8]) -> Int {
        name.withUnsafeBufferPointer { compare(key, $0) }
    }

    /// ``compare(_:_:)-(String,[UInt8])`` against borrowed bytes.
    @inline(__always)
    static func compare(_ key: String, _ name: UnsafeBufferPointer<UInt8>) -> Int {
        if let order = key.utf8.withContiguousStorageIfAvailable({ compare($0, name) }) { return order }
        return Array(key.utf8).withUnsafeBufferPointer { compare($0, name) }
    }

    /// UTF-16 order of two UTF-8 byte strings: byte order, except that a lead byte F0…F4 (a
    /// surrogate pair in UTF-16) sorts before EE…EF (U+E000…U+FFFF).
    @inline(__always)
    static func compare(_ k: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(k.count, n.count)
        var i = 0
        while i < common {
            let c = k[i]
            let d = n[i]
            if c != d {
                if c >= 0xEE && d >= 0xEE && (c >= 0xF0) != (d >= 0xF0) { return c >= 0xF0 ? -1 : 1 }
                return c < d ? -1 : 1
            }
            i &+= 1
        }
        return k.count == n.count ? 0 : (k.count < n.count ? -1 : 1)
    }

    /// A written key the spec does not declare: kept for open user types, an error otherwise.
    private func keepUnknown(
        _ written: JSONObject, _ w: Int, spec: NodeTypeSpec, keys: inout [String], values: inout [JSONValue]
    ) throws {
        let key = written.keys[w]
        if key == "input_roles" { throw Self.reservedInputRoles() }
        guard spec.acceptsAnyParams else {
            let known = spec.params.map(\.name)
            let hint = known.isEmpty ? "; \(spec.name) takes no parameters" : DidYouMean.suffix(key, known)
            throw QMTLError(
                .unknownParam, "unknown parameter \(key) of \(spec.name)\(hint)",
                details: ["param": key, "node_type": spec.name])
        }
        keys.append(key)
        values.append(written.values[w])
    }

    private func checkInputs(_ inputs: NodeInputs, all: [NodeInput], spec: NodeTypeSpec, params: inout JSONObject) throws -> [NodeID] {
        func accept(_ input: NodeInput, _ schemas: [SchemaID]?, _ what: String) throws {
            guard let schemas, !schemas.contains(input.schema) else { return }
            throw QMTLError(
                .inputs,
                "\(what) of \(spec.name) must be \(schemas.map(\.name).joined(separator: " or ")), but \(input.name) gives \(input.schema.name)")
        }
        switch (spec.inputs, inputs) {
        case (.none, _):
            guard all.isEmpty else { throw QMTLError(.inputs, "\(spec.name) is a source and takes no inputs") }
        case (.single(let accepts), .list(let list)):
            guard list.count == 1 else {
                throw QMTLError(.inputs, "\(spec.name) takes exactly one input, got \(list.count)")
            }
            try accept(list[0], accepts, "the input")
        case (.list(let accepts, let min), .list(let list)):
            guard list.count >= min else {
                throw QMTLError(.inputs, "\(spec.name) needs at least \(min) input\(min == 1 ? "" : "s"), got \(list.count)")
            }
            for i in list { try accept(i, accepts, "each input") }
        case (.roles(let roles), .roles(let given)):
            var recorded = JSONObject()
            let names = roles.map(\.name)
            for (role, input) in given {
                guard let r = roles.first(where: { $0.name == role }) else {
                    throw QMTLError(
                        .inputs,
                        "unknown input role \(role) of \(spec.name)\(DidYouMean.suffix(role, names)); roles: \(names.joined(separator: ", "))")
                }
                try accept(input, r.accepts, "input \(role)")
                recorded[role] = .string(input.nodeID.description)
            }
            for r in names where recorded[r] == nil {
                throw QMTLError(.inputs, "input role \(r) of \(spec.name) is missing; roles: \(names.joined(separator: ", "))")
            }
            params["input_roles"] = .object(recorded)
        case (.roles(let roles), .list):
            throw QMTLError(
                .inputs, "\(spec.name) takes named inputs: inputs: {\(roles.map { "\($0.name): …" }.joined(separator: ", "))}")
        case (_, .roles):
            throw QMTLError(.inputs, "\(spec.name) takes a list of inputs, not named roles")
        }
        return Self.sortedUnique(all)
    }

    private func commonInterval(of inputs: [NodeInput], type: String) throws -> Int {
        guard let first = inputs.first else { return 0 }
        if let other = inputs.first(where: { $0.interval != first.interval }) {
            throw QMTLError(
                .intervalMismatch,
                "inputs of \(type) have different intervals: \(first.name) is \(first.interval)s, \(other.name) is \(other.interval)s")
        }
        return first.interval
    }
}
