extension Policy {
    /// The expanded policy as canonical-ready JSON: presets applied, durations in seconds,
    /// defaults written out. Two policies with the same meaning have the same JSON, so the same
    /// ``contractID`` (R-POL-5). The preset's name is not part of it.
    public var json: JSONValue {
        var o = JSONObject()
        if let d = dataCurrency {
            o["data_currency"] = Self.object(["max_lag_s": d.maxLagSeconds.map(Self.int), "min_history_s": d.minHistorySeconds.map(Self.int)])
        }
        var sel = JSONObject()
        if !selection.thresholds.isEmpty {
            var t = JSONObject()
            for (name, b) in selection.thresholds { t[name] = Self.bound(b) }
            sel["thresholds"] = .object(t)
        }
        if let g = selection.gates { sel["gates"] = Self.gate(g) }
        if let k = selection.topK { sel["top_k"] = ["metric": .string(k.metric.description), "k": Self.int(k.k)] }
        if let c = selection.correlation { sel["correlation"] = ["max": .number(c.max), "min_overlap": Self.int(c.minOverlap)] }
        if let h = selection.hysteresis {
            sel["hysteresis"] = [
                "metric": .string(h.metric.description), "enter": .number(h.enter), "exit": .number(h.exit),
                "min_dwell_s": Self.int(h.minDwellSeconds),
            ]
        }
        o["selection"] = .object(sel)
        if let c = campaign {
            o["campaign"] = Self.object([
                "backtest_window_s": c.backtestWindowSeconds.map(Self.int), "paper_window_s": c.paperWindowSeconds.map(Self.int),
                "min_trades_per_window": c.minTradesPerWindow.map(Self.int), "min_sample_days": c.minSampleDays.map(Self.int),
            ])
        }
        if let v = validation {
            o["validation"] = Self.object([
                "min_sample_days": v.minSampleDays.map(Self.int),
                "sample": .array(v.sample.sorted { $0.metric < $1.metric }.map(Self.bound)),
                "risk": .array(v.risk.sorted { $0.metric < $1.metric }.map(Self.bound)),
                "required_stress_flags": .array(Array(Set(v.requiredStressFlags)).sorted().map { .string($0) }),
                "on_missing_metric": .string(v.onMissingMetric.rawValue),
            ])
        }
        o["governance"] = Self.object([
            "mode": .string(governance.mode.rawValue), "cooldown_s": Self.int(governance.cooldownSeconds),
            "max_live_slots": governance.maxLiveSlots.map(Self.int), "canary_fraction": governance.canaryFraction.map { .number($0) },
            "approvers": .array(Array(Set(governance.approvers.map(\.text))).sorted().map { .string($0) }),
        ])
        if let r = riskHub { o["risk_hub"] = ["max_snapshot_age_s": Self.int(r.maxSnapshotAgeSeconds)] }
        return .object(o)
    }

    /// `policy:blake3:<hash of the JCS of ``json``>`.
    public var contractID: ContractID {
        // Only finite numbers reach a parsed policy.
        try! ContractID(policy: json)
    }

    static func int(_ i: Int) -> JSONValue { .number(Double(i)) }

    static func object(_ fields: [String: JSONValue?]) -> JSONValue {
        var o = JSONObject()
        for (k, v) in fields { if let v { o[k] = v } }
        return .object(o)
    }

    static func bound(_ b: Bound) -> JSONValue {
        object(["metric": .string(b.metric.description), "min": b.min.map { .number($0) }, "max": b.max.map { .number($0) }])
    }

    static func gate(_ g: Gate) -> JSONValue {
        switch g {
        case .bound(let b): bound(b)
        case .all(let gates): ["and": .array(gates.map(gate))]
        case .any(let gates): ["or": .array(gates.map(gate))]
        case .not(let inner): ["not": gate(inner)]
        }
    }
}
