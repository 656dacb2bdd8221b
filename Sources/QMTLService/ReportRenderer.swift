import Foundation
import QMTLAPI

/// A world report as text, Markdown or HTML (R-GOV-10): the verdict in sentences with the
/// numbers, what blocks live promotion, overlaps with live strategies, recent approvals, and
/// (Markdown, HTML) an inline SVG equity and drawdown chart with one point per equity value.
public enum ReportRenderer {
    /// The formats besides JSON.
    public enum Format: String, CaseIterable, Sendable { case text, markdown, html }

    public static func render(_ r: WorldReport, as format: Format) -> String {
        switch format {
        case .text: text(r)
        case .markdown: markdown(r)
        case .html: html(r)
        }
    }

    /// The lines every format shares, per strategy: sentences, not tables.
    static func sentences(_ s: StrategyReport) -> [String] {
        var lines: [String] = []
        let state = s.isLive ? "live" : s.phase.replacingOccurrences(of: "_", with: " ")
        if let run = s.run {
            let m = run.metrics ?? [:]
            var numbers: [String] = []
            if let v = m["sharpe"] { numbers.append("Sharpe \(fixed(v, 2))") }
            if let v = m["max_drawdown"] { numbers.append("max drawdown \(fixed(v * 100, 1)) %") }
            if let v = m["cagr"] { numbers.append("CAGR \(fixed(v * 100, 1)) %") }
            if let v = m["num_trades"] { numbers.append("\(Int(v)) trades") }
            if let v = m["sample_days"] { numbers.append("\(Int(v)) days") }
            lines.append(
                "In the \(state): its \(run.stage) run \(run.runID) is \(run.state)"
                    + (run.firstBar.map { " on \($0.prefix(10))" } ?? "") + (run.lastBar.map { " → \($0.prefix(10))" } ?? "")
                    + (numbers.isEmpty ? "." : ": " + numbers.joined(separator: ", ") + "."))
            if let why = run.explanation { lines.append("Verdict: \(why)") }
        } else {
            lines.append("In the \(state): no run yet.")
        }
        if !s.campaignReasons.isEmpty { lines.append("The campaign waits on: \(s.campaignReasons.joined(separator: ", ")).") }
        if let live = s.live {
            lines.append("Live promotion: \(live.summary).")
            if !live.blockedReasons.isEmpty { lines.append("Blocked reasons: \(live.blockedReasons.joined(separator: ", ")).") }
        }
        for o in s.overlaps {
            lines.append(
                o.correlation.map {
                    "Correlation with live \(StrategyLabel.text(o.strategyID, o.name)): \(fixed($0, 2)) over \(o.overlapDays) common days."
                }
                    ?? "Correlation with live \(StrategyLabel.text(o.strategyID, o.name)): not enough common days (\(o.overlapDays)).")
        }
        return lines
    }

    static func header(_ r: WorldReport) -> [String] {
        var lines = [
            "Live promotion in \(r.world): \(r.promotionMode)\(r.allowLive ? "" : "; the world does not allow live").", "Generated \(r.generatedAt).",
        ]
        if let s = r.riskSnapshot {
            lines.append(
                "Risk snapshot v\(s.version) as of \(s.asOf), produced \(s.producedAt) by \(s.provenance.actor ?? "?") (\(s.provenance.stage)).")
        } else {
            lines.append("No risk snapshot: live promotion is blocked until one arrives.")
        }
        return lines
    }

    static func approvalLines(_ r: WorldReport) -> [String] {
        r.approvals.map { "\($0.decidedAt): \($0.decision) \($0.strategyID) run \($0.runID) by \($0.decidedBy) — \($0.comment)" }
    }

