/// One named, ordered schema change with the same id on both backends (style rule 11: never
/// edit a shipped migration; add a new one).
struct Migration: Sendable {
    var version: Int
    var name: String
    var sqlite: [String]
    var postgres: [String]

    func statements(for dialect: SQLDialect) -> [String] {
        dialect == .sqlite ? sqlite : postgres
    }
}

extension Migration {
    /// Every migration, in order. The binary knows versions up to `all.last!.version`.
    static let all: [Migration] = [.v1Base, .v2Lifecycle]

    /// A stored column generated from `metrics.<key>` (a number).
    static func metricColumn(_ key: String, _ dialect: SQLDialect) -> String {
        dialect == .sqlite
            ? "REAL GENERATED ALWAYS AS (json_extract(metrics, '$.\(key)')) STORED"
            : "double precision GENERATED ALWAYS AS ((metrics->>'\(key)')::double precision) STORED"
    }

    /// Column types that differ between the backends.
    struct Types {
        var id: String  // a 32-byte hash
        var json: String
        var bool: String

        static let sqlite = Types(id: "BLOB", json: "TEXT", bool: "INTEGER")
        static let postgres = Types(id: "bytea", json: "jsonb", bool: "boolean")
    }

    /// GSG, worlds, WVG, validations, edge overrides, decision events and the audit log — the
    /// seed's DDL (SPEC-002) with hashes as 32-byte keys, epoch-millisecond times and the
    /// columns SPEC §4–5 add.
    static let v1Base = Migration(version: 1, name: "base_gsg_wvg_audit", sqlite: v1(.sqlite, .sqlite), postgres: v1(.postgres, .postgres))

    private static func v1(_ t: Types, _ dialect: SQLDialect) -> [String] {
        let sharpe = metricColumn("sharpe", dialect)
        let totalReturn = metricColumn("total_return", dialect)
        // SQLite: edges are their primary-key B-tree (no rowid and separate index). Nodes keep
        // a rowid: their rows are large, and random-key inserts would move them around.
        let withoutRowID = dialect == .sqlite ? " WITHOUT ROWID" : ""
        return [
            """
            CREATE TABLE gsg_node (
              node_id \(t.id) PRIMARY KEY,
              node_type TEXT NOT NULL,
              kind TEXT NOT NULL,
              interval_s BIGINT NOT NULL,
              period BIGINT NOT NULL,
              schema_id TEXT NOT NULL,
              code_hash \(t.id) NOT NULL,
              params \(t.json) NOT NULL,
              canonical TEXT NOT NULL,
              created_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE gsg_edge (
              src_node_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              dst_node_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              PRIMARY KEY (src_node_id, dst_node_id)
            )\(withoutRowID)
            """,
            "CREATE INDEX idx_gsg_edge_dst ON gsg_edge(dst_node_id)",
            """
            CREATE TABLE world (
              world_id TEXT PRIMARY KEY,
              snapshot_hash \(t.id) NOT NULL,
              state TEXT NOT NULL,
              policy_version BIGINT NOT NULL DEFAULT 0,
              created_at_ms BIGINT NOT NULL,
              updated_at_ms BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE world_snapshot (
              world_id TEXT NOT NULL REFERENCES world(world_id) DEFERRABLE INITIALLY DEFERRED,
              snapshot_hash \(t.id) NOT NULL,
              config \(t.json) NOT NULL,
              created_at_ms BIGINT NOT NULL,
              PRIMARY KEY (world_id, snapshot_hash)
            )
            """,
            """
            CREATE TABLE world_policy (
              world_id TEXT NOT NULL REFERENCES world(world_id),
              version BIGINT NOT NULL,
              contract_id \(t.id) NOT NULL,
              policy \(t.json) NOT NULL,
              created_at_ms BIGINT NOT NULL,
              PRIMARY KEY (world_id, version)
            )
            """,
            """
            CREATE TABLE wsb (
              world_id TEXT NOT NULL REFERENCES world(world_id),
              strategy_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              created_at_ms BIGINT NOT NULL,
              PRIMARY KEY (world_id, strategy_id)
            )
            """,
            """
            CREATE TABLE wvg_world_node_ref (
              world_id TEXT NOT NULL REFERENCES world(world_id),
              node_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              status TEXT NOT NULL,
              lifecycle TEXT NOT NULL,
              overlay \(t.json),
              execution_domain TEXT NOT NULL,
              last_eval_key \(t.id),
              annotations \(t.json) NOT NULL,
              updated_at_ms BIGINT NOT NULL,
              PRIMARY KEY (world_id, node_id)
            )
            """,
            "CREATE INDEX idx_wvg_status ON wvg_world_node_ref(world_id, status)",
            """
            CREATE TABLE validation (
              eval_key \(t.id) PRIMARY KEY,
              world_id TEXT NOT NULL REFERENCES world(world_id),
              node_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              result TEXT NOT NULL,
              metrics \(t.json) NOT NULL,
              sharpe \(sharpe),
              total_return \(totalReturn),
              at_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX idx_val_world_node_time ON validation(world_id, node_id, at_ms DESC)",
            """
            CREATE TABLE wvg_edge_override (
              world_id TEXT NOT NULL REFERENCES world(world_id),
              src_node_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              dst_node_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              active \(t.bool) NOT NULL,
              reason TEXT NOT NULL,
              PRIMARY KEY (world_id, src_node_id, dst_node_id)
            )
            """,
            "CREATE INDEX idx_edge_override_world ON wvg_edge_override(world_id)",
            """
            CREATE TABLE decision_event (
              event_id TEXT PRIMARY KEY,
              world_id TEXT,
              node_id \(t.id) NOT NULL REFERENCES gsg_node(node_id),
              decision TEXT NOT NULL,
              reason_code TEXT NOT NULL,
              scope TEXT NOT NULL,
              propagation_rule TEXT NOT NULL,
              target_world_ids \(t.json) NOT NULL,
              ttl TEXT NOT NULL,
              at_ms BIGINT NOT NULL,
              actor TEXT NOT NULL,
              state TEXT NOT NULL,
              resolved_world_ids \(t.json) NOT NULL,
              approved_by TEXT,
              approved_at_ms BIGINT
            )
            """,
            "CREATE INDEX idx_decision_world_time ON decision_event(world_id, at_ms DESC)",
            """
            CREATE TABLE audit_log (
              seq BIGINT PRIMARY KEY,
              entry TEXT NOT NULL,
              hash \(t.id) NOT NULL
            )
            """,
            """
            CREATE TABLE audit_head (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              seq BIGINT NOT NULL,
              hash \(t.id) NOT NULL
            )
            """,
        ]
    }
}
