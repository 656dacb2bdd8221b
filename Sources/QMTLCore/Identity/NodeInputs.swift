/// One already-canonical input of a node being canonicalised.
public struct NodeInput: Sendable {
    public var nodeID: NodeID
    public var schema: SchemaID
    public var interval: Int
    /// How the author named it (a local name in a strategy file), for error messages.
    public var name: String

    public init(nodeID: NodeID, schema: SchemaID, interval: Int, name: String) {
        self.nodeID = nodeID
        self.schema = schema
        self.interval = interval
        self.name = name
    }

    /// The input that `node` provides.
    public init(_ node: CanonicalNode, name: String) {
        self.init(nodeID: node.nodeID, schema: node.schemaID, interval: node.interval, name: name)
    }
}

/// How a node's inputs were written: a list (single-input or symmetric nodes) or a role map.
public enum NodeInputs: Sendable {
    case list([NodeInput])
    case roles([(role: String, input: NodeInput)])

    /// No inputs.
    public static let none = NodeInputs.list([])

    var all: [NodeInput] {
        switch self {
        case .list(let l): l
        case .roles(let r): r.map(\.input)
        }
    }
}

/// Turns a file path inside params (`{"file": "…"}`) into the BLAKE3 of the file's bytes.
/// Supplied by the edge that can read files; `QMTLCore` does no I/O.
public typealias ArtifactResolver = @Sendable (_ path: String) throws -> Hash256
