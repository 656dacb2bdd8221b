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
        var excluded: [String] = []
        var written = JSONObject()
        switch params {
        case nil, .null?: break
        case .object(let o)?:
            guard case .object(let stripped) = ExcludedKeys.strip(.object(o), pointer: "/params", removed: &excluded) else {
                preconditionFailure("strip keeps the type")
            }
            written = try Artifacts.replace(in: stripped, resolver: artifacts)
        case let other?:
            throw QMTLError("E_PARAM_TYPE", "params of \(type) must be a mapping, got \(other.typeName)")
        }
        if written["input_roles"] != nil {
            throw QMTLError("E_UNKNOWN_PARAM", "input_roles is reserved: write role inputs as inputs: {role: node}")
        }

        var normalised = try normaliseParams(written, spec: spec, inputs: inputs)
        var interval = 0
        if let key = spec.intervalParam {
            interval = Int(normalised[key]?.numberValue ?? 0)
            normalised[key] = nil
        }
        let dependencies = try checkInputs(inputs, spec: spec, params: &normalised)
        if spec.intervalParam == nil && spec.kind != .root {
            interval = try commonInterval(of: inputs.all, type: type)
        }
        if spec.kind == .source && spec.intervalParam == nil {
            throw QMTLError("E_BAD_NODE_TYPE", "source type \(type) declares no interval parameter")
        }
        if let codeHash, codeHash != spec.codeHash {
            throw QMTLError(
                "E_CODE_HASH_MISMATCH",
                "code_hash \(codeHash) of \(type) differs from this runtime's \(spec.codeHash)",
                details: ["node_type": type])
        }
        let period = spec.period(normalised)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(320 + 75 * dependencies.count)
        try CanonicalNode.encode(
            nodeType: spec.name, interval: interval, period: period, params: normalised, dependencies: dependencies,
            schemaID: spec.output, codeHash: spec.codeHash, into: &bytes)
        let id = NodeID(bytes.withUnsafeBytes { BLAKE3.hash($0) })
        return CanonicalNode(
            nodeType: spec.name, kind: spec.kind, interval: interval, period: period, params: normalised,
            dependencies: dependencies, schemaID: spec.output, codeHash: spec.codeHash, excludedKeys: excluded,
            canonicalJSON: bytes, nodeID: id)
    }

    private func normaliseParams(_ written: JSONObject, spec: NodeTypeSpec, inputs: NodeInputs) throws -> JSONObject {
        if spec.acceptsAnyParams && spec.params.isEmpty { return written }
        let known = spec.params.map(\.name)
        if !spec.acceptsAnyParams {
            for key in written.keys where !known.contains(key) {
                let hint = known.isEmpty ? "; \(spec.name) takes no parameters" : DidYouMean.suffix(key, known)
                throw QMTLError(
                    "E_UNKNOWN_PARAM", "unknown parameter \(key) of \(spec.name)\(hint)",
                    details: ["param": key, "node_type": spec.name])
            }
        }
        var out = spec.acceptsAnyParams ? written : JSONObject()
        for p in spec.params {
            if let v = written[p.name] {
                out[p.name] = try p.normalise(v, nodeType: spec.name)
            } else if let d = p.defaultValue {
                out[p.name] = d
            } else {
                throw QMTLError(
                    "E_PARAM_MISSING", "parameter \(p.name) of \(spec.name) is required (\(p.summary))",
                    details: ["param": p.name, "node_type": spec.name])
            }
        }
        if spec.hasFieldParam, let f = written["field"]?.stringValue, f != "close",
           inputs.all.contains(where: { $0.schema != .bar }) {
            throw QMTLError("E_PARAM_TYPE", "parameter field of \(spec.name) applies only to bar inputs")
        }
        try spec.validate?(out)
        return out
    }

    private func checkInputs(_ inputs: NodeInputs, spec: NodeTypeSpec, params: inout JSONObject) throws -> [NodeID] {
        func accept(_ input: NodeInput, _ schemas: [SchemaID]?, _ what: String) throws {
            guard let schemas, !schemas.contains(input.schema) else { return }
            throw QMTLError(
                "E_INPUTS",
                "\(what) of \(spec.name) must be \(schemas.map(\.name).joined(separator: " or ")), but \(input.name) gives \(input.schema.name)")
        }
        switch (spec.inputs, inputs) {
        case (.none, _):
            guard inputs.all.isEmpty else { throw QMTLError("E_INPUTS", "\(spec.name) is a source and takes no inputs") }
        case (.single(let accepts), .list(let list)):
            guard list.count == 1 else {
                throw QMTLError("E_INPUTS", "\(spec.name) takes exactly one input, got \(list.count)")
            }
            try accept(list[0], accepts, "the input")
        case (.list(let accepts, let min), .list(let list)):
            guard list.count >= min else {
                throw QMTLError("E_INPUTS", "\(spec.name) needs at least \(min) input\(min == 1 ? "" : "s"), got \(list.count)")
            }
            for i in list { try accept(i, accepts, "each input") }
        case (.roles(let roles), .roles(let given)):
            var recorded = JSONObject()
            let names = roles.map(\.name)
            for (role, input) in given {
                guard let r = roles.first(where: { $0.name == role }) else {
                    throw QMTLError(
                        "E_INPUTS", "unknown input role \(role) of \(spec.name)\(DidYouMean.suffix(role, names)); roles: \(names.joined(separator: ", "))")
                }
                try accept(input, r.accepts, "input \(role)")
                recorded[role] = .string(input.nodeID.description)
            }
            for r in names where recorded[r] == nil {
                throw QMTLError("E_INPUTS", "input role \(r) of \(spec.name) is missing; roles: \(names.joined(separator: ", "))")
            }
            params["input_roles"] = .object(recorded)
        case (.roles(let roles), .list):
            throw QMTLError(
                "E_INPUTS", "\(spec.name) takes named inputs: inputs: {\(roles.map { "\($0.name): …" }.joined(separator: ", "))}")
        case (_, .roles):
            throw QMTLError("E_INPUTS", "\(spec.name) takes a list of inputs, not named roles")
        }
        return Array(Set(inputs.all.map(\.nodeID))).sorted()
    }

    private func commonInterval(of inputs: [NodeInput], type: String) throws -> Int {
        guard let first = inputs.first else { return 0 }
        if let other = inputs.first(where: { $0.interval != first.interval }) {
            throw QMTLError(
                "E_INTERVAL_MISMATCH",
                "inputs of \(type) have different intervals: \(first.name) is \(first.interval)s, \(other.name) is \(other.interval)s")
        }
        return first.interval
    }
}