    static func text(_ r: WorldReport) -> String {
        var out = "World report: \(r.world)\n" + header(r).map { "  \($0)\n" }.joined()
        for s in r.strategies {
            out += "\nStrategy \(StrategyLabel.text(s.strategyID, s.name))\n" + sentences(s).map { "  \($0)\n" }.joined()
            if let series = s.series, let last = series.equity.last, let first = series.equity.first {
                out +=
                    "  Equity \(fixed(first, 2)) → \(fixed(last, 2)) over \(series.t.count) points; deepest drawdown \(fixed(-(drawdowns(series.equity).min() ?? 0) * 100, 1)) %.\n"
            }
        }
        if !r.approvals.isEmpty { out += "\nRecent approvals\n" + approvalLines(r).map { "  \($0)\n" }.joined() }
        return out
    }

    static func markdown(_ r: WorldReport) -> String {
        var out = "# World report: \(r.world)\n\n" + header(r).map { "- \($0)\n" }.joined()
        for s in r.strategies {
            out += "\n## \(StrategyLabel.text(s.strategyID, s.name))\n\n" + sentences(s).map { "- \($0)\n" }.joined()
            if let series = s.series { out += "\n" + chart(series) + "\n" }
        }
        if !r.approvals.isEmpty { out += "\n## Recent approvals\n\n" + approvalLines(r).map { "- \($0)\n" }.joined() }
        return out
    }

    static func html(_ r: WorldReport) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var body = "<h1>World report: \(esc(r.world))</h1>\n<ul>" + header(r).map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
        for s in r.strategies {
            body +=
                "<h2>\(esc(StrategyLabel.text(s.strategyID, s.name)))</h2>\n<ul>" + sentences(s).map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
            if let series = s.series { body += chart(series) + "\n" }
        }
        if !r.approvals.isEmpty { body += "<h2>Recent approvals</h2>\n<ul>" + approvalLines(r).map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n" }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>QMTL report: \(esc(r.world))</title>
            <style>body{font-family:sans-serif;margin:2em;color:#222}h2{font-size:1.1em;word-break:break-all}svg{border:1px solid #ccc}</style>
            </head><body>
            \(body)</body></html>

            """
    }

    /// Drawdown after each point: equity over its running peak, minus 1 (0 at a new peak).
    static func drawdowns(_ equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { e in
            peak = max(peak, e)
            return peak > 0 ? e / peak - 1 : 0
        }
    }

    /// An SVG of the equity curve (top) and its drawdown (bottom): each polyline has one point
    /// per equity value.
    public static func chart(_ series: RunSeries, width: Double = 640, height: Double = 260) -> String {
        let n = series.equity.count
        guard n > 0 else { return "" }
        let top = height * 0.62, gap = height * 0.06
        let lo = series.equity.min()!, hi = series.equity.max()!
        let dd = drawdowns(series.equity)
        let deepest = min(dd.min() ?? 0, -1e-9)
        func x(_ i: Int) -> Double { n == 1 ? width / 2 : Double(i) / Double(n - 1) * (width - 20) + 10 }
        let equity = (0..<n).map { i in
            "\(fixed(x(i), 1)),\(fixed(hi > lo ? 10 + (hi - series.equity[i]) / (hi - lo) * (top - 20) : top / 2, 1))"
        }
        let drawdown = (0..<n).map { i in "\(fixed(x(i), 1)),\(fixed(top + gap + dd[i] / deepest * (height - top - gap - 10), 1))" }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))">\
            <rect width="100%" height="100%" fill="#ffffff"/>\
            <polyline class="equity" fill="none" stroke="#1f6feb" stroke-width="1.5" points="\(equity.joined(separator: " "))"/>\
            <polyline class="drawdown" fill="none" stroke="#d73a49" stroke-width="1.2" points="\(drawdown.joined(separator: " "))"/>\
            <text x="12" y="14" font-size="11" fill="#444">equity \(fixed(lo, 0))–\(fixed(hi, 0))</text>\
            <text x="12" y="\(Int(top + gap + 12))" font-size="11" fill="#444">drawdown to \(fixed(deepest * 100, 1)) %</text></svg>
            """
    }

    static func fixed(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}
