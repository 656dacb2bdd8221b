// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// Jobs for runtimes (backtests, paper runs): queued, claimed under a lease by one worker at
    /// a time (PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite's single writer), finished; a paper
    /// job's engine checkpoint is kept with it. Changes are announced like every table's.
    static let v8Jobs = Migration(version: 8, name: "jobs", sqlite: v8JobsSQLite, postgres: v8JobsPostgres)

    private static let v8JobsSQLite: [String] = [
        """
        CREATE TABLE job (
          job_id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id BLOB NOT NULL,
          run_id TEXT,
          state TEXT NOT NULL,
          lease_owner TEXT,
          lease_expires_at_ms INTEGER,
          attempts INTEGER NOT NULL,
          checkpoint BLOB,
          progress TEXT,
          error TEXT,
          created_at_ms INTEGER NOT NULL,
          updated_at_ms INTEGER NOT NULL
        )
        """,
        "CREATE INDEX idx_job_state ON job(state, created_at_ms)",
    ]

    private static let v8JobsPostgres: [String] = [
        """
        CREATE TABLE job (
          job_id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          world_id TEXT NOT NULL REFERENCES world(world_id),
          strategy_id bytea NOT NULL,
          run_id TEXT,
          state TEXT NOT NULL,
          lease_owner TEXT,
          lease_expires_at_ms BIGINT,
          attempts INTEGER NOT NULL,
          checkpoint bytea,
          progress jsonb,
          error TEXT,
          created_at_ms BIGINT NOT NULL,
          updated_at_ms BIGINT NOT NULL
        )
        """,
        "CREATE INDEX idx_job_state ON job(state, created_at_ms)",
        "CREATE TRIGGER qmtl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON job FOR EACH STATEMENT EXECUTE FUNCTION qmtl_notify_change()",
    ]
}
