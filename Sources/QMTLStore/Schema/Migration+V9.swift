// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// Each world's feed (R-CAMP-5, `qmtl data append`): bars after its dataset's last, which
    /// paper and live runs consume. The dataset (and so every EvalKey) stays as it is.
    static let v9WorldFeed = Migration(version: 9, name: "world_feed", sqlite: v9WorldFeedSQLite, postgres: v9WorldFeedPostgres)

    private static let v9WorldFeedSQLite: [String] = [
        """
        CREATE TABLE feed_bar (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          ts INTEGER NOT NULL,
          bar_open REAL NOT NULL,
          bar_high REAL NOT NULL,
          bar_low REAL NOT NULL,
          bar_close REAL NOT NULL,
          bar_volume REAL NOT NULL,
          appended_at_ms INTEGER NOT NULL,
          PRIMARY KEY (world_id, ts)
        )
        """
    ]

    private static let v9WorldFeedPostgres: [String] = [
        """
        CREATE TABLE feed_bar (
          world_id TEXT NOT NULL REFERENCES world(world_id),
          ts BIGINT NOT NULL,
          bar_open DOUBLE PRECISION NOT NULL,
          bar_high DOUBLE PRECISION NOT NULL,
          bar_low DOUBLE PRECISION NOT NULL,
          bar_close DOUBLE PRECISION NOT NULL,
          bar_volume DOUBLE PRECISION NOT NULL,
          appended_at_ms BIGINT NOT NULL,
          PRIMARY KEY (world_id, ts)
        )
        """,
        "CREATE TRIGGER qmtl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON feed_bar FOR EACH STATEMENT EXECUTE FUNCTION qmtl_notify_change()",
    ]
}
