/// Plain-language explanations of rule results (R-POL-4):
/// "Sharpe 1.12 ≥ 0.80, max drawdown 14.1 % ≤ 20 %, 61 trades ≥ 20 → selected (rank 1)".
enum PolicyExplanation {
    static let percentMetrics: Set<String> = [
        "total_return", "cagr", "max_drawdown", "var_95", "var_99", "es_95", "es_99", "win_rate", "exposure", "time_under_water", "coverage",
    ]
    static let labels: [String: String] = [
        "sharpe": "Sharpe", "sortino": "Sortino", "cagr": "CAGR", "max_drawdown": "max drawdown", "num_trades": "trades",
        "win_rate": "win rate", "profit_factor": "profit factor", "total_return": "total return", "sample_days": "days of data",
        "ulcer_index": "ulcer index", "gain_to_pain": "gain to pain", "var_95": "VaR 95", "var_99": "VaR 99", "es_95": "ES 95",
        "es_99": "ES 99",
    ]

    static func label(_ metric: String) -> String {
        if let l = labels[metric] { return l }
        if let m = try? MetricName(parsing: metric), let w = m.windowDays { return "\(label(m.metric)) (\(w)d)" }
        return metric.replacingUnderscores()
    }

    static func number(_ x: Double) -> String {
        if x.rounded() == x && abs(x) < 1e15 { return String(Int64(x)) }
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int64(r)) + ".0" : String(r)
    }

    static func value(_ x: Double, _ metric: String) -> String {
        let base = (try? MetricName(parsing: metric))?.metric ?? metric
        if percentMetrics.contains(base) {
            let p = (x * 1000).rounded() / 10
            return (p == p.rounded() ? String(Int64(p)) : String(p)) + " %"
        }
        return number(x)
    }

    static func days(_ seconds: Double) -> String {
        seconds >= 86_400 ? "\(number(seconds / 86_400)) days" : "\(number(seconds / 3600)) h"
    }

    static func required(_ b: Policy.Bound) -> String {
        let m = b.metric.description
        switch (b.min, b.max) {
        case let (lo?, hi?): return "\(value(lo, m)) ≤ x ≤ \(value(hi, m))"
        case let (lo?, nil): return ">= \(value(lo, m))"
        case let (nil, hi?): return "<= \(value(hi, m))"
        default: return "any"
        }
    }

    static func describe(_ g: Policy.Gate) -> String {
        switch g {
        case .bound(let b): "\(b.metric) \(required(b))"
        case .all(let gs): "(" + gs.map(describe).joined(separator: " and ") + ")"
        case .any(let gs): "(" + gs.map(describe).joined(separator: " or ") + ")"
        case .not(let inner): "not " + describe(inner)
        }
    }

    /// The rules that decided, then the outcome: what failed for a candidate left out, the
    /// thresholds it met for one let in (at most six clauses).
    static func sentence(rules: [RuleResult], selected: Bool, eligible: Bool, rank: Int?) -> String {
        var clauses: [String] = []
        let failing = rules.filter { $0.status != .pass }
        let shown =
            !failing.isEmpty
            ? failing
            : rules.filter { $0.rule.hasPrefix("threshold.") || $0.rule == "hysteresis" } + rules.filter { $0.rule.hasPrefix("validation.") }
        for r in shown.prefix(6) {
            switch (r.metric, r.observed) {
            case let (m?, x?):
                let relation: String
                switch r.reasonCode {
                case "below_min", "below_enter", "below_exit": relation = "<"
                case "above_max": relation = ">"
                default: relation = r.required.hasPrefix("<=") ? "≤" : "≥"
                }
                let bound = r.required.replacingPrefix(">= ", "").replacingPrefix("<= ", "")
                clauses.append("\(label(m)) \(value(x, m)) \(r.required.contains("≤ x ≤") ? "in" : relation) \(bound)")
            case (let m?, nil):
                clauses.append("\(label(m)) missing (\(r.status.rawValue))")
            case (nil, let x?) where r.rule == "correlation":
                let other = r.reasonCode.split(separator: ":").last.map(String.init) ?? "?"
                clauses.append("correlation \(number(x)) with \(other) exceeds \(r.required.split(separator: " ")[2])")
            default:
                if r.status != .pass { clauses.append("\(r.rule) \(r.status.rawValue) (\(r.reasonCode.replacingUnderscores()))") }
            }
        }
        let outcome =
            selected
            ? "selected" + (rank.map { " (rank \($0))" } ?? "")
            : eligible ? "eligible but not selected" + (rank.map { " (rank \($0))" } ?? "") : "not eligible"
        return (clauses.isEmpty ? "" : clauses.joined(separator: ", ") + " → ") + outcome
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { split(separator: "_").joined(separator: " ") }

    fileprivate func replacingPrefix(_ prefix: String, _ with: String) -> String {
        hasPrefix(prefix) ? with + dropFirst(prefix.count) : self
    }
}
