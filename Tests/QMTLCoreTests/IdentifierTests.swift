import Foundation
import Testing

@testable import QMTLCore

@Suite("Id types and EvalKey")
struct IdentifierTests {
    static let node = NodeID(BLAKE3.hash("node"))
    static let world = try! WorldRef(world: WorldID(parsing: "world:eq-us"), snapshot: ["commission_bps": 1])
    static let contract = try! ContractID(policy: ["selection": ["top_k": ["metric": "sharpe", "k": 3]]])
    static let dataset = DatasetFingerprint(hash: BLAKE3.hash("bars"))
    static let code = EvalKey.codeVersion(codeHashes: [BLAKE3.hash("qmtl.builtin/SMA@1")])
    static let resources = try! EvalKey.resourcePolicyHash(nil)

    func key(
        node: NodeID = node, world: WorldRef = world, contract: ContractID = contract,
        dataset: DatasetFingerprint = dataset, code: Hash256 = code, resources: Hash256 = resources
    ) -> EvalKey {
        EvalKey(nodeID: node, worldRef: world, contractID: contract, dataset: dataset, codeVersion: code, resourcePolicy: resources)
    }

    @Test func evalKeyIsTheBLAKE3OfItsJCSObject() throws {
        let expected: JSONValue = [
            "kind": "qmtl.evalkey/v1", "node_id": .string(Self.node.description), "world_ref": .string(Self.world.description),
            "contract_id": .string(Self.contract.description), "dataset_fingerprint": .string(Self.dataset.description),
            "code_version": .string(Self.code.description), "resource_policy": .string(Self.resources.description),
        ]
        #expect(key().hash == BLAKE3.hash(try JCS.bytes(expected)))
        #expect(Self.resources == BLAKE3.hash("{}"))
    }

    @Test func everyElementChangesTheKey() throws {
        let base = key()
        let variants = [
            key(node: NodeID(BLAKE3.hash("other"))),
            key(world: try WorldRef(world: WorldID(parsing: "eq-us"), snapshot: ["commission_bps": 2])),
            key(world: try WorldRef(world: WorldID(parsing: "eq-eu"), snapshot: ["commission_bps": 1])),
            key(contract: try ContractID(policy: ["selection": ["top_k": ["metric": "sharpe", "k": 4]]])),
            key(dataset: DatasetFingerprint(hash: BLAKE3.hash("bars2"))),
            key(code: EvalKey.codeVersion(engine: "9.9.9", codeHashes: [BLAKE3.hash("qmtl.builtin/SMA@1")])),
            key(code: EvalKey.codeVersion(codeHashes: [BLAKE3.hash("qmtl.builtin/SMA@2")])),
            key(resources: try EvalKey.resourcePolicyHash(["max_cpu": 2])),
        ]
        #expect(Set(variants.map(\.hash) + [base.hash]).count == variants.count + 1)
    }

    @Test func codeVersionIgnoresOrderAndRepeats() {
        let a = BLAKE3.hash("a"), b = BLAKE3.hash("b")
        #expect(EvalKey.codeVersion(codeHashes: [a, b]) == EvalKey.codeVersion(codeHashes: [b, a, b]))
    }

    @Test func textForms() throws {
        #expect(Self.world.description.hasPrefix("world:eq-us@blake3:"))
        #expect(try WorldRef(parsing: Self.world.description) == Self.world)
        #expect(try NodeID(parsing: Self.node.description) == Self.node)
        #expect(try StrategyID(parsing: Self.node.description).rootNodeID == Self.node)
        #expect(try ContractID(parsing: Self.contract.description) == Self.contract)
        #expect(try DatasetFingerprint(parsing: Self.dataset.description) == Self.dataset)
        #expect(try EvalKey(parsing: key().description) == key())
        #expect(Self.dataset.description.hasPrefix("lake:blake3:"))
        #expect(Self.contract.description.hasPrefix("policy:blake3:"))
    }

    @Test(arguments: ["", "world:", "world:Eq", "world:-x", "world:a b", "world:a/b", String(repeating: "a", count: 65)])
    func badWorldIDs(_ text: String) {
        #expect((#expect(throws: QMTLError.self) { try WorldID(parsing: text) })?.code == .badWorldID)
    }

    @Test(arguments: ["blake3:blake3:" + String(repeating: "a", count: 64), "sha256:" + String(repeating: "a", count: 64), "blake3:xyz"])
    func badNodeIDs(_ text: String) {
        #expect((#expect(throws: QMTLError.self) { try NodeID(parsing: text) })?.code == .badNodeID)
    }

    @Test func badRefs() {
        #expect(throws: QMTLError.self) { try WorldRef(parsing: "eq-us@" + Self.world.snapshotHash.description) }
        #expect(throws: QMTLError.self) { try WorldRef(parsing: "world:eq-us") }
        #expect(throws: QMTLError.self) { try DatasetFingerprint(parsing: Self.dataset.hash.description) }
        #expect(throws: QMTLError.self) { try ContractID(parsing: Self.dataset.hash.description) }
    }

    @Test func worldSnapshotKeyOrderDoesNotMatter() throws {
        let w = try WorldID(parsing: "eq-us")
        let a = try WorldRef(world: w, snapshot: JSONParser.parseValue(Array(#"{"a":1,"b":[1.0,2]}"#.utf8)))
        let b = try WorldRef(world: w, snapshot: JSONParser.parseValue(Array(#"{"b":[1,2.0],"a":1}"#.utf8)))
        #expect(a == b)
    }

    @Test func timestamps() {
        #expect(UTCTimestamp.parse("1970-01-01T00:00:00Z") == 0)
        #expect(UTCTimestamp.parse("2015-01-02T00:00:00Z") == 1_420_156_800)
        #expect(UTCTimestamp.parse("2024-02-29T23:59:59+00:00") == 1_709_251_199)
        #expect(UTCTimestamp.parse("2023-02-29T00:00:00Z") == nil)
        #expect(UTCTimestamp.parse("2015-01-02T00:00:00+01:00") == nil)
        #expect(UTCTimestamp.parse("2015-01-02T00:00:00") == nil)
        #expect(UTCTimestamp.format(1_709_251_199) == "2024-02-29T23:59:59Z")
        for t: Int64 in [-86_401, 0, 951_782_400, 4_102_444_800] {
            #expect(UTCTimestamp.parse(UTCTimestamp.format(t)) == t)
        }
    }

    @Test func durations() {
        #expect(DurationText.seconds("15m") == 900)
        #expect(DurationText.seconds("2w") == 1_209_600)
        #expect(DurationText.seconds("1.5d") == nil)
        #expect(DurationText.seconds("d") == nil)
        #expect(DurationText.seconds("-1d") == nil)
    }
}
