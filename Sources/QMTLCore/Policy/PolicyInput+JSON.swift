extension PolicyInput {
    /// Reads `{"candidates": {"<id>": {"<metric>": n, "flags"?: [..], "first_bar_at"?: iso,
    /// "last_bar_at"?: iso}}, "correlations": [{"a", "b",
    /// "corr", "overlap"?}], "previous_active": ["<id>"] | {"<id>": <entry epoch s>}}` — the file of
    /// `qmtl policy explain --metrics`.
    /// - Throws: ``QMTLError`` `E_METRICS_FILE` naming the bad path; `E_POLICY_METRIC` for an
    ///   unknown metric name.
    public init(json: JSONValue, now: Int64) throws {
        func bad(_ path: String, _ what: String) -> QMTLError { QMTLError(.metricsFile, "\(path) \(what)", details: ["path": path]) }
        guard let root = json.objectValue else { throw bad("/", "must be an object") }
        for key in root.keys where !["candidates", "correlations", "previous_active"].contains(key) {
            throw bad("/\(key)", "is not a known key (candidates, correlations, previous_active)")
        }
        guard let cands = root["candidates"]?.objectValue else { throw bad("/candidates", "must be an object of id → metrics") }
        var candidates: [String: Candidate] = [:]
        for (id, value) in cands {
            guard let m = value.objectValue else { throw bad("/candidates/\(id)", "must be an object of metric → number") }
            var metrics: [String: Double] = [:]
            var flags: Set<String> = []
            var firstBar: Int64?
            var lastBar: Int64?
            for (name, v) in m {
                if name == "first_bar_at" || name == "last_bar_at" {
                    guard let text = v.stringValue, let t = UTCTimestamp.parse(text) else {
                        throw bad("/candidates/\(id)/\(name)", "must be an ISO-8601 UTC time")
                    }
                    if name == "first_bar_at" { firstBar = t } else { lastBar = t }
                    continue
                }
                if name == "flags" {
                    guard let list = v.arrayValue?.compactMap(\.stringValue) else { throw bad("/candidates/\(id)/flags", "must be a list of names") }
                    flags = Set(list)
                    continue
                }
                _ = try MetricName(parsing: name)
                guard let x = v.numberValue else { throw bad("/candidates/\(id)/\(name)", "must be a number") }
                metrics[name] = x
            }
            candidates[id] = Candidate(metrics: metrics, flags: flags, lastBarAt: lastBar, firstBarAt: firstBar)
        }
        var pairs: [Pair] = []
        for (i, p) in (root["correlations"]?.arrayValue ?? []).enumerated() {
            guard let o = p.objectValue, let a = o["a"]?.stringValue, let b = o["b"]?.stringValue, let c = o["corr"]?.numberValue,
                (-1...1).contains(c)
            else { throw bad("/correlations/\(i)", "must be {\"a\": id, \"b\": id, \"corr\": -1…1}") }
            pairs.append(Pair(a: a, b: b, corr: c, overlap: o["overlap"]?.numberValue.map { Int($0) }))
        }
        var previous: [String: Int64?] = [:]
        switch root["previous_active"] {
        case nil: break
        case .array(let ids)?:
            for (i, id) in ids.enumerated() {
                guard let s = id.stringValue else { throw bad("/previous_active/\(i)", "must be a strategy id") }
                previous[s] = .some(nil)
            }
        case .object(let entries)?:
            for (id, at) in entries {
                guard let t = at.numberValue else { throw bad("/previous_active/\(id)", "must be the entry time in epoch seconds") }
                previous[id] = Int64(t)
            }
        default: throw bad("/previous_active", "must be a list of ids or an object id → entry time")
        }
        self.init(candidates: candidates, correlations: pairs, previousActive: previous, now: now)
    }
}
