// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// The order in which decisions were applied (R-DEC-2: the latest applied one wins, and
    /// timestamps of one second or from two clocks cannot order them), and decisions by state.
    static let v5DecisionOrder = Migration(version: 5, name: "decision_applied_seq", sqlite: v5DecisionOrderSQLite, postgres: v5DecisionOrderPostgres)

    private static let v5DecisionOrderSQLite: [String] = [
        "ALTER TABLE decision_event ADD COLUMN applied_seq INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX idx_decision_state ON decision_event(state)",
    ]

    private static let v5DecisionOrderPostgres: [String] = [
        "ALTER TABLE decision_event ADD COLUMN applied_seq BIGINT NOT NULL DEFAULT 0",
        "CREATE INDEX idx_decision_state ON decision_event(state)",
    ]
}
