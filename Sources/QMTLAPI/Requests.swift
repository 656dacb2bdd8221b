import QMTLCore

// Bodies of the HTTP routes whose `WorldServiceAPI` call takes several arguments. The path
// carries the world, strategy and run; the body the rest.

/// `POST /worlds`: the id and the settings, flat as in QMTL (`{"id":…, "name":…, …}`).
public struct CreateWorldRequest: Sendable, Hashable, Codable {
    /// The world's id, `world:<slug>` or the slug.
    public var id: String
    /// Its settings.
    public var spec: WorldSpec

    /// A request.
    public init(id: String, spec: WorldSpec) {
        self.id = id
        self.spec = spec
    }

    enum CodingKeys: String, CodingKey { case id }

    public init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .id)
        spec = try WorldSpec(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try spec.encode(to: encoder)
    }
}

/// `POST /worlds/{world}/state`.
public struct WorldStateRequest: Sendable, Hashable, Codable {
    /// active, suspended or archived.
    public var state: WorldState

    /// A request.
    public init(state: WorldState) { self.state = state }
}

/// A policy document to publish or to try (`what-if`).
public struct PolicyDocument: Sendable, Hashable, Codable {
    /// The YAML or JSON text.
    public var document: String
    /// The name errors cite (`file:line:column`).
    public var fileName: String

    /// A document.
    public init(document: String, fileName: String) {
        self.document = document
        self.fileName = fileName
    }

    enum CodingKeys: String, CodingKey {
        case document
        case fileName = "file_name"
    }
}

/// `POST /worlds/{world}/set-default` (QMTL's body `{"version": N}`).
public struct DefaultPolicyRequest: Sendable, Hashable, Codable {
    /// A published version.
    public var version: Int

    /// A request.
    public init(version: Int) { self.version = version }
}

/// `PUT /worlds/{world}/edges/{src}/{dst}`.
public struct EdgeOverrideRequest: Sendable, Hashable, Codable {
    /// False narrows the edge away.
    public var active: Bool
    /// DERIVATIVES_DISABLED, DATA_POLICY or MANUAL.
    public var reason: String

    /// A request.
    public init(active: Bool, reason: String) {
        self.active = active
        self.reason = reason
    }
}

/// Bars on the wire: `[[ts, open, high, low, close, volume], …]`, ts in epoch seconds.
public struct BarList: Sendable, Hashable, Codable {
    /// The bars, oldest first.
    public var bars: [Bar]

    /// A list.
    public init(bars: [Bar]) { self.bars = bars }

    enum CodingKeys: String, CodingKey { case bars }

    public init(from decoder: any Decoder) throws {
        var rows = try decoder.container(keyedBy: CodingKeys.self).nestedUnkeyedContainer(forKey: .bars)
        var bars: [Bar] = []
        bars.reserveCapacity(rows.count ?? 0)
        while !rows.isAtEnd {
            var row = try rows.nestedUnkeyedContainer()
            guard row.count == 6 else {
                throw DecodingError.dataCorruptedError(in: row, debugDescription: "a bar is [ts, open, high, low, close, volume]")
            }
            bars.append(
                Bar(
                    ts: try row.decode(Int64.self), open: try row.decode(Double.self), high: try row.decode(Double.self),
                    low: try row.decode(Double.self), close: try row.decode(Double.self), volume: try row.decode(Double.self)))
        }
        self.bars = bars
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var rows = c.nestedUnkeyedContainer(forKey: .bars)
        for b in bars {
            var row = rows.nestedUnkeyedContainer()
            try row.encode(b.ts)
            for x in [b.open, b.high, b.low, b.close, b.volume] { try row.encode(x) }
        }
    }
}

/// `POST /datasets`.
public struct DatasetUpload: Sendable, Hashable, Codable {
    /// The instrument.
    public var symbol: String
    /// Seconds per bar.
    public var interval: Int
    /// The bars, as ``BarList`` writes them.
    public var bars: [Bar]

    /// An upload.
    public init(symbol: String, interval: Int, bars: [Bar]) {
        self.symbol = symbol
        self.interval = interval
        self.bars = bars
    }

