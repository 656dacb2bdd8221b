/// Loads strategy files (SPEC §3 "Strategy files"): YAML or JSON with `name`, `description`,
/// `nodes` (local name → `{type, params, inputs, code_hash?}`) and `outputs`.
///
/// Local names are resolved bottom-up; `inputs` is a list or a role map; the `StrategyRoot`
/// is implicit and depends on `outputs`. Every error is `file:line:column: message`.
///
/// ```yaml
/// name: sma_cross
/// nodes:
///   price: {type: BarSource, params: {symbol: SYN, interval: 1d}}
///   fast:  {type: SMA, params: {window: 10}, inputs: [price]}
///   slow:  {type: SMA, params: {window: 30}, inputs: [price]}
///   cross: {type: Crossover, inputs: {fast: fast, slow: slow}}
///   position: {type: PositionTarget, inputs: [cross]}
/// outputs: [position]
/// ```
public struct StrategyFile {
    let fileName: String
    let registry: NodeRegistry
    let artifacts: ArtifactResolver?

    static let topKeys = ["name", "description", "nodes", "outputs"]
    static let nodeKeys = ["type", "params", "inputs", "code_hash"]

    /// Parses and canonicalises a strategy document.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - fileName: for error messages; its extension picks JSON (`.json`) or YAML.
    ///   - registry: the node types this runtime knows.
    ///   - artifacts: resolves `{"file": path}` parameters (paths relative to the file).
    /// - Throws: ``QMTLError`` whose message starts with `file:line:column:`.
    public static func load(
        _ text: String, fileName: String, registry: NodeRegistry = .builtins, artifacts: ArtifactResolver? = nil
    ) throws -> StrategyGraph {
        let root = try SourceParser.parse(text, format: SourceFormat(fileName: fileName), fileName: fileName)
        return try StrategyFile(fileName: fileName, registry: registry, artifacts: artifacts).build(root)
    }

    func fail(_ code: QMTLError.Code, _ message: String, at position: SourcePosition) -> QMTLError {
        SourceParser.error(code, message, fileName: fileName, at: position)
    }

    func located(_ error: QMTLError, at position: SourcePosition) -> QMTLError {
        var e = fail(error.code, error.message, at: position)
        e.details.merge(error.details) { a, _ in a }
        return e
    }

    func mapping(_ node: SourceNode, allowed: [String], what: String) throws -> [SourceNode.Member] {
        guard let members = node.members else {
            throw fail(.strategyFormat, "\(what) must be a mapping, got a \(node.typeName)", at: node.position)
        }
        for m in members where !allowed.contains(m.key) {
            throw fail(
                .strategyFormat,
                "unknown key \(m.key) in \(what)\(DidYouMean.suffix(m.key, allowed)); allowed: \(allowed.joined(separator: ", "))",
                at: m.keyPosition)
        }
        return members
    }

    func string(_ node: SourceNode, what: String) throws -> String {
        guard case .string(let s) = node.value else {
            throw fail(.strategyFormat, "\(what) must be a string, got a \(node.typeName)", at: node.position)
        }
        return s
    }

    struct Declared {
        var name: String
        var position: SourcePosition
        var type: String
        var typePosition: SourcePosition
        var params: SourceNode?
        var inputs: [(role: String?, name: String, position: SourcePosition)]
        var isRoleMap: Bool
        var codeHash: Hash256?
    }

