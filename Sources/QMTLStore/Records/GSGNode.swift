import QMTLCore

/// A node of the Global Strategy Graph as stored: its id, the registry facts beside it, and the
/// exact canonical JSON that was hashed (R-ID-3, R-ID-9). Immutable once written.
public struct GSGNode: Sendable, Hashable {
    /// BLAKE3 of `canonical` (checked on insert).
    public var nodeID: NodeID
    /// The concrete type name, e.g. `SMA`.
    public var nodeType: String
    /// Source, Operator, Rule or Root: from the registry, stored beside the node, not hashed.
    public var kind: NodeKind
    /// Bar interval in seconds (0 for the root).
    public var interval: Int
    /// History bars the node needs.
    public var period: Int
    /// Output schema, `qmtl.schema/<name>@v<N>`.
    public var schemaID: String
    /// The code the node runs: built-in version hash or the author's.
    public var codeHash: Hash256
    /// Canonical params (JCS text).
    public var params: String
    /// The JCS text of `N`; BLAKE3 of it is `nodeID`.
    public var canonical: String
    /// Input NodeIDs (the edges `dependency → node`).
    public var dependencies: [NodeID]

    /// A stored node from its parts (the store checks that `nodeID` is the hash of `canonical`).
    public init(
        nodeID: NodeID, nodeType: String, kind: NodeKind, interval: Int, period: Int, schemaID: String, codeHash: Hash256,
        params: String, canonical: String, dependencies: [NodeID]
    ) {
        self.nodeID = nodeID
        self.nodeType = nodeType
        self.kind = kind
        self.interval = interval
        self.period = period
        self.schemaID = schemaID
        self.codeHash = codeHash
        self.params = params
        self.canonical = canonical
        self.dependencies = dependencies
    }

    /// The stored form of a canonicalised node.
    public init(_ node: CanonicalNode) {
        self.init(
            nodeID: node.nodeID, nodeType: node.nodeType, kind: node.kind, interval: node.interval, period: node.period,
            schemaID: node.schemaID.description, codeHash: node.codeHash,
            params: (try? JCS.string(.object(node.params))) ?? "{}", canonical: node.canonicalText,
            dependencies: node.dependencies)
    }
}

/// An edge `src → dst` of the GSG: `dst` takes `src` as an input.
public struct GSGEdge: Sendable, Hashable {
    /// The input node.
    public var src: NodeID
    /// The node that takes `src` as an input.
    public var dst: NodeID

    /// The edge `src → dst`.
    public init(src: NodeID, dst: NodeID) {
        self.src = src
        self.dst = dst
    }
}

/// What a bulk upsert did.
public struct UpsertCount: Sendable, Equatable {
    /// Rows that were new.
    public var inserted: Int
    /// Rows that were already there (skipped: inserts are idempotent).
    public var existing: Int

    /// Counts of one upsert.
    public init(inserted: Int, existing: Int) {
        self.inserted = inserted
        self.existing = existing
    }
}
