import QMTLCore

/// A node of the Global Strategy Graph as stored: its id, the registry facts beside it, and the
/// exact canonical JSON that was hashed (R-ID-3, R-ID-9). Immutable once written.
public struct GSGNode: Sendable, Hashable {
    public var nodeID: NodeID
    public var nodeType: String
    public var kind: NodeKind
    public var interval: Int
    public var period: Int
    public var schemaID: String
    public var codeHash: Hash256
    /// Canonical params (JCS text).
    public var params: String
    /// The JCS text of `N`; BLAKE3 of it is `nodeID`.
    public var canonical: String
    /// Input NodeIDs (the edges `dependency → node`).
    public var dependencies: [NodeID]

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
    public var src: NodeID
    public var dst: NodeID

    public init(src: NodeID, dst: NodeID) {
        self.src = src
        self.dst = dst
    }
}

/// What a bulk upsert did.
public struct UpsertCount: Sendable, Equatable {
    public var inserted: Int
    public var existing: Int

    public init(inserted: Int, existing: Int) {
        self.inserted = inserted
        self.existing = existing
    }
}
