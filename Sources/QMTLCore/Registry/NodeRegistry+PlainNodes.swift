extension NodeRegistry {
    /// The common case of ``canonicalize(type:params:inputs:codeHash:artifacts:)`` in one pass:
    /// a node of a plain type (see ``NodeTypeSpec/isPlain``) whose params are an object of
    /// declared scalar values and whose list inputs are acceptable.
    ///
    /// Parameters are checked, defaulted and written in canonical form in the same merge walk,
    /// and a params object that needed no default is kept as it is. Anything else — an unknown or
    /// excluded key, a nested value, a value the general path would reject or rewrite, a
    /// rejected input — returns `nil`, and the general path then canonicalises the node or
    /// reports the error. Both paths give identical nodes; a test compares them.
    func canonicalizePlain(spec: NodeTypeSpec, params: JSONObject, inputs: [NodeInput]) -> CanonicalNode? {
        guard let table = spec.plainTable, acceptsPlainInputs(inputs, spec: spec) else { return nil }
        var interval = 0
        if spec.kind != .root, let first = inputs.first {
            interval = first.interval
            for input in inputs where input.interval != interval { return nil }
        }
        let dependencies = Self.sortedUnique(inputs)
        // Canonical forms of up to 1 KiB (nearly every node) are written on the stack and
        // copied out once; a longer one takes the general path.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch -> CanonicalNode? in
            var out = FixedByteBuffer(scratch)
            CanonicalNode.encodeHead(
                codeHash: spec.codeHash, dependencies: dependencies, interval: interval, nodeType: spec.name, into: &out)
            guard let normalised = writePlainParams(params, spec: spec, table: table, inputs: inputs, into: &out) else { return nil }
            let period = spec.period(normalised)
            CanonicalNode.encodeTail(period: period, schemaID: spec.output, into: &out)
            guard !out.overflowed else { return nil }
            return CanonicalNode(
                nodeType: spec.name, kind: spec.kind, interval: interval, period: period, params: normalised,
                dependencies: dependencies, schemaID: spec.output, codeHash: spec.codeHash, excludedKeys: [],
                canonicalJSON: Array(out.written), nodeID: NodeID(BLAKE3.hash(out.written)))
        }
    }

    /// Writes the params object (see ``PlainParamTable/write(_:into:filled:)``) and checks the
    /// normalised params as the general path does.
    /// - Returns: the normalised params, or `nil` where the general path must decide.
    private func writePlainParams(
        _ params: JSONObject, spec: NodeTypeSpec, table: PlainParamTable, inputs: [NodeInput], into out: inout FixedByteBuffer
    ) -> JSONObject? {
        var filled: [JSONValue]?
        guard table.write(params, into: &out, filled: &filled) else { return nil }
        let normalised = filled.map { JSONObject(sortedKeys: spec.sortedParamNames, values: $0) } ?? params
        if spec.hasFieldParam, let f = params["field"]?.stringValue, f != "close", inputs.contains(where: { $0.schema != .bar }) {
            return nil
        }
        if let validate = spec.validate {
            do { try validate(normalised) } catch { return nil }
        }
        return normalised
    }

    /// Whether the general path would accept `inputs` for `spec` as a list, without an error.
    private func acceptsPlainInputs(_ inputs: [NodeInput], spec: NodeTypeSpec) -> Bool {
        func accepted(_ schemas: [SchemaID]?) -> Bool {
            guard let schemas else { return true }
            return inputs.allSatisfy { schemas.contains($0.schema) }
        }
        switch spec.inputs {
        case .none: return inputs.isEmpty
        case .single(let accepts): return inputs.count == 1 && accepted(accepts)
        case .list(let accepts, let min): return inputs.count >= min && accepted(accepts)
        case .roles: return false
        }
    }

    /// The inputs' NodeIDs in ascending byte order without repeats (R-ID-3 `dependencies`).
    /// Nodes have a handful of inputs: an insertion sort that drops repeats as it goes.
    static func sortedUnique(_ inputs: [NodeInput]) -> [NodeID] {
        var ids: [NodeID] = []
        ids.reserveCapacity(inputs.count)
        for input in inputs {
            let id = input.nodeID
            var at = ids.count
            while at > 0 && id < ids[at - 1] { at -= 1 }
            if at > 0 && ids[at - 1] == id { continue }
            ids.insert(id, at: at)
        }
        return ids
    }
}
