// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// A strategy's human name (metadata, not identity: R-ID-5), the one it was first submitted
    /// under, so tables and reports can say `trend` rather than 71 characters of id.
    static let v11StrategyName = Migration(version: 11, name: "strategy_name", sqlite: v11StrategyNameSQLite, postgres: v11StrategyNamePostgres)

    private static let v11StrategyNameSQLite: [String] = [
        """
        CREATE TABLE strategy_name (
          strategy_id BLOB PRIMARY KEY,
          name TEXT NOT NULL,
          created_at_ms INTEGER NOT NULL
        )
        """
    ]

    private static let v11StrategyNamePostgres: [String] = [
        """
        CREATE TABLE strategy_name (
          strategy_id BYTEA PRIMARY KEY,
          name TEXT NOT NULL,
          created_at_ms BIGINT NOT NULL
        )
        """,
        "CREATE TRIGGER qmtl_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON strategy_name FOR EACH STATEMENT EXECUTE FUNCTION qmtl_notify_change()",
    ]
}