    enum CodingKeys: String, CodingKey { case symbol, interval }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        interval = try c.decode(Int.self, forKey: .interval)
        bars = try BarList(from: decoder).bars
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(symbol, forKey: .symbol)
        try c.encode(interval, forKey: .interval)
        try BarList(bars: bars).encode(to: encoder)
    }
}

/// `POST /worlds/{world}/evaluate`: a run's result, reported by the runtime that computed it.
public struct EvaluateRequest: Sendable, Hashable, Codable {
    /// The StrategyID.
    public var strategyID: String
    /// The run, as ``RunTicket`` named it.
    public var runID: String
    /// Metrics and the data window.
    public var result: RunResult

    /// A request.
    public init(strategyID: String, runID: String, result: RunResult) {
        self.strategyID = strategyID
        self.runID = runID
        self.result = result
    }

    enum CodingKeys: String, CodingKey {
        case result
        case strategyID = "strategy_id"
        case runID = "run_id"
    }
}

/// `POST …/runs/{run}/fail`.
public struct FailRunRequest: Sendable, Hashable, Codable {
    /// The runtime's error, for the run's history.
    public var message: String

    /// A request.
    public init(message: String) { self.message = message }
}

/// `POST /tokens`.
public struct TokenRequest: Sendable, Hashable, Codable {
    /// What the token is for, e.g. `ci`.
    public var name: String
    /// viewer, submitter, operator or admin.
    public var role: Role

    /// A request.
    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}

/// A bearer token's record; `secret` only in the answer that created it.
public struct TokenInfo: Sendable, Hashable, Codable {
    /// `tok_…`.
    public var id: String
    /// What it is for.
    public var name: String
    /// Its role.
    public var role: String
    /// ISO-8601 UTC.
    public var createdAt: String
    /// ISO-8601 UTC, once revoked.
    public var revokedAt: String?
    /// `qmtl_…`, shown once: only its hash is stored.
    public var secret: String?

    /// A token.
    public init(id: String, name: String, role: String, createdAt: String, revokedAt: String?, secret: String?) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, secret
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}

/// `/health` and `/ready`.
public struct Health: Sendable, Hashable, Codable {
    /// `ok`, or `unavailable` with the reason.
    public var status: String
    /// Why not ready.
    public var reason: String?

    /// A state.
    public init(status: String, reason: String? = nil) {
        self.status = status
        self.reason = reason
    }
}

/// The error body of every 4xx and 5xx: `{"error":{"code":"E_…","message":…,"details":{…}}}`.
public struct ErrorEnvelope: Sendable, Hashable, Codable {
    /// The error.
    public struct Body: Sendable, Hashable, Codable {
        /// `E_…`.
        public var code: String
        /// One sentence.
        public var message: String
        /// Context.
        public var details: [String: String]
    }

    /// The error.
    public var error: Body

    /// The envelope of `error`.
    public init(_ error: QMTLError) {
        self.error = Body(code: error.code.rawValue, message: error.message, details: error.details)
    }
}

extension BarList: SchemaProviding, PlaceholderProviding {
    /// `{"bars": [[ts, open, high, low, close, volume], …]}`.
    public static var jsonSchema: JSONValue {
        ["type": "object", "properties": ["bars": barsSchema], "required": ["bars"], "additionalProperties": false]
    }

    static let barsSchema: JSONValue = [
        "type": "array", "items": ["type": "array", "items": ["type": ["number", "string"]], "minItems": 6, "maxItems": 6],
    ]

    /// No bars.
    public static var placeholder: BarList { BarList(bars: []) }
}

extension DatasetUpload: SchemaProviding, PlaceholderProviding {
    /// `{"symbol", "interval", "bars"}`, bars as in ``BarList``.
    public static var jsonSchema: JSONValue {
        [
            "type": "object",
            "properties": ["symbol": ["type": "string"], "interval": ["type": "integer"], "bars": BarList.barsSchema],
            "required": ["symbol", "interval", "bars"], "additionalProperties": false,
        ]
    }

    /// An empty upload.
    public static var placeholder: DatasetUpload { DatasetUpload(symbol: "", interval: 0, bars: []) }
}
