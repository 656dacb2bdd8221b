// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// Evaluation runs and their history, campaign state, approvals, applies with their lease,
    /// risk hub snapshots, API tokens and idempotency keys.
    static let v2Lifecycle = Migration(version: 2, name: "runs_governance_tokens", sqlite: v2LifecycleSQLite, postgres: v2LifecyclePostgres)

    private static let v2LifecycleSQLite: [String] = [
        """
        CREATE TABLE evaluation_run (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id BLOB NOT NULL,
          run_id TEXT NOT NULL,
          stage TEXT NOT NULL,
          state TEXT NOT NULL,
          revision BIGINT NOT NULL,
          body_hash BLOB NOT NULL,
          body TEXT NOT NULL,
          metrics TEXT,
          sharpe REAL GENERATED ALWAYS AS (json_extract(metrics, '$.sharpe')) STORED,
          total_return REAL GENERATED ALWAYS AS (json_extract(metrics, '$.total_return')) STORED,
          details TEXT NOT NULL,
          pending_live_approval INTEGER NOT NULL,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, strategy_id, run_id),
          FOREIGN KEY (world_id, strategy_id) REFERENCES wsb(world_id, strategy_id)
        )
        """,
        "CREATE INDEX idx_run_stage_time ON evaluation_run(world_id, strategy_id, stage, created_at_ms DESC)",
        """
        CREATE TABLE run_history (
          world_id TEXT NOT NULL,
          strategy_id BLOB NOT NULL,
          run_id TEXT NOT NULL,
          revision BIGINT NOT NULL,
          state TEXT NOT NULL,
          at_ms BIGINT NOT NULL,
          reason TEXT NOT NULL,
          PRIMARY KEY (world_id, strategy_id, run_id, revision),
          FOREIGN KEY (world_id, strategy_id, run_id) REFERENCES evaluation_run(world_id, strategy_id, run_id)
        )
        """,
        """
        CREATE TABLE campaign_state (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id BLOB NOT NULL,
          state TEXT NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, strategy_id)
        )
        """,
        """
        CREATE TABLE approval (
          approval_request_id TEXT PRIMARY KEY,
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id BLOB NOT NULL,
          run_id TEXT NOT NULL,
          requested_at_ms BIGINT NOT NULL,
          decided_at_ms BIGINT NOT NULL,
          decided_by TEXT NOT NULL,
          decision TEXT NOT NULL,
          comment TEXT NOT NULL,
          decision_reason TEXT NOT NULL
        )
        """,
        "CREATE INDEX idx_approval_world ON approval(world_id, strategy_id, decided_at_ms DESC)",
        """
        CREATE TABLE apply_op (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          apply_id TEXT NOT NULL,
          plan TEXT NOT NULL,
          plan_hash BLOB NOT NULL,
          stage TEXT NOT NULL,
          lease_owner TEXT,
          lease_expires_at_ms BIGINT,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, apply_id)
        )
        """,
        "CREATE INDEX idx_apply_stage ON apply_op(stage)",
        """
        CREATE TABLE risk_snapshot (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          version BIGINT NOT NULL,
          hash BLOB NOT NULL,
          as_of_ms BIGINT NOT NULL,
          produced_at_ms BIGINT NOT NULL,
          ttl_sec BIGINT NOT NULL,
          dataset_fingerprint BLOB NOT NULL,
          body TEXT NOT NULL,
          PRIMARY KEY (world_id, version)
        )
        """,
        """
        CREATE TABLE api_token (
          token_id TEXT PRIMARY KEY,
          token_hash BLOB NOT NULL UNIQUE,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          revoked_at_ms BIGINT
        )
        """,
        """
        CREATE TABLE idempotency_key (
          scope TEXT NOT NULL,
          key TEXT NOT NULL,
          request_hash BLOB NOT NULL,
          response TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (scope, key)
        )
        """,
    ]

    private static let v2LifecyclePostgres: [String] = [
        """
        CREATE TABLE evaluation_run (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id bytea NOT NULL,
          run_id TEXT NOT NULL,
          stage TEXT NOT NULL,
          state TEXT NOT NULL,
          revision BIGINT NOT NULL,
          body_hash bytea NOT NULL,
          body jsonb NOT NULL,
          metrics jsonb,
          sharpe double precision GENERATED ALWAYS AS ((metrics->>'sharpe')::double precision) STORED,
          total_return double precision GENERATED ALWAYS AS ((metrics->>'total_return')::double precision) STORED,
          details jsonb NOT NULL,
          pending_live_approval boolean NOT NULL,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, strategy_id, run_id),
          FOREIGN KEY (world_id, strategy_id) REFERENCES wsb(world_id, strategy_id)
        )
        """,
        "CREATE INDEX idx_run_stage_time ON evaluation_run(world_id, strategy_id, stage, created_at_ms DESC)",
        """
        CREATE TABLE run_history (
          world_id TEXT NOT NULL,
          strategy_id bytea NOT NULL,
          run_id TEXT NOT NULL,
          revision BIGINT NOT NULL,
          state TEXT NOT NULL,
          at_ms BIGINT NOT NULL,
          reason TEXT NOT NULL,
          PRIMARY KEY (world_id, strategy_id, run_id, revision),
          FOREIGN KEY (world_id, strategy_id, run_id) REFERENCES evaluation_run(world_id, strategy_id, run_id)
        )
        """,
        """
        CREATE TABLE campaign_state (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id bytea NOT NULL,
          state jsonb NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, strategy_id)
        )
        """,
        """
        CREATE TABLE approval (
          approval_request_id TEXT PRIMARY KEY,
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id bytea NOT NULL,
          run_id TEXT NOT NULL,
          requested_at_ms BIGINT NOT NULL,
          decided_at_ms BIGINT NOT NULL,
          decided_by TEXT NOT NULL,
          decision TEXT NOT NULL,
          comment TEXT NOT NULL,
          decision_reason TEXT NOT NULL
        )
        """,
        "CREATE INDEX idx_approval_world ON approval(world_id, strategy_id, decided_at_ms DESC)",
        """
        CREATE TABLE apply_op (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          apply_id TEXT NOT NULL,
          plan jsonb NOT NULL,
          plan_hash bytea NOT NULL,
          stage TEXT NOT NULL,
          lease_owner TEXT,
          lease_expires_at_ms BIGINT,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, apply_id)
        )
        """,
        "CREATE INDEX idx_apply_stage ON apply_op(stage)",
        """
        CREATE TABLE risk_snapshot (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          version BIGINT NOT NULL,
          hash bytea NOT NULL,
          as_of_ms BIGINT NOT NULL,
          produced_at_ms BIGINT NOT NULL,
          ttl_sec BIGINT NOT NULL,
          dataset_fingerprint bytea NOT NULL,
          body jsonb NOT NULL,
          PRIMARY KEY (world_id, version)
        )
        """,
        """
        CREATE TABLE api_token (
          token_id TEXT PRIMARY KEY,
          token_hash bytea NOT NULL UNIQUE,
          name TEXT NOT NULL,
          role TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL,
          revoked_at_ms BIGINT
        )
        """,
        """
        CREATE TABLE idempotency_key (
          scope TEXT NOT NULL,
          key TEXT NOT NULL,
          request_hash bytea NOT NULL,
          response jsonb NOT NULL,
          created_at_ms BIGINT NOT NULL,
          PRIMARY KEY (scope, key)
        )
        """,
    ]
}
