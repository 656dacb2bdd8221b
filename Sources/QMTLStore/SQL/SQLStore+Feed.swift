import QMTLCore

extension SQLStore {
    static let feedColumns = "ts, bar_open, bar_high, bar_low, bar_close, bar_volume"

    func feedBar(_ r: SQLRow) throws -> Bar {
        Bar(
            ts: try r.int("ts"), open: try r.double("bar_open"), high: try r.double("bar_high"), low: try r.double("bar_low"),
            close: try r.double("bar_close"), volume: try r.double("bar_volume"))
    }

    public func appendFeed(_ world: WorldID, bars: [Bar], after datasetLast: Int64, audit ctx: AuditContext) async throws -> FeedAppend {
        let at = now()
        return try await write { s in
            // Appends to one world are serialized: each sees the feed the previous one left.
            guard try await !s.query("SELECT world_id FROM world WHERE world_id = ?" + self.forUpdate, [.text(world.description)]).isEmpty else {
                throw QMTLError(.worldNotFound, "no world \(world)")
            }
            let last = try await s.query("SELECT MAX(ts) AS last FROM feed_bar WHERE world_id = ?", [.text(world.description)]).first
                .flatMap { try $0.optionalInt("last") }
            var fresh: [Bar] = []
            if let first = bars.first, let last, first.ts <= last {
                // Bars the feed has may come again (a retried upload), unchanged.
                let stored = try await s.query(
                    "SELECT \(Self.feedColumns) FROM feed_bar WHERE world_id = ? AND ts >= ? AND ts <= ? ORDER BY ts",
                    [.text(world.description), .integer(first.ts), .integer(last)]
                ).map(self.feedBar)
                let byTime = Dictionary(stored.map { ($0.ts, $0) }, uniquingKeysWith: { a, _ in a })
                for bar in bars where bar.ts <= last {
                    guard let known = byTime[bar.ts] else {
                        throw QMTLError(
                            .dataOrder,
                            "\(world)'s feed ends at \(UTCTimestamp.format(last)); the bar at \(UTCTimestamp.format(bar.ts)) would go before it")
                    }
                    guard known == bar else {
                        throw QMTLError(
                            .feedConflict, "\(world)'s feed has another bar at \(UTCTimestamp.format(bar.ts))",
                            details: ["world_id": world.description, "ts": UTCTimestamp.format(bar.ts)])
                    }
                }
                fresh = bars.filter { $0.ts > last }
            } else {
                fresh = bars
            }
            if let first = fresh.first, first.ts <= datasetLast {
                throw QMTLError(
                    .dataOrder,
                    "\(world)'s dataset ends at \(UTCTimestamp.format(datasetLast)); its feed takes later bars, not \(UTCTimestamp.format(first.ts))")
            }
            if !fresh.isEmpty {
                _ = try await s.insertMany(
                    "feed_bar",
                    columns: [
                        SQLColumn("world_id", "text"), SQLColumn("ts", "int8"), SQLColumn("bar_open", "float8"), SQLColumn("bar_high", "float8"),
                        SQLColumn("bar_low", "float8"), SQLColumn("bar_close", "float8"), SQLColumn("bar_volume", "float8"),
                        SQLColumn("appended_at_ms", "int8"),
                    ],
                    rows: fresh.map { b in
                        [
                            .text(world.description), .integer(b.ts), .real(b.open), .real(b.high), .real(b.low), .real(b.close), .real(b.volume),
                            .integer(at),
                        ]
                    })
                try await self.audit(
                    s, ctx, action: "feed.append", target: world.description,
                    after: "\(fresh.count) bars to \(UTCTimestamp.format(fresh.last!.ts))")
            }
            let count =
                try await s.query("SELECT COUNT(*) AS n FROM feed_bar WHERE world_id = ?", [.text(world.description)]).first
                .map { try $0.int("n") } ?? 0
            return FeedAppend(appended: fresh.count, bars: Int(count), lastTs: fresh.last?.ts ?? last)
        }
    }

    public func feedBars(_ world: WorldID, after: Int64?) async throws -> [Bar] {
        try await backend.read { s in
            try await s.query(
                "SELECT \(Self.feedColumns) FROM feed_bar WHERE world_id = ? AND ts > ? ORDER BY ts",
                [.text(world.description), .integer(after ?? .min)]
            ).map(self.feedBar)
        }
    }

    public func feedLastTs(_ world: WorldID) async throws -> Int64? {
        try await backend.read { s in
            try await s.query("SELECT MAX(ts) AS last FROM feed_bar WHERE world_id = ?", [.text(world.description)]).first
                .flatMap { try $0.optionalInt("last") }
        }
    }
}

/// What appending bars to a world's feed did.
public struct FeedAppend: Sendable, Hashable {
    /// Bars added now (bars sent again unchanged are not counted).
    public var appended: Int
    /// Bars in the feed now.
    public var bars: Int
    /// The feed's last bar time, epoch seconds; nil while it is empty.
    public var lastTs: Int64?
}
