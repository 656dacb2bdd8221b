/// The content address of a node in the Global Strategy Graph (R-ID-3):
/// `blake3:<hex of BLAKE3(JCS(N))>` where `N` is the node's canonical object.
///
/// Two nodes with the same meaning have the same id in every process and every world.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The 32-byte hash.
    public let hash: Hash256

    /// Wraps a hash.
    public init(_ hash: Hash256) {
        self.hash = hash
    }

    /// Parses `blake3:<64 lowercase hex>`.
    /// - Throws: ``QMTLError`` `E_BAD_NODE_ID`.
    public init(parsing text: some StringProtocol) throws {
        do {
            hash = try Hash256(parsing: text)
        } catch let error as QMTLError {
            throw QMTLError(.badNodeID, "invalid NodeID: \(error.message)")
        }
    }

    public var description: String { hash.description }

    /// Byte order of the hash, which is also the order of the text form.
    public static func < (a: NodeID, b: NodeID) -> Bool { a.hash < b.hash }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// The id of a strategy: the NodeID of its `StrategyRoot` node (R-ID-5). The human name is
/// metadata, not identity; the same content has the same id in every world.
public struct StrategyID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The root node's id.
    public let rootNodeID: NodeID

    /// The strategy whose root node is `root`.
    public init(root: NodeID) {
        rootNodeID = root
    }

    /// Parses `blake3:<64 lowercase hex>`.
    /// - Throws: ``QMTLError`` `E_BAD_STRATEGY_ID`.
    public init(parsing text: some StringProtocol) throws {
        do {
            rootNodeID = NodeID(try Hash256(parsing: text))
        } catch let error as QMTLError {
            throw QMTLError(.badStrategyID, "invalid StrategyID: \(error.message)")
        }
    }

    public var description: String { rootNodeID.description }

    public static func < (a: StrategyID, b: StrategyID) -> Bool { a.rootNodeID < b.rootNodeID }

    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
