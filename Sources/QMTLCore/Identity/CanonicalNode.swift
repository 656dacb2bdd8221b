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
        encodeHead(codeHash: codeHash, dependencies: dependencies, interval: interval, nodeType: nodeType, into: &out)
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
        encodeTail(period: period, schemaID: schemaID, into: &out)
    }

    /// `N`'s canonical text up to and including `"params":`.
    static func encodeHead(codeHash: Hash256, dependencies: [NodeID], interval: Int, nodeType: String, into out: inout some ByteSink) {
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
        JCS.writeString(nodeType, to: &out)
        out.append(Fragment.params)
    }

    /// `N`'s canonical text after the params object.
    static func encodeTail(period: Int, schemaID: SchemaID, into out: inout some ByteSink) {
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

    /// Appends `h` as 64 lowercase hex digits, eight bytes at a time: each byte is spread into
    /// a 16-bit lane as (high nibble, low nibble), and each nibble n becomes `"0" + n`, plus
    /// 39 (to reach `"a"`) when n > 9 — no table, no per-digit store.
    static func appendHex(_ h: Hash256, to out: inout some ByteSink) {
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeBytes(of: h.storage) { bytes in
            withUnsafeMutableBytes(of: &text) { t in
                for i in 0..<8 {
                    let four = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)))
                    t.storeBytes(of: hexLanes(four).littleEndian, toByteOffset: i &* 8, as: UInt64.self)
                }
            }
        }
        withUnsafeBytes(of: text) { out.append(bytes: $0) }
    }

    /// The eight ASCII hex digits of the four bytes in the low half of `x` (first byte lowest),
    /// in memory order when stored little-endian.
    @inline(__always)
    static func hexLanes(_ x: UInt64) -> UInt64 {
        var v = (x | (x << 16)) & 0x0000_FFFF_0000_FFFF
        v = (v | (v << 8)) & 0x00FF_00FF_00FF_00FF
        let nibbles = ((v >> 4) & 0x000F_000F_000F_000F) | ((v & 0x000F_000F_000F_000F) << 8)
        let above9 = ((nibbles &+ 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ above9 &* 0x27
    }
}