    func build(_ document: SourceNode) throws -> StrategyGraph {
        let top = try mapping(document, allowed: Self.topKeys, what: "a strategy file")
        func member(_ key: String) -> SourceNode.Member? { top.first { $0.key == key } }
        let name = try member("name").map { try string($0.value, what: "name") }
        let description = try member("description").map { try string($0.value, what: "description") }
        guard let nodesMember = member("nodes") else {
            throw fail(.strategyFormat, "a strategy file needs nodes: {name: {type: …}}", at: document.position)
        }
        guard let outputsMember = member("outputs") else {
            throw fail(.strategyFormat, "a strategy file needs outputs: [node names]", at: document.position)
        }
        let declared = try declarations(nodesMember.value)
        let outputs = try outputNames(outputsMember.value, declared: declared)

        var resolver = Resolver(file: self, declared: declared)
        for d in declared { try resolver.resolve(d.name, from: nil) }
        let used = resolver.reachable(from: outputs.map(\.name))
        if let unused = declared.first(where: { !used.contains($0.name) }) {
            throw fail(
                .strategyUnusedNode, "node \(unused.name) is not used by any output; remove it or add it to outputs",
                at: unused.position)
        }

        let rootInputs = outputs.map { NodeInput(resolver.done[$0.name]!.canonical, name: $0.name) }
        let root: CanonicalNode
        do {
            root = try registry.canonicalize(type: "StrategyRoot", params: nil, inputs: .list(rootInputs))
        } catch let error as QMTLError {
            throw located(error, at: outputsMember.value.position)
        }
        var nodes = resolver.order.map { resolver.done[$0]! }
        nodes.append(
            StrategyGraph.Node(
                name: StrategyGraph.rootName, canonical: root, inputs: outputs.map { (nil, $0.name) },
                position: outputsMember.keyPosition))
        return StrategyGraph(name: name, description: description, nodes: nodes, outputs: outputs.map(\.name))
    }

    func declarations(_ nodes: SourceNode) throws -> [Declared] {
        guard let members = nodes.members else {
            throw fail(.strategyFormat, "nodes must be a mapping of name → node, got a \(nodes.typeName)", at: nodes.position)
        }
        guard !members.isEmpty else { throw fail(.strategyFormat, "nodes is empty", at: nodes.position) }
        return try members.map { m in
            guard Self.isLocalName(m.key) else {
                throw fail(
                    .strategyFormat, "node name \"\(m.key)\" must match [A-Za-z_][A-Za-z0-9_.-]*", at: m.keyPosition)
            }
            let fields = try mapping(m.value, allowed: Self.nodeKeys, what: "node \(m.key)")
            func field(_ key: String) -> SourceNode? { fields.first { $0.key == key }?.value }
            guard let typeNode = field("type") else {
                throw fail(.strategyFormat, "node \(m.key) needs a type", at: m.value.position)
            }
            var d = Declared(
                name: m.key, position: m.keyPosition, type: try string(typeNode, what: "type"), typePosition: typeNode.position,
                params: field("params"), inputs: [], isRoleMap: false)
            if let hashNode = field("code_hash") {
                do {
                    d.codeHash = try Hash256(parsing: try string(hashNode, what: "code_hash"))
                } catch let error as QMTLError where error.code == .badHash {
                    throw located(error, at: hashNode.position)
                }
            }
            if let inputs = field("inputs") {
                switch inputs.value {
                case .array(let list):
                    d.inputs = try list.map { (nil, try string($0, what: "an input"), $0.position) }
                case .object(let roles):
                    d.isRoleMap = true
                    d.inputs = try roles.map { ($0.key, try string($0.value, what: "input \($0.key)"), $0.value.position) }
                default:
                    throw fail(
                        .strategyFormat, "inputs must be a list of names or a mapping role → name, got a \(inputs.typeName)",
                        at: inputs.position)
                }
            }
            return d
        }
    }

    func outputNames(_ node: SourceNode, declared: [Declared]) throws -> [(name: String, position: SourcePosition)] {
        guard case .array(let list) = node.value, !list.isEmpty else {
            throw fail(.strategyFormat, "outputs must be a non-empty list of node names", at: node.position)
        }
        return try list.map { item in
            let name = try string(item, what: "an output")
            guard declared.contains(where: { $0.name == name }) else {
                throw fail(
                    .strategyUnknownNode, "output \(name) is not a node\(DidYouMean.suffix(name, declared.map(\.name)))",
                    at: item.position)
            }
            return (name, item.position)
        }
    }

    static func isLocalName(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f.properties.isAlphabetic && f.isASCII || f == "_" else { return false }
        return s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
        }
    }
}
