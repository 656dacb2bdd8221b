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
    static func encode(
        nodeType: String, interval: Int, period: Int, params: JSONObject, dependencies: [NodeID],
        schemaID: SchemaID, codeHash: Hash256, into out: inout [UInt8]
    ) throws {
        out.append(contentsOf: #"{"code_hash":"blake3:"#.utf8)
        appendHex(codeHash, to: &out)
        out.append(contentsOf: #"","dependencies":["#.utf8)
        for (i, d) in dependencies.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #""blake3:"#.utf8)
            appendHex(d.hash, to: &out)
            out.append(UInt8(ascii: "\""))
        }
        out.append(contentsOf: #"],"interval":"#.utf8)
        ECMAScriptNumber.appendInteger(Int64(interval), to: &out)
        out.append(contentsOf: #","node_type":"#.utf8)
        JCS.appendString(nodeType, to: &out)
        out.append(contentsOf: #","params":"#.utf8)
        try JCS.encode(.object(params), into: &out)
        out.append(contentsOf: #","period":"#.utf8)
        ECMAScriptNumber.appendInteger(Int64(period), to: &out)
        out.append(contentsOf: #","schema_id":"#.utf8)
        JCS.appendString(schemaID.description, to: &out)
        out.append(UInt8(ascii: "}"))
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
