extension Migration {
    /// Evaluation runs and their history, campaign state, approvals, applies with their lease,
    /// risk hub snapshots, API tokens and idempotency keys.
    static let v2Lifecycle = Migration(
        version: 2, name: "runs_governance_tokens", sqlite: v2(.sqlite, .sqlite), postgres: v2(.postgres, .postgres))

    private static func v2(_ t: Types, _ dialect: SQLDialect) -> [String] {
        return [
            """
            CREATE TABLE evaluation_run (
              world_id TEXT NOT NULL REFERENCES world(world_id),
              strategy_id \(t.id) NOT NULL,
              run_id TEXT NOT NULL,
              stage TEXT NOT NULL,
              state TEXT NOT NULL,
              revision BIGINT NOT NULL,
              body_hash \(t.id) NOT NULL,
              body \(t.json) NOT NULL,
              metrics \(t.json),
              sharpe \(metricColumn("sharpe", dialect)),
              total_return \(metricColumn("total_return", dialect)),
              details \(t.json) NOT NULL,
              pending_live_approval \(t.bool) NOT NULL,
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
              strategy_id \(t.id) NOT NULL,
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
              strategy_id \(t.id) NOT NULL,
              state \(t.json) NOT NULL,
              updated_at_ms BIGINT NOT NULL,
              PRIMARY KEY (world_id, strategy_id)
            )
            """,
            """
            CREATE TABLE approval (
              approval_request_id TEXT PRIMARY KEY,
              world_id TEXT NOT NULL REFERENCES world(world_id),
              strategy_id \(t.id) NOT NULL,
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
              plan \(t.json) NOT NULL,
              plan_hash \(t.id) NOT NULL,
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
              hash \(t.id) NOT NULL,
              as_of_ms BIGINT NOT NULL,
              produced_at_ms BIGINT NOT NULL,
              ttl_sec BIGINT NOT NULL,
              dataset_fingerprint \(t.id) NOT NULL,
              body \(t.json) NOT NULL,
              PRIMARY KEY (world_id, version)
            )
            """,
            """
            CREATE TABLE api_token (
              token_id TEXT PRIMARY KEY,
              token_hash \(t.id) NOT NULL UNIQUE,
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
              request_hash \(t.id) NOT NULL,
              response \(t.json) NOT NULL,
              created_at_ms BIGINT NOT NULL,
              PRIMARY KEY (scope, key)
            )
            """,
        ]
    }
}
