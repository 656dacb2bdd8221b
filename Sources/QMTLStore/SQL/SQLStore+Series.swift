import QMTLCore

extension SQLStore {
    // MARK: Run series (R-GOV-1, R-GOV-10)

    /// Stores (replaces) a run's series `{"t": [epoch s], "equity": [...]}` of `points` points.
    /// Derived data, like progress: not audited; the run's evaluation is.
    public func putRunSeries(_ world: WorldID, strategy: StrategyID, runID: String, points: Int, series: JSONValue) async throws {
        let at = now()
        try await write { s in
            guard try await self.fetchRun(world, strategy, runID, s) != nil else {
                throw QMTLError(.runNotFound, "no run \(runID) of \(strategy) in \(world)", details: ["run_id": runID])
            }
            try await s.execute(
                """
                INSERT INTO run_series (world_id, strategy_id, run_id, points, series, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (world_id, strategy_id, run_id) DO UPDATE SET points = excluded.points, series = excluded.series,
                updated_at_ms = excluded.updated_at_ms
                """,
                [.text(world.description), .id(strategy.rootNodeID), .text(runID), .int(points), try .json(series), .integer(at)])
        }
    }

    /// A run's series, or nil when it has none.
    public func runSeries(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> JSONValue? {
        try await backend.read { s in
            try await s.query(
                "SELECT series FROM run_series WHERE world_id = ? AND strategy_id = ? AND run_id = ?",
                [.text(world.description), .id(strategy.rootNodeID), .text(runID)]
            ).first?.json("series")
        }
    }
}
