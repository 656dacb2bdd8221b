/// The id of a world policy contract (R-POL-5): `policy:blake3:<hash of the policy's JCS after
/// preset expansion>`.
public struct ContractID: Hashable, Sendable, CustomStringConvertible {
    public let hash: Hash256

    /// The contract of a fully expanded policy document.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` for a non-finite number.
    public init(policy: JSONValue) throws {
        hash = BLAKE3.hash(try JCS.bytes(policy))
    }

    /// A contract by its stored hash.
    public init(hash: Hash256) {
        self.hash = hash
    }

    /// Parses `policy:blake3:<hex>`.
    /// - Throws: ``QMTLError`` `E_BAD_CONTRACT_ID`.
    public init(parsing text: some StringProtocol) throws {
        guard text.hasPrefix("policy:"), let h = try? Hash256(parsing: text.dropFirst(7)) else {
            throw QMTLError(.badContractID, "invalid contract id \"\(text)\": expected policy:blake3:<hex>")
        }
        hash = h
    }

    public var description: String { "policy:" + hash.description }
}

/// The cache key of a validation (R-ID-7): BLAKE3 of the JCS of
/// `{"kind":"qmtl.evalkey/v1", node_id, world_ref, contract_id, dataset_fingerprint,
/// code_version, resource_policy}`. Changing any one element changes the key. This is the
/// only definition; every store uses it.
public struct EvalKey: Hashable, Sendable, CustomStringConvertible {
    public static let kind = "qmtl.evalkey/v1"

    public let hash: Hash256

    /// Computes the key.
    /// - Parameters:
    ///   - nodeID: the evaluated node (a strategy root for strategy evaluations).
    ///   - worldRef: the world at its current configuration snapshot.
    ///   - contractID: the world policy's contract.
    ///   - dataset: the data the evaluation ran on.
    ///   - codeVersion: see ``codeVersion(engine:codeHashes:)``.
    ///   - resourcePolicy: see ``resourcePolicyHash(_:)``.
    public init(
        nodeID: NodeID, worldRef: WorldRef, contractID: ContractID, dataset: DatasetFingerprint,
        codeVersion: Hash256, resourcePolicy: Hash256
    ) {
        let object: JSONValue = [
            "kind": .string(Self.kind),
            "node_id": .string(nodeID.description),
            "world_ref": .string(worldRef.description),
            "contract_id": .string(contractID.description),
            "dataset_fingerprint": .string(dataset.description),
            "code_version": .string(codeVersion.description),
            "resource_policy": .string(resourcePolicy.description),
        ]
        // Only strings: canonicalisation cannot fail.
        hash = BLAKE3.hash(try! JCS.bytes(object))
    }

    /// Wraps a stored key.
    public init(hash: Hash256) {
        self.hash = hash
    }

    /// Parses `blake3:<hex>`.
    /// - Throws: ``QMTLError`` `E_BAD_EVAL_KEY`.
    public init(parsing text: some StringProtocol) throws {
        guard let h = try? Hash256(parsing: text) else {
            throw QMTLError(.badEvalKey, "invalid EvalKey \"\(text)\": expected blake3:<hex>")
        }
        hash = h
    }

    public var description: String { hash.description }

    /// `code_version` = BLAKE3 of the JCS of `{"engine": <version>, "code_hashes": [sorted code hashes]}`.
    public static func codeVersion(engine: String = QMTLVersion.current, codeHashes: some Sequence<Hash256>) -> Hash256 {
        let sorted = Set(codeHashes).sorted().map { JSONValue.string($0.description) }
        return BLAKE3.hash(try! JCS.bytes(["engine": .string(engine), "code_hashes": .array(sorted)]))
    }

    /// `resource_policy` = BLAKE3 of the JCS of the world's resource policy object (`{}` if none).
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` for a non-finite number.
    public static func resourcePolicyHash(_ policy: JSONValue?) throws -> Hash256 {
        BLAKE3.hash(try JCS.bytes(policy ?? .object(JSONObject())))
    }
}
