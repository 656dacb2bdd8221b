// Shipped: never edit (FrozenMigrationTests pins these statements). Change the schema in a new migration.
extension Migration {
    /// The runs of a world by stage and state (the policy reads every evaluated run of a world at
    /// once, whatever the history).
    static let v4RunIndex = Migration(version: 4, name: "run_world_stage_state_index", sqlite: v4RunIndexSQLite, postgres: v4RunIndexPostgres)

    private static let v4RunIndexSQLite: [String] = [
        "CREATE INDEX idx_run_world_stage_state ON evaluation_run(world_id, stage, state)"
    ]

    private static let v4RunIndexPostgres: [String] = [
        "CREATE INDEX idx_run_world_stage_state ON evaluation_run(world_id, stage, state)"
    ]
}
