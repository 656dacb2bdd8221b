import QMTLCore

/// What a scan of every stored node found (`scanNodes()`).
public struct NodeScan: Sendable, Hashable {
    /// Nodes scanned.
    public var total = 0
    /// Nodes whose canonical JSON, re-canonicalized and re-hashed, is not their id: a second
    /// copy of a node under another id.
    public var mismatched = 0
    /// Nodes by `node_type`.
    public var byType: [String: Int] = [:]

    /// `mismatched / total` (0 for an empty GSG): `qmtl_gsg_node_dup_rate`.
    public var dupRate: Double { total == 0 ? 0 : Double(mismatched) / Double(total) }
}

extension Store {
    /// Re-canonicalizes and re-hashes every stored node, in pages of `pageSize`.
    public func scanNodes(pageSize: Int = 5000) async throws -> NodeScan {
        var scan = NodeScan()
        var after: NodeID?
        while true {
            let page = try await nodeCanonicals(after: after, limit: pageSize)
            for (id, canonical) in page {
                scan.total += 1
                let value = try? JSONParser.parseValue(Array(canonical.utf8), fileName: "node")
                scan.byType[value?.objectValue?["node_type"]?.stringValue ?? "?", default: 0] += 1
                if (try? value.map { BLAKE3.hash(try JCS.bytes($0)) }) != id.hash { scan.mismatched += 1 }
            }
            guard let last = page.last, page.count == pageSize else { return scan }
            after = last.id
        }
    }
}
