extension Policy {
    /// Reads back the expanded form ``json`` writes, as stores keep it (its hash is the
    /// contract id, R-POL-5). `Policy(expanded: p.json)` equals `p` but for the preset's name.
    /// - Throws: ``QMTLError`` `E_STORE_CORRUPT` naming the field that does not fit.
    public init(expanded json: JSONValue) throws {
        func bad(_ what: String) -> QMTLError { QMTLError(.storeCorrupt, "a stored policy is not an expanded policy: \(what)") }
        func object(_ v: JSONValue?, _ what: String) throws -> JSONObject? {
            guard let v else { return nil }
            guard let o = v.objectValue else { throw bad(what) }
            return o
        }
        func int(_ v: JSONValue?) -> Int? { v?.numberValue.map { Int($0) } }
        func metric(_ v: JSONValue?) throws -> MetricName {
            guard let text = v?.stringValue else { throw bad("a metric") }
            return try MetricName(parsing: text)
        }
        func bound(_ v: JSONValue) throws -> Bound {
            guard let o = v.objectValue else { throw bad("a bound") }
            return Bound(metric: try metric(o["metric"]), min: o["min"]?.numberValue, max: o["max"]?.numberValue)
        }
        func gate(_ v: JSONValue) throws -> Gate {
            guard let o = v.objectValue else { throw bad("a gate") }
            if let all = o["and"]?.arrayValue { return .all(try all.map(gate)) }
            if let any = o["or"]?.arrayValue { return .any(try any.map(gate)) }
            if let inner = o["not"] { return .not(try gate(inner)) }
            return .bound(try bound(v))
        }
        guard let top = json.objectValue else { throw bad("not an object") }
        self.init()
        if let d = try object(top["data_currency"], "data_currency") {
            dataCurrency = DataCurrency(maxLagSeconds: int(d["max_lag_s"]), minHistorySeconds: int(d["min_history_s"]))
        }
        if let s = try object(top["selection"], "selection") {
            if let t = try object(s["thresholds"], "thresholds") {
                for (name, b) in zip(t.keys, t.values) { selection.thresholds[name] = try bound(b) }
            }
            if let g = s["gates"] { selection.gates = try gate(g) }
            if let k = try object(s["top_k"], "top_k") { selection.topK = TopK(metric: try metric(k["metric"]), k: int(k["k"]) ?? 0) }
            if let c = try object(s["correlation"], "correlation") {
                selection.correlation = Correlation(max: c["max"]?.numberValue ?? 0, minOverlap: int(c["min_overlap"]) ?? 0)
            }
            if let h = try object(s["hysteresis"], "hysteresis") {
                selection.hysteresis = Hysteresis(
                    metric: try metric(h["metric"]), enter: h["enter"]?.numberValue ?? 0, exit: h["exit"]?.numberValue ?? 0,
                    minDwellSeconds: int(h["min_dwell_s"]) ?? 0)
            }
        }
        if let c = try object(top["campaign"], "campaign") {
            campaign = Campaign(
                backtestWindowSeconds: int(c["backtest_window_s"]), paperWindowSeconds: int(c["paper_window_s"]),
                minTradesPerWindow: int(c["min_trades_per_window"]), minSampleDays: int(c["min_sample_days"]))
        }
        if let v = try object(top["validation"], "validation") {
            var out = Validation()
            out.minSampleDays = int(v["min_sample_days"])
            out.sample = try (v["sample"]?.arrayValue ?? []).map(bound)
            out.risk = try (v["risk"]?.arrayValue ?? []).map(bound)
            out.requiredStressFlags = (v["required_stress_flags"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard let mode = OnMissingMetric(rawValue: v["on_missing_metric"]?.stringValue ?? "fail") else { throw bad("on_missing_metric") }
            out.onMissingMetric = mode
            validation = out
        }
        if let g = try object(top["governance"], "governance") {
            guard let mode = PromotionMode(rawValue: g["mode"]?.stringValue ?? "manual_approval") else { throw bad("governance.mode") }
            governance.mode = mode
            governance.cooldownSeconds = int(g["cooldown_s"]) ?? 0
            governance.maxLiveSlots = int(g["max_live_slots"])
            governance.canaryFraction = g["canary_fraction"]?.numberValue
            governance.approvers = try (g["approvers"]?.arrayValue ?? []).map { v in
                guard let text = v.stringValue else { throw bad("an approver") }
                if text.hasPrefix("role:") { return .role(String(text.dropFirst(5))) }
                if text.hasPrefix("user:") { return .user(String(text.dropFirst(5))) }
                throw bad("approver \(text)")
            }
        }
        if let r = try object(top["risk_hub"], "risk_hub") { riskHub = RiskHub(maxSnapshotAgeSeconds: int(r["max_snapshot_age_s"]) ?? 0) }
    }
}
