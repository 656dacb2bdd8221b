/// The starting points `preset: sandbox|conservative|moderate|aggressive` (R-POL-1), with the
/// values of the original QMTL presets. A document's own fields override them.
public enum PolicyPresets {
    static func m(_ name: String) -> MetricName { try! MetricName(parsing: name) }

    static func preset(
        thresholds: [(String, Double?, Double?)], k: Int, correlation: Double?, hysteresis: (Double, Double)?
    ) -> Policy {
        var p = Policy()
        for (metric, min, max) in thresholds {
            p.selection.thresholds[metric] = Policy.Bound(metric: m(metric), min: min, max: max)
        }
        p.selection.topK = Policy.TopK(metric: m("sharpe"), k: k)
        if let c = correlation { p.selection.correlation = Policy.Correlation(max: c, minOverlap: 20) }
        if let (enter, exit) = hysteresis {
            p.selection.hysteresis = Policy.Hysteresis(metric: m("sharpe"), enter: enter, exit: exit, minDwellSeconds: 0)
        }
        return p
    }

    /// Every preset by name.
    public static let all: [String: Policy] = [
        "sandbox": preset(thresholds: [], k: 10, correlation: nil, hysteresis: nil),
        "conservative": preset(
            thresholds: [("sharpe", 1.0, nil), ("max_drawdown", nil, 0.15), ("win_rate", 0.55, nil), ("profit_factor", 1.5, nil)],
            k: 3, correlation: 0.5, hysteresis: (1.0, 0.8)),
        "moderate": preset(
            thresholds: [("sharpe", 0.7, nil), ("max_drawdown", nil, 0.25), ("win_rate", 0.50, nil), ("profit_factor", 1.2, nil)],
            k: 5, correlation: 0.7, hysteresis: (0.7, 0.5)),
        "aggressive": preset(
            thresholds: [("sharpe", 0.5, nil), ("max_drawdown", nil, 0.40), ("profit_factor", 1.0, nil)],
            k: 8, correlation: 0.85, hysteresis: (0.5, 0.3)),
    ]
}
