extension CanonicalNode {
    /// A node read back from its stored canonical JSON (the GSG keeps exactly the bytes that
    /// were hashed), so a worker can run a strategy it never saw as a file.
    /// - Throws: ``QMTLError`` `E_NODE_ID_MISMATCH` when the text is not the JCS form of a node
    ///   object `N` (R-ID-3).
    public init(canonicalText: String, kind: NodeKind) throws {
        let bytes = Array(canonicalText.utf8)
        func bad(_ why: String) -> QMTLError {
            QMTLError(.nodeIDMismatch, "stored node \(NodeID(BLAKE3.hash(bytes))): \(why)")
        }
        let value = try JSONParser.parseValue(bytes, fileName: "stored node")
        guard try JCS.bytes(value) == bytes else { throw bad("its text is not in JCS form") }
        guard let o = value.objectValue, o.count == 7, let type = o["node_type"]?.stringValue, let interval = o["interval"]?.numberValue,
            let period = o["period"]?.numberValue, case .object(let params)? = o["params"], let deps = o["dependencies"]?.arrayValue,
            let schema = o["schema_id"]?.stringValue, let code = o["code_hash"]?.stringValue
        else { throw bad("it is not {node_type, interval, period, params, dependencies, schema_id, code_hash}") }
        let prefix = "qmtl.schema/"
        guard schema.hasPrefix(prefix), let at = schema.lastIndex(of: "@"), let version = Int(schema[schema.index(after: at)...].dropFirst()),
            version >= 1
        else { throw bad("schema_id \(schema) is not qmtl.schema/<name>@v<N>") }
        let name = String(schema[schema.index(schema.startIndex, offsetBy: prefix.count)..<at])
        guard !name.isEmpty, name.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }) else {
            throw bad("schema_id \(schema) has a bad name")
        }
        self.init(
            nodeType: type, kind: kind, interval: Int(interval), period: Int(period), params: params,
            dependencies: try deps.map { try NodeID(parsing: $0.stringValue ?? "") }, schemaID: SchemaID(name, version: version),
            codeHash: try Hash256(parsing: code), excludedKeys: [], canonicalJSON: bytes, nodeID: NodeID(BLAKE3.hash(bytes)))
    }
}

extension StrategyGraph {
    /// A strategy rebuilt from its stored nodes: each named by its NodeID, inputs before the
    /// nodes using them, the root last, the root's inputs as outputs. NodeIDs and backtests are
    /// those of the original file (names and positions are metadata).
    /// - Throws: ``QMTLError`` `E_GSG_MISSING_NODE` when a dependency is not among `nodes`,
    ///   `E_NODE_ID_MISMATCH` when there is not exactly one root.
    public init(storedNodes nodes: [CanonicalNode]) throws {
        let byID = Dictionary(nodes.map { ($0.nodeID, $0) }, uniquingKeysWith: { a, _ in a })
        let roots = byID.values.filter { $0.kind == .root }
        guard roots.count == 1, let root = roots.first else {
            throw QMTLError(.nodeIDMismatch, "a stored strategy has exactly one StrategyRoot, found \(roots.count)")
        }
        var ordered: [CanonicalNode] = []
        var done = Set<NodeID>()
        func visit(_ id: NodeID) throws {
            guard !done.contains(id) else { return }
            guard let node = byID[id] else { throw QMTLError(.gsgMissingNode, "node \(id) of the strategy is not in the GSG") }
            for dep in node.dependencies { try visit(dep) }
            done.insert(id)
            ordered.append(node)
        }
        try visit(root.nodeID)
        self.init(
            name: nil, description: nil,
            nodes: ordered.map { n in
                Node(
                    name: n.kind == .root ? StrategyGraph.rootName : n.nodeID.description, canonical: n,
                    inputs: n.dependencies.map { (role: nil, name: $0.description) }, position: nil)
            },
            outputs: root.dependencies.map(\.description))
    }
}
