/// One node after canonicalisation: the exact object `N` of R-ID-3, its JCS bytes and its id.
public struct CanonicalNode: Sendable {
    public var nodeType: String
    /// From the registry; stored beside the node, not hashed.
    public var kind: NodeKind
    public var interval: Int
    public var period: Int
    /// Normalised parameters: defaults filled in, excluded keys removed, artifacts hashed,
    /// `input_roles` recorded for role-map inputs.
    public var params: JSONObject
    /// Input NodeIDs, ascending byte order, no duplicates.
    public var dependencies: [NodeID]
    public var schemaID: SchemaID
    public var codeHash: Hash256
    /// JSON pointers of the keys removed before hashing (R-ID-4), e.g. `/params/seed`.
    public var excludedKeys: [String]
    /// The exact RFC 8785 bytes that were hashed.
    public var canonicalJSON: [UInt8]
    public var nodeID: NodeID

    /// ``canonicalJSON`` as text.
    public var canonicalText: String { String(decoding: canonicalJSON, as: UTF8.self) }

    /// `N` as a JSON value (for tests and tools; ``canonicalJSON`` is its JCS form).
    public var object: JSONValue {
        [
            "node_type": .string(nodeType),
            "interval": .number(Double(interval)),
            "period": .number(Double(period)),
            "params": .object(params),
            "dependencies": .array(dependencies.map { .string($0.description) }),
            "schema_id": .string(schemaID.description),
            "code_hash": .string(codeHash.description),
        ]
    }

    /// Encodes `N` in JCS form. The seven top-level keys are written in their canonical order
    /// directly (`code_hash` < `dependencies` < `interval` < `node_type` < `params` < `period` <
    /// `schema_id`), which is equal to `JCS.bytes(object)` — a test checks it — and several
    /// times faster than building the object.
    ///
    /// - Parameter keyPrefixes: when the params' keys are exactly the spec's parameters in
    ///   order, their canonical `"key":` bytes (precomputed by the spec); `nil` otherwise.
    static func encode(
        nodeType: String, interval: Int, period: Int, params: JSONObject, keyPrefixes: [ParamSpec]? = nil,
        dependencies: [NodeID], schemaID: SchemaID, codeHash: Hash256, into out: inout [UInt8]
    ) throws {
        out.append(Fragment.codeHash)
        appendHex(codeHash, to: &out)
        out.append(Fragment.dependencies)
        for (i, d) in dependencies.enumerated() {
            out.append(i == 0 ? Fragment.firstHash : Fragment.nextHash)
            appendHex(d.hash, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(Fragment.interval)
        ECMAScriptNumber.appendInteger(Int64(interval), to: &out)
        out.append(Fragment.nodeType)
        JCS.appendString(nodeType, to: &out)
        out.append(Fragment.params)
        if let specs = keyPrefixes {
            out.append(UInt8(ascii: "{"))
            for i in 0..<params.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: specs[i].canonicalKey)
                try JCS.encode(params.values[i], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        } else {
            try JCS.encode(.object(params), into: &out)
        }
        out.append(Fragment.period)
        ECMAScriptNumber.appendInteger(Int64(period), to: &out)
        out.append(Fragment.schemaID)
        schemaID.appendJSON(to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The fixed parts of `N`'s canonical text (static strings: no reference counting).
    enum Fragment {
        static let codeHash: StaticString = #"{"code_hash":"blake3:"#
        static let dependencies: StaticString = #"","dependencies":["#
        static let firstHash: StaticString = #""blake3:"#
        static let nextHash: StaticString = #","blake3:"#
        static let interval: StaticString = #"],"interval":"#
        static let nodeType: StaticString = #","node_type":"#
        static let params: StaticString = #","params":"#
        static let period: StaticString = #","period":"#
        static let schemaID: StaticString = #","schema_id":"#
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func appendHex(_ h: Hash256, to out: inout [UInt8]) {
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeBytes(of: h.storage) { bytes in
            withUnsafeMutableBytes(of: &text) { t in
                hexDigits.withUnsafeBufferPointer { digits in
                    for i in 0..<32 {
                        t[2 &* i] = digits[Int(bytes[i] >> 4)]
                        t[2 &* i &+ 1] = digits[Int(bytes[i] & 0x0F)]
                    }
                }
            }
        }
        withUnsafeBytes(of: text) { out.append(contentsOf: $0) }
    }
}
