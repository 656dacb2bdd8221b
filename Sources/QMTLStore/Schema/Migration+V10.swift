// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// A run's equity series (R-GOV-1, R-GOV-10): the points its metrics were computed on, for
    /// reports' charts, correlations and the risk hub's realised returns. Kept apart from the
    /// run row, which every read of a run loads.
    static let v10RunSeries = Migration(version: 10, name: "run_series", sqlite: v10RunSeriesSQLite, postgres: v10RunSeriesPostgres)

    private static let v10RunSeriesSQLite: [String] = [
        """
        CREATE TABLE run_series (
          world_id TEXT NOT NULL,
          strategy_id BLOB NOT NULL,
          run_id TEXT NOT NULL,
          points INTEGER NOT NULL,
          series TEXT NOT NULL,
          updated_at_ms INTEGER NOT NULL,
          PRIMARY KEY (world_id, strategy_id, run_id)
        )
        """
    ]

    private static let v10RunSeriesPostgres: [String] = [
        """
        CREATE TABLE run_series (
          world_id TEXT NOT NULL,
          strategy_id BYTEA NOT NULL,
          run_id TEXT NOT NULL,
          points BIGINT NOT NULL,
          series TEXT NOT NULL,
          updated_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, strategy_id, run_id)
        )
        """,
        "CREATE TRIGGER qmtl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON run_series FOR EACH STATEMENT EXECUTE FUNCTION qmtl_notify_change()",
    ]
}
