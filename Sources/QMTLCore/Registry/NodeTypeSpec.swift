/// Everything identity needs to know about a node type (R-ID-3): its kind, output schema,
/// inputs, parameters with defaults and enum values, `period` rule and `code_hash`.
///
/// Immutable; a class so that looking a type up in the registry costs one reference count.
public final class NodeTypeSpec: Sendable {
    /// The input shape of a node type.
    public enum Inputs: Sendable {
        /// A source: no inputs.
        case none
        /// Exactly one input of one of these schemas.
        case single(accepts: [SchemaID])
        /// A symmetric list of inputs (order does not matter).
        case list(accepts: [SchemaID]?, min: Int)
        /// Named inputs (`{fast: a, slow: b}`); recorded as `params.input_roles` so that
        /// swapping two roles changes the NodeID.
        case roles([Role])
    }

    /// One named input of a role-map node.
    public struct Role: Sendable {
        public let name: String
        public var accepts: [SchemaID]

        public init(_ name: String, accepts: [SchemaID]) {
            self.name = name
            self.accepts = accepts
        }
    }

    public let name: String
    public let kind: NodeKind
    /// The version in the builtin code hash `qmtl.builtin/<name>@<version>`.
    public let version: Int
    public let output: SchemaID
    public let inputs: Inputs
    public let params: [ParamSpec]
    /// User nodes may accept any parameters (still canonicalised, excluded keys still removed).
    public let acceptsAnyParams: Bool
    /// For sources: the parameter that declares the bar interval, moved to the top-level
    /// `interval` field of the NodeID object.
    public let intervalParam: String?
    /// Whether the type has a `field` parameter that selects a bar column (bar inputs only).
    public let hasFieldParam: Bool
    /// How many history bars a node needs, from its normalised params (R-ID-3).
    public let period: PeriodRule
    /// Extra checks across parameters.
    public let validate: (@Sendable (JSONObject) throws -> Void)?
    public let codeHash: Hash256
    public let summary: String

    /// A node type.
    /// - Parameters:
    ///   - name: the type's name in strategy files, e.g. `SMA`.
    ///   - kind: source, operator, rule or root.
    ///   - version: the built-in's version, part of its code hash.
    ///   - output: the schema of what a node of this type emits.
    ///   - inputs: the inputs it takes.
    ///   - params: its parameters, with defaults and ranges.
    ///   - acceptsAnyParams: whether parameters beyond `params` are kept (user types).
    ///   - intervalParam: the parameter that becomes the `interval` field of the NodeID object.
    ///   - hasFieldParam: whether a `field` parameter selects a bar column.
    ///   - period: how many history bars a node needs.
    ///   - validate: extra checks across parameters.
    ///   - codeHash: `nil` for built-ins, which hash `qmtl.builtin/<name>@<version>`; user types
    ///     pass the hash of their code (e.g. of the node's source file).
    ///   - summary: what it does, in a line.
    public init(
        name: String, kind: NodeKind, version: Int = 1, output: SchemaID, inputs: Inputs, params: [ParamSpec],
        acceptsAnyParams: Bool = false, intervalParam: String? = nil, hasFieldParam: Bool = false,
        period: PeriodRule, validate: (@Sendable (JSONObject) throws -> Void)? = nil,
        codeHash: Hash256? = nil, summary: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.version = version
        self.output = output
        self.inputs = inputs
        self.params = params
        self.acceptsAnyParams = acceptsAnyParams
        self.intervalParam = intervalParam
        self.hasFieldParam = hasFieldParam
        self.period = period
        self.validate = validate
        self.codeHash = codeHash ?? Self.builtinCodeHash(name: name, version: version)
        self.summary = summary
        let sorted = params.sorted { JCS.keyPrecedes($0.name, $1.name) }
        self.sortedParams = sorted
        self.sortedParamNames = sorted.map(\.name)
        let roles: Bool
        if case .roles = inputs { roles = true } else { roles = false }
        let plain =
            !acceptsAnyParams && intervalParam == nil && kind != .source && !roles
            && sorted.allSatisfy { !ExcludedKeys.isExcluded($0.name) }
            && zip(sorted, sorted.dropFirst()).allSatisfy { !JCS.keysEqual($0.name, $1.name) }
        self.plainTable = plain ? PlainParamTable(sorted) : nil
    }

    /// ``params`` in canonical key order, for a single merge pass over written parameters.
    let sortedParams: [ParamSpec]

    /// The names of ``sortedParams``: the keys of every fully normalised params object of a
    /// plain type, shared rather than rebuilt per node.
    let sortedParamNames: [String]

    /// The parameters laid out for the one-pass canonicalisation, for plain types only.
    let plainTable: PlainParamTable?

    /// Whether nodes of this type can take the one-pass canonicalisation: declared scalar
    /// parameters only, none of them an excluded key, no interval parameter, no input roles.
    var isPlain: Bool { plainTable != nil }

    /// `BLAKE3("qmtl.builtin/<node_type>@<version>")`.
    public static func builtinCodeHash(name: String, version: Int) -> Hash256 {
        BLAKE3.hash("qmtl.builtin/\(name)@\(version)")
    }
}
