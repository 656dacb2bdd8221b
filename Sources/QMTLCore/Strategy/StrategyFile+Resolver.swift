extension StrategyFile {
    /// Resolves local names bottom-up (inputs first), detecting cycles and unknown names.
    struct Resolver {
        let file: StrategyFile
        let declared: [String: Declared]
        var done: [String: StrategyGraph.Node] = [:]
        var order: [String] = []
        var visiting: [String] = []

        init(file: StrategyFile, declared: [Declared]) {
            self.file = file
            self.declared = Dictionary(declared.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        }

        mutating func resolve(_ name: String, from position: SourcePosition?) throws {
            if done[name] != nil { return }
            guard let d = declared[name] else {
                throw file.fail(
                    .strategyUnknownNode, "unknown node \(name)\(DidYouMean.suffix(name, declared.keys))",
                    at: position ?? SourcePosition(line: 1, column: 1))
            }
            if let start = visiting.firstIndex(of: name) {
                let cycle = (visiting[start...] + [name]).joined(separator: " → ")
                throw file.fail(.strategyCycle, "inputs form a cycle: \(cycle)", at: position ?? d.position)
            }
            visiting.append(name)
            for input in d.inputs { try resolve(input.name, from: input.position) }
            visiting.removeLast()

            let inputs: NodeInputs
            if d.isRoleMap {
                inputs = .roles(d.inputs.map { ($0.role!, NodeInput(done[$0.name]!.canonical, name: $0.name)) })
            } else {
                inputs = .list(d.inputs.map { NodeInput(done[$0.name]!.canonical, name: $0.name) })
            }
            let canonical: CanonicalNode
            do {
                canonical = try file.registry.canonicalize(
                    type: d.type, params: d.params?.json, inputs: inputs, codeHash: d.codeHash, artifacts: file.artifacts)
            } catch let error as QMTLError {
                throw file.located(error, at: errorPosition(error, in: d))
            }
            done[name] = StrategyGraph.Node(
                name: name, canonical: canonical, inputs: d.inputs.map { ($0.role, $0.name) }, position: d.position)
            order.append(name)
        }

        /// Where to point for an error about node `d`: the parameter, the type, or the node.
        func errorPosition(_ error: QMTLError, in d: Declared) -> SourcePosition {
            if error.code == .unknownNodeType || error.code == .codeHashMismatch { return d.typePosition }
            if let param = error.details["param"], let p = d.params?.members?.first(where: { $0.key == param }) {
                return error.code == .unknownParam ? p.keyPosition : p.value.position
            }
            if Self.paramCodes.contains(error.code), let params = d.params { return params.position }
            return d.position
        }

        /// Errors about a node's parameters as a whole, pointed at its `params`.
        static let paramCodes: Set<QMTLError.Code> = [.paramMissing, .paramType, .paramRange, .paramEnum, .artifact]

        func reachable(from outputs: [String]) -> Set<String> {
            var seen = Set<String>()
            var stack = outputs
            while let n = stack.popLast() {
                guard seen.insert(n).inserted, let d = declared[n] else { continue }
                stack.append(contentsOf: d.inputs.map(\.name))
            }
            return seen
        }
    }
}
