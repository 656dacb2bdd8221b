import QMTLCore

extension SQLStore {
    static let datasetColumns = "fingerprint, symbol, interval_s, bar_count, first_ts, last_ts, chunk_count, created_at_ms"
    static let chunkColumns = [
        SQLColumn("fingerprint", "bytea"), SQLColumn("seq", "int8"), SQLColumn("first_ts", "int8"), SQLColumn("last_ts", "int8"),
        SQLColumn("bar_count", "int8"), SQLColumn("hash", "bytea"), SQLColumn("bars", "bytea"),
    ]

    func datasetRecord(_ r: SQLRow) throws -> DatasetRecord {
        DatasetRecord(
            fingerprint: DatasetFingerprint(hash: try r.hash("fingerprint")), symbol: try r.text("symbol"), interval: Int(try r.int("interval_s")),
            barCount: Int(try r.int("bar_count")), firstTs: try r.int("first_ts"), lastTs: try r.int("last_ts"),
            chunkCount: Int(try r.int("chunk_count")), createdAtMillis: try r.int("created_at_ms"))
    }

    public func putDataset(
        fingerprint: DatasetFingerprint, symbol: String, interval: Int, bars: [Bar], audit ctx: AuditContext
    ) async throws -> (DatasetRecord, created: Bool) {
        guard let first = bars.first, let last = bars.last else { throw QMTLError(.dataEmpty, "a dataset needs at least one bar") }
        // Pack and hash outside the transaction: it is the bulk of the work.
        let rows: [[SQLValue]] = stride(from: 0, to: bars.count, by: BarChunk.barsPerChunk).enumerated().map { seq, start in
            let slice = bars[start..<min(start + BarChunk.barsPerChunk, bars.count)]
            let bytes = BarChunk.encode(slice)
            return [
                .hash(fingerprint.hash), .int(seq), .integer(slice.first!.ts), .integer(slice.last!.ts), .int(slice.count),
                .hash(BLAKE3.hash(bytes)), .blob(bytes),
            ]
        }
        let record = DatasetRecord(
            fingerprint: fingerprint, symbol: symbol, interval: interval, barCount: bars.count, firstTs: first.ts, lastTs: last.ts,
            chunkCount: rows.count, createdAtMillis: now())
        return try await write { s in
            if let existing = try await s.query(
                "SELECT \(SQLStore.datasetColumns) FROM dataset WHERE fingerprint = ?" + self.forUpdate, [.hash(fingerprint.hash)]
            ).first {
                return (try self.datasetRecord(existing), false)
            }
            try await s.execute(
                "INSERT INTO dataset (\(SQLStore.datasetColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .hash(fingerprint.hash), .text(symbol), .int(interval), .int(bars.count), .integer(first.ts), .integer(last.ts),
                    .int(rows.count), .integer(record.createdAtMillis),
                ])
            _ = try await s.insertMany("dataset_chunk", columns: SQLStore.chunkColumns, rows: rows)
            try await self.audit(s, ctx, action: "dataset.add", target: fingerprint.description, after: "\(symbol) \(bars.count) bars")
            return (record, true)
        }
    }

    public func dataset(_ fingerprint: DatasetFingerprint) async throws -> DatasetRecord? {
        try await backend.read { s in
            try await s.query("SELECT \(SQLStore.datasetColumns) FROM dataset WHERE fingerprint = ?", [.hash(fingerprint.hash)]).first.map(
                self.datasetRecord)
        }
    }

    public func datasets() async throws -> [DatasetRecord] {
        try await backend.read { s in
            try await s.query("SELECT \(SQLStore.datasetColumns) FROM dataset ORDER BY symbol, interval_s, first_ts, fingerprint", []).map(
                self.datasetRecord)
        }
    }

    public func datasetBars(_ fingerprint: DatasetFingerprint) async throws -> [Bar]? {
        try await backend.read { s in
            guard
                let record = try await s.query("SELECT \(SQLStore.datasetColumns) FROM dataset WHERE fingerprint = ?", [.hash(fingerprint.hash)])
                    .first.map(self.datasetRecord)
            else { return nil }
            let chunks = try await s.query(
                "SELECT seq, bar_count, hash, bars FROM dataset_chunk WHERE fingerprint = ? ORDER BY seq", [.hash(fingerprint.hash)])
            guard chunks.count == record.chunkCount else {
                throw QMTLError(.storeCorrupt, "dataset \(fingerprint) has \(chunks.count) chunks, its record says \(record.chunkCount)")
            }
            var bars: [Bar] = []
            bars.reserveCapacity(record.barCount)
            for (i, chunk) in chunks.enumerated() {
                let bytes = try chunk.blob("bars")
                guard try chunk.int("seq") == Int64(i), BLAKE3.hash(bytes) == (try chunk.hash("hash")) else {
                    throw QMTLError(.storeCorrupt, "chunk \(i) of dataset \(fingerprint) does not match its hash")
                }
                try BarChunk.decode(bytes, into: &bars)
            }
            guard bars.count == record.barCount else {
                throw QMTLError(.storeCorrupt, "dataset \(fingerprint) holds \(bars.count) bars, its record says \(record.barCount)")
            }
            return bars
        }
    }
}
