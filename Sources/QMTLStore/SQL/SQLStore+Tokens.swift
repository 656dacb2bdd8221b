import QMTLCore

extension SQLStore {
    static let tokenColumns = "token_id, name, role, created_at_ms, revoked_at_ms"
    static let roles = ["viewer", "submitter", "operator", "admin"]

    func tokenRecord(_ r: SQLRow) throws -> TokenRecord {
        TokenRecord(
            tokenID: try r.text("token_id"), name: try r.text("name"), role: try r.text("role"), createdAtMillis: try r.int("created_at_ms"),
            revokedAtMillis: try r.optionalInt("revoked_at_ms"))
    }

    public func createToken(id: String, secretHash: Hash256, name: String, role: String, audit ctx: AuditContext) async throws -> TokenRecord {
        guard Self.roles.contains(role) else {
            throw QMTLError(.badRole, "role must be one of \(Self.roles.joined(separator: ", "))\(DidYouMean.suffix(role, Self.roles))")
        }
        let at = now()
        return try await write { s in
            let clash = try await s.query("SELECT 1 FROM api_token WHERE token_id = ? OR token_hash = ?", [.text(id), .hash(secretHash)])
            guard clash.isEmpty else { throw QMTLError(.tokenExists, "token \(id) exists") }
            try await s.execute(
                "INSERT INTO api_token (token_id, token_hash, name, role, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                [.text(id), .hash(secretHash), .text(name), .text(role), .integer(at)])
            try await self.audit(s, ctx, action: "token.create", target: id, after: role)
            return TokenRecord(tokenID: id, name: name, role: role, createdAtMillis: at, revokedAtMillis: nil)
        }
    }

    public func token(secretHash: Hash256) async throws -> TokenRecord? {
        try await backend.read { s in
            try await s.query(
                "SELECT \(SQLStore.tokenColumns) FROM api_token WHERE token_hash = ? AND revoked_at_ms IS NULL", [.hash(secretHash)]
            ).first.map(self.tokenRecord)
        }
    }

    public func tokens() async throws -> [TokenRecord] {
        try await backend.read { s in
            try await s.query("SELECT \(SQLStore.tokenColumns) FROM api_token ORDER BY created_at_ms, token_id", []).map(self.tokenRecord)
        }
    }

    public func revokeToken(id: String, audit ctx: AuditContext) async throws -> TokenRecord {
        let at = now()
        return try await write { s in
            guard
                var record = try await s.query("SELECT \(SQLStore.tokenColumns) FROM api_token WHERE token_id = ?", [.text(id)])
                    .first.map(self.tokenRecord)
            else { throw QMTLError(.tokenNotFound, "no token \(id)") }
            guard record.revokedAtMillis == nil else { return record }
            record.revokedAtMillis = at
            try await s.execute("UPDATE api_token SET revoked_at_ms = ? WHERE token_id = ?", [.integer(at), .text(id)])
            try await self.audit(s, ctx, action: "token.revoke", target: id, before: record.role)
            return record
        }
    }

    public func putIdempotency(_ r: IdempotencyRecord) async throws -> (IdempotencyRecord, created: Bool) {
        try await write { s in
            if let row = try await s.query(
                "SELECT request_hash, response, created_at_ms FROM idempotency_key WHERE scope = ? AND key = ?", [.text(r.scope), .text(r.key)]
            ).first {
                guard try row.hash("request_hash") == r.requestHash else {
                    throw QMTLError(.idempotencyConflict, "idempotency key \(r.key) was used for another request", details: ["key": r.key])
                }
                return (
                    IdempotencyRecord(
                        scope: r.scope, key: r.key, requestHash: r.requestHash, response: try row.json("response"),
                        createdAtMillis: try row.int("created_at_ms")), false
                )
            }
            try await s.execute(
                "INSERT INTO idempotency_key (scope, key, request_hash, response, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                [.text(r.scope), .text(r.key), .hash(r.requestHash), try .json(r.response), .integer(r.createdAtMillis)])
            return (r, true)
        }
    }

    public func idempotency(scope: String, key: String) async throws -> IdempotencyRecord? {
        try await backend.read { s in
            try await s.query(
                "SELECT request_hash, response, created_at_ms FROM idempotency_key WHERE scope = ? AND key = ?", [.text(scope), .text(key)]
            ).first.map {
                IdempotencyRecord(
                    scope: scope, key: key, requestHash: try $0.hash("request_hash"), response: try $0.json("response"),
                    createdAtMillis: try $0.int("created_at_ms"))
            }
        }
    }
}
