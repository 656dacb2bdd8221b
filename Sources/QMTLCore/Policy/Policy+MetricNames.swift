extension Policy {
    /// Every metric the policy reads: thresholds, gates, validation bounds (with `sample_days`
    /// for `min_sample_days`), the top-k and hysteresis metrics. A candidate's other metrics
    /// cannot change a decision, so stores load only these (a test checks the equivalence).
    public var metricNames: Set<String> {
        var names = Set(selection.thresholds.values.map(\.metric.description))
        func add(_ gate: Gate) {
            switch gate {
            case .bound(let b): names.insert(b.metric.description)
            case .all(let gs), .any(let gs): gs.forEach(add)
            case .not(let g): add(g)
            }
        }
        if let g = selection.gates { add(g) }
        if let t = selection.topK { names.insert(t.metric.description) }
        if let h = selection.hysteresis { names.insert(h.metric.description) }
        if let v = validation {
            if v.minSampleDays != nil { names.insert("sample_days") }
            for b in v.sample + v.risk { names.insert(b.metric.description) }
        }
        return names
    }
}
