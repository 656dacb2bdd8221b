// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// GSG, worlds, WVG, validations, edge overrides, decision events and the audit log — the
    /// seed's DDL (SPEC-002) with hashes as 32-byte keys, epoch-millisecond times and the
    /// columns SPEC §4–5 add. SQLite: edges are their primary-key B-tree (`WITHOUT ROWID`); nodes
    /// keep a rowid, as their rows are large and random-key inserts would move them around.
    static let v1Base = Migration(version: 1, name: "base_gsg_wvg_audit", sqlite: v1BaseSQLite, postgres: v1BasePostgres)

    private static let v1BaseSQLite: [String] = [
        """
        CREATE TABLE gsg_node (
          node_id BLOB PRIMARY KEY,
          node_type TEXT NOT NULL,
          kind TEXT NOT NULL,
          interval_s BIGINT NOT NULL,
          period BIGINT NOT NULL,
          schema_id TEXT NOT NULL,
          code_hash BLOB NOT NULL,
          params TEXT NOT NULL,
          canonical TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE gsg_edge (
          src_node_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          dst_node_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          PRIMARY KEY (src_node_id, dst_node_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX idx_gsg_edge_dst ON gsg_edge(dst_node_id)",
        """
        CREATE TABLE world (
          world_id TEXT PRIMARY KEY,
          snapshot_hash BLOB NOT NULL,
          state TEXT NOT NULL,
          policy_version BIGINT NOT NULL DEFAULT 0,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE world_snapshot (
          world_id TEXT NOT NULL REFERENCES world(world_id) DEFERRABLE INITIALLY DEFERRED,
          snapshot_hash BLOB NOT NULL,
          config TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, snapshot_hash)
        )
        """,
        """
        CREATE TABLE world_policy (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          version BIGINT NOT NULL,
          contract_id BLOB NOT NULL,
          policy TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, version)
        )
        """,
        """
        CREATE TABLE wsb (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, strategy_id)
        )
        """,
        """
        CREATE TABLE wvg_world_node_ref (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          node_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          status TEXT NOT NULL,
          lifecycle TEXT NOT NULL,
          overlay TEXT,
          execution_domain TEXT NOT NULL,
          last_eval_key BLOB,
          annotations TEXT NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, node_id)
        )
        """,
        "CREATE INDEX idx_wvg_status ON wvg_world_node_ref(world_id, status)",
        """
        CREATE TABLE validation (
          eval_key BLOB PRIMARY KEY,
          world_id TEXT NOT NULL REFERENCES world(world_id),
          node_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          result TEXT NOT NULL,
          metrics TEXT NOT NULL,
          sharpe REAL GENERATED ALWAYS AS (json_extract(metrics, '$.sharpe')) STORED,
          total_return REAL GENERATED ALWAYS AS (json_extract(metrics, '$.total_return')) STORED,
          at_ms BIGINT NOT NULL
        )
        """,
        "CREATE INDEX idx_val_world_node_time ON validation(world_id, node_id, at_ms DESC)",
        """
        CREATE TABLE wvg_edge_override (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          src_node_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          dst_node_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          active INTEGER NOT NULL,
          reason TEXT NOT NULL,
          PRIMARY KEY (world_id, src_node_id, dst_node_id)
        )
        """,
        "CREATE INDEX idx_edge_override_world ON wvg_edge_override(world_id)",
        """
        CREATE TABLE decision_event (
          event_id TEXT PRIMARY KEY,
          world_id TEXT,
          node_id BLOB NOT NULL REFERENCES gsg_node(node_id),
          decision TEXT NOT NULL,
          reason_code TEXT NOT NULL,
          scope TEXT NOT NULL,
          propagation_rule TEXT NOT NULL,
          target_world_ids TEXT NOT NULL,
          ttl TEXT NOT NULL,
          at_ms BIGINT NOT NULL,
          actor TEXT NOT NULL,
          state TEXT NOT NULL,
          resolved_world_ids TEXT NOT NULL,
          approved_by TEXT,
          approved_at_ms BIGINT
        )
        """,
        "CREATE INDEX idx_decision_world_time ON decision_event(world_id, at_ms DESC)",
        """
        CREATE TABLE audit_log (
          seq BIGINT PRIMARY KEY,
          entry TEXT NOT NULL,
          hash BLOB NOT NULL
        )
        """,
        """
        CREATE TABLE audit_head (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          seq BIGINT NOT NULL,
          hash BLOB NOT NULL
        )
        """,
    ]

    private static let v1BasePostgres: [String] = [
        """
        CREATE TABLE gsg_node (
          node_id bytea PRIMARY KEY,
          node_type TEXT NOT NULL,
          kind TEXT NOT NULL,
          interval_s BIGINT NOT NULL,
          period BIGINT NOT NULL,
          schema_id TEXT NOT NULL,
          code_hash bytea NOT NULL,
          params jsonb NOT NULL,
          canonical TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE gsg_edge (
          src_node_id bytea NOT NULL REFERENCES gsg_node(node_id),
          dst_node_id bytea NOT NULL REFERENCES gsg_node(node_id),
          PRIMARY KEY (src_node_id, dst_node_id)
        )
        """,
        "CREATE INDEX idx_gsg_edge_dst ON gsg_edge(dst_node_id)",
        """
        CREATE TABLE world (
          world_id TEXT PRIMARY KEY,
          snapshot_hash bytea NOT NULL,
          state TEXT NOT NULL,
          policy_version BIGINT NOT NULL DEFAULT 0,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE world_snapshot (
          world_id TEXT NOT NULL REFERENCES world(world_id) DEFERRABLE INITIALLY DEFERRED,
          snapshot_hash bytea NOT NULL,
          config jsonb NOT NULL,
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, snapshot_hash)
        )
        """,
        """
        CREATE TABLE world_policy (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          version BIGINT NOT NULL,
          contract_id bytea NOT NULL,
          policy jsonb NOT NULL,
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, version)
        )
        """,
        """
        CREATE TABLE wsb (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id bytea NOT NULL REFERENCES gsg_node(node_id),
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, strategy_id)
        )
        """,
        """
        CREATE TABLE wvg_world_node_ref (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          node_id bytea NOT NULL REFERENCES gsg_node(node_id),
          status TEXT NOT NULL,
          lifecycle TEXT NOT NULL,
          overlay jsonb,
          execution_domain TEXT NOT NULL,
          last_eval_key bytea,
          annotations jsonb NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, node_id)
        )
        """,
        "CREATE INDEX idx_wvg_status ON wvg_world_node_ref(world_id, status)",
        """
        CREATE TABLE validation (
          eval_key bytea PRIMARY KEY,
          world_id TEXT NOT NULL REFERENCES world(world_id),
          node_id bytea NOT NULL REFERENCES gsg_node(node_id),
          result TEXT NOT NULL,
          metrics jsonb NOT NULL,
          sharpe double precision GENERATED ALWAYS AS ((metrics->>'sharpe')::double precision) STORED,
          total_return double precision GENERATED ALWAYS AS ((metrics->>'total_return')::double precision) STORED,
          at_ms BIGINT NOT NULL
        )
        """,
        "CREATE INDEX idx_val_world_node_time ON validation(world_id, node_id, at_ms DESC)",
        """
        CREATE TABLE wvg_edge_override (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          src_node_id bytea NOT NULL REFERENCES gsg_node(node_id),
          dst_node_id bytea NOT NULL REFERENCES gsg_node(node_id),
          active boolean NOT NULL,
          reason TEXT NOT NULL,
          PRIMARY KEY (world_id, src_node_id, dst_node_id)
        )
        """,
        "CREATE INDEX idx_edge_override_world ON wvg_edge_override(world_id)",
        """
        CREATE TABLE decision_event (
          event_id TEXT PRIMARY KEY,
          world_id TEXT,
          node_id bytea NOT NULL REFERENCES gsg_node(node_id),
          decision TEXT NOT NULL,
          reason_code TEXT NOT NULL,
          scope TEXT NOT NULL,
          propagation_rule TEXT NOT NULL,
          target_world_ids jsonb NOT NULL,
          ttl TEXT NOT NULL,
          at_ms BIGINT NOT NULL,
          actor TEXT NOT NULL,
          state TEXT NOT NULL,
          resolved_world_ids jsonb NOT NULL,
          approved_by TEXT,
          approved_at_ms BIGINT
        )
        """,
        "CREATE INDEX idx_decision_world_time ON decision_event(world_id, at_ms DESC)",
        """
        CREATE TABLE audit_log (
          seq BIGINT PRIMARY KEY,
          entry TEXT NOT NULL,
          hash bytea NOT NULL
        )
        """,
        """
        CREATE TABLE audit_head (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          seq BIGINT NOT NULL,
          hash bytea NOT NULL
        )
        """,
    ]
}
