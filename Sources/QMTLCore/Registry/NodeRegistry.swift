/// The node types a runtime knows: the built-ins plus user types compiled into it.
///
/// A strategy that names a type the registry does not know fails with `E_UNKNOWN_NODE_TYPE`.
public struct NodeRegistry: Sendable {
    public private(set) var types: [String: NodeTypeSpec]

    /// A registry with the given types.
    public init(types: [NodeTypeSpec]) {
        self.types = Dictionary(types.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Adds a user node type.
    /// - Throws: ``QMTLError`` `E_NODE_TYPE_EXISTS` if the name is taken, `E_BAD_NODE_TYPE` if
    ///   the name is not an identifier.
    public mutating func register(_ spec: NodeTypeSpec) throws {
        guard types[spec.name] == nil else {
            throw QMTLError(.nodeTypeExists, "node type \(spec.name) is already registered")
        }
        guard let first = spec.name.first, first.isLetter, spec.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw QMTLError(.badNodeType, "node type name \"\(spec.name)\" must be an identifier")
        }
        types[spec.name] = spec
    }

    /// The spec of `name`.
    /// - Throws: ``QMTLError`` `E_UNKNOWN_NODE_TYPE` naming the type, with a did-you-mean.
    public func spec(named name: String) throws -> NodeTypeSpec {
        guard let spec = types[name] else {
            throw QMTLError(
                .unknownNodeType,
                "unknown node type \"\(name)\"\(DidYouMean.suffix(name, types.keys)); this runtime knows \(types.keys.sorted().joined(separator: ", "))",
                details: ["node_type": name])
        }
        return spec
    }
}
