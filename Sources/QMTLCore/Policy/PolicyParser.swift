/// Parses world policies (R-POL-1) from YAML or JSON. Unknown keys, wrong types, values out of
/// range and impossible combinations are errors with `file:line:column` — every one of them
/// is reported, not only the first.
public enum PolicyParser {
    /// Every key a policy's mappings may hold, by the mapping's path (`""` is the top). Keys the
    /// writer chooses — threshold names, metric names under `validation.sample|risk` — and the
    /// gate expressions are read elsewhere. `docs/policy.md` documents each (a test checks it).
    public static let keys: [String: [String]] = [
        "": ["preset", "data_currency", "selection", "campaign", "validation", "governance", "risk_hub"],
        "data_currency": ["max_lag", "min_history"],
        "selection": ["thresholds", "gates", "top_k", "correlation", "hysteresis"],
        "selection.top_k": ["metric", "k"],
        "selection.correlation": ["max", "min_overlap"],
        "selection.hysteresis": ["metric", "enter", "exit", "min_dwell"],
        "campaign": ["backtest", "paper", "common"],
        "campaign.backtest": ["window"],
        "campaign.paper": ["window"],
        "campaign.common": ["min_trades_per_window", "min_sample_days"],
        "validation": ["sample", "risk", "stress", "on_missing_metric"],
        "validation.stress": ["required_flags"],
        "governance": ["live_promotion"],
        "governance.live_promotion": ["mode", "cooldown", "max_live_slots", "canary_fraction", "approvers"],
        "risk_hub": ["max_snapshot_age"],
    ]

    static func keys(_ path: String) -> [String] { keys[path] ?? [] }

    /// Parses a policy document.
    /// - Returns: the policy, or every error found (each `file:line:column: message`).
    public static func check(_ text: String, fileName: String) -> (policy: Policy?, errors: [QMTLError]) {
        let document: SourceNode
        do {
            document = try SourceParser.parse(text, format: SourceFormat(fileName: fileName), fileName: fileName)
        } catch let e as QMTLError {
            return (nil, [e])
        } catch {
            return (nil, [QMTLError(.parse, "\(fileName): \(error)")])
        }
        let reader = PolicyReader(fileName: fileName)
        let policy = read(document, reader)
        // In file order, whatever order the sections were checked in.
        let errors = reader.errors.enumerated().sorted { a, b in
            let pa = (Int(a.element.details["line"] ?? "") ?? 0, Int(a.element.details["column"] ?? "") ?? 0, a.offset)
            let pb = (Int(b.element.details["line"] ?? "") ?? 0, Int(b.element.details["column"] ?? "") ?? 0, b.offset)
            return pa < pb
        }.map(\.element)
        return errors.isEmpty ? (policy, []) : (nil, errors)
    }

    /// Parses a policy document.
    /// - Throws: the first ``QMTLError`` found (its code from the `E_POLICY_…` group), with the count in
    ///   `details["errors"]`; use ``check(_:fileName:)`` for all of them.
    public static func parse(_ text: String, fileName: String) throws -> Policy {
        let (policy, errors) = check(text, fileName: fileName)
        if let policy { return policy }
        var first = errors[0]
        first.details["errors"] = String(errors.count)
        throw first
    }

    static func read(_ document: SourceNode, _ r: PolicyReader) -> Policy {
        var policy = Policy()
        guard let top = r.object(document, allowed: keys(""), what: "a policy") else { return policy }
        if let p = top["preset"] {
            if let name = r.string(p.value, "preset") {
                if let preset = PolicyPresets.all[name] {
                    policy = preset
                    policy.preset = name
                } else {
                    let names = PolicyPresets.all.keys.sorted()
                    r.fail(
                        "unknown preset \(name)\(DidYouMean.suffix(name, names)); presets: \(names.joined(separator: ", "))", at: p.value.position,
                        code: .policyEnum)
                }
            }
        }
        if let m = top["data_currency"], let o = r.object(m.value, allowed: keys("data_currency"), what: "data_currency") {
            policy.dataCurrency = Policy.DataCurrency(
                maxLagSeconds: o["max_lag"].flatMap { r.duration($0.value, "data_currency.max_lag") },
                minHistorySeconds: o["min_history"].flatMap { r.duration($0.value, "data_currency.min_history") })
        }
        if let m = top["selection"] { readSelection(m.value, into: &policy.selection, r) }
        if let m = top["campaign"] { policy.campaign = readCampaign(m.value, r) }
        if let m = top["validation"] { policy.validation = readValidation(m.value, r) }
        if let m = top["governance"] { readGovernance(m.value, into: &policy.governance, r) }
        if let m = top["risk_hub"], let o = r.object(m.value, allowed: keys("risk_hub"), what: "risk_hub") {
            if let age = o["max_snapshot_age"].flatMap({ r.duration($0.value, "risk_hub.max_snapshot_age") }) {
                policy.riskHub = Policy.RiskHub(maxSnapshotAgeSeconds: age)
            } else if o["max_snapshot_age"] == nil {
                r.fail("risk_hub needs max_snapshot_age", at: m.value.position, code: .policyMissing)
            }
        }
        return policy
    }

    static func readSelection(_ node: SourceNode, into s: inout Policy.Selection, _ r: PolicyReader) {
        guard let o = r.object(node, allowed: keys("selection"), what: "selection") else { return }
        if let t = o["thresholds"], let members = t.value.members {
            for m in members {
                if let b = r.bound(m.value, metric: nil, what: "selection.thresholds.\(m.key)") { s.thresholds[m.key] = b }
            }
        } else if let t = o["thresholds"] {
            r.fail("selection.thresholds must be a mapping of name → {metric, min, max}", at: t.value.position, code: .policyType)
        }
        if let g = o["gates"] { s.gates = readGate(g.value, path: "selection.gates", r) }
        if let m = o["top_k"], let t = r.object(m.value, allowed: keys("selection.top_k"), what: "selection.top_k") {
            let metric = t["metric"].flatMap { r.metric($0.value) }
            let k = t["k"].flatMap { r.integer($0.value, "selection.top_k.k", in: 1...100_000) }
            if t["metric"] == nil || t["k"] == nil { r.fail("selection.top_k needs metric and k", at: m.value.position, code: .policyMissing) }
            if let metric, let k { s.topK = Policy.TopK(metric: metric, k: k) }
        }
        if let m = o["correlation"], let c = r.object(m.value, allowed: keys("selection.correlation"), what: "selection.correlation") {
            let max = c["max"].flatMap { r.number($0.value, "selection.correlation.max", in: 0...1) }
            let overlap = c["min_overlap"].map { r.integer($0.value, "selection.correlation.min_overlap", in: 2...100_000) } ?? 20
            if c["max"] == nil { r.fail("selection.correlation needs max", at: m.value.position, code: .policyMissing) }
            if let max, let overlap { s.correlation = Policy.Correlation(max: max, minOverlap: overlap) }
        }
        if let m = o["hysteresis"], let h = r.object(m.value, allowed: keys("selection.hysteresis"), what: "selection.hysteresis") {
            let metric = h["metric"].flatMap { r.metric($0.value) }
            let enter = h["enter"].flatMap { r.number($0.value, "selection.hysteresis.enter") }
            let exit = h["exit"].flatMap { r.number($0.value, "selection.hysteresis.exit") }
            let dwell = h["min_dwell"].map { r.duration($0.value, "selection.hysteresis.min_dwell") } ?? 0
            if h["metric"] == nil || h["enter"] == nil || h["exit"] == nil {
                r.fail("selection.hysteresis needs metric, enter and exit", at: m.value.position, code: .policyMissing)
            }
            if let enter, let exit, exit > enter, let at = h["exit"] {
                r.fail(
                    "selection.hysteresis.exit \(PolicyReader.show(exit)) is above enter \(PolicyReader.show(enter)): a strategy would leave as soon as it entered",
                    at: at.value.position, code: .policyImpossible)
            }
            if let metric, let enter, let exit, let dwell {
                s.hysteresis = Policy.Hysteresis(metric: metric, enter: enter, exit: exit, minDwellSeconds: dwell)
            }
        }
    }

    static func readGate(_ node: SourceNode, path: String, _ r: PolicyReader) -> Policy.Gate? {
        guard let members = node.members else {
            r.fail("\(path) must be a mapping: {and: […]}, {or: […]}, {not: …} or {metric, min, max}", at: node.position, code: .policyType)
            return nil
        }
        let keys = Set(members.map(\.key))
        func list(_ key: String) -> [Policy.Gate]? {
            guard let m = members.first(where: { $0.key == key }) else { return nil }
            guard case .array(let items) = m.value.value, !items.isEmpty else {
                r.fail("\(path).\(key) must be a non-empty list of gates", at: m.value.position, code: .policyType)
                return nil
            }
            let gates = items.enumerated().compactMap { readGate($1, path: "\(path).\(key)[\($0)]", r) }
            return gates.count == items.count ? gates : nil
        }
        if keys == ["and"] { return list("and").map { .all($0) } }
        if keys == ["or"] { return list("or").map { .any($0) } }
        if keys == ["not"] { return readGate(members[0].value, path: "\(path).not", r).map { .not($0) } }
        if keys.contains("and") || keys.contains("or") || keys.contains("not") {
            r.fail("\(path) must have exactly one of and, or, not — or be a bound {metric, min, max}", at: node.position, code: .policyType)
            return nil
        }
        return r.bound(node, metric: nil, what: path).map { .bound($0) }
    }

    static func readCampaign(_ node: SourceNode, _ r: PolicyReader) -> Policy.Campaign? {
        guard let o = r.object(node, allowed: keys("campaign"), what: "campaign") else { return nil }
        var c = Policy.Campaign()
        var windows: [(String, Int)] = []
        for stage in ["backtest", "paper"] {
            guard let m = o[stage], let w = r.object(m.value, allowed: keys("campaign.\(stage)"), what: "campaign.\(stage)") else { continue }
            guard let win = w["window"] else {
                r.fail("campaign.\(stage) needs window", at: m.value.position, code: .policyMissing)
                continue
            }
            if let seconds = r.duration(win.value, "campaign.\(stage).window") {
                if stage == "backtest" { c.backtestWindowSeconds = seconds } else { c.paperWindowSeconds = seconds }
                windows.append((stage, seconds))
            }
        }
        if let m = o["common"], let common = r.object(m.value, allowed: keys("campaign.common"), what: "campaign.common") {
            c.minTradesPerWindow = common["min_trades_per_window"].flatMap {
                r.integer($0.value, "campaign.common.min_trades_per_window", in: 0...1_000_000)
            }
            if let days = common["min_sample_days"], let n = r.integer(days.value, "campaign.common.min_sample_days", in: 0...36_600) {
                c.minSampleDays = n
                for (stage, seconds) in windows where n * 86_400 > seconds {
                    r.fail(
                        "campaign.common.min_sample_days \(n) cannot fit in the \(seconds / 86_400)d \(stage) window",
                        at: days.value.position, code: .policyImpossible)
                }
            }
        }
        return c
    }

    static func readValidation(_ node: SourceNode, _ r: PolicyReader) -> Policy.Validation? {
        guard let o = r.object(node, allowed: keys("validation"), what: "validation") else { return nil }
        var v = Policy.Validation()
        for section in ["sample", "risk"] {
            guard let m = o[section] else { continue }
            guard let members = m.value.members else {
                r.fail("validation.\(section) must be a mapping of metric → {min, max}", at: m.value.position, code: .policyType)
                continue
            }
            for entry in members {
                if section == "sample" && entry.key == "min_sample_days" {
                    v.minSampleDays = r.integer(entry.value, "validation.sample.min_sample_days", in: 0...36_600)
                    continue
                }
                // The key names the metric: `max_drawdown_90d: {max: 0.2}`.
                let metric: MetricName
                do {
                    metric = try MetricName(parsing: entry.key)
                } catch let e as QMTLError {
                    r.fail(e.message, at: entry.keyPosition, code: e.code)
                    continue
                } catch { continue }
                if let b = r.bound(entry.value, metric: metric, what: "validation.\(section).\(entry.key)") {
                    if section == "sample" { v.sample.append(b) } else { v.risk.append(b) }
                }
            }
        }
        if let m = o["stress"], let s = r.object(m.value, allowed: keys("validation.stress"), what: "validation.stress"),
            let flags = s["required_flags"]
        {
            if case .array(let items) = flags.value.value {
                v.requiredStressFlags = items.compactMap { r.string($0, "a stress flag") }
            } else {
                r.fail("validation.stress.required_flags must be a list of flag names", at: flags.value.position, code: .policyType)
            }
        }
        if let m = o["on_missing_metric"], let choice = r.choice(m.value, "validation.on_missing_metric", as: Policy.OnMissingMetric.self) {
            v.onMissingMetric = choice
        }
        return v
    }

    static func readGovernance(_ node: SourceNode, into g: inout Policy.Governance, _ r: PolicyReader) {
        guard let o = r.object(node, allowed: keys("governance"), what: "governance"), let lp = o["live_promotion"] else { return }
        guard
            let p = r.object(
                lp.value, allowed: keys("governance.live_promotion"), what: "governance.live_promotion")
        else { return }
        if let m = p["mode"], let mode = r.choice(m.value, "governance.live_promotion.mode", as: Policy.PromotionMode.self) { g.mode = mode }
        if let m = p["cooldown"], let s = r.duration(m.value, "governance.live_promotion.cooldown") { g.cooldownSeconds = s }
        if let m = p["max_live_slots"] { g.maxLiveSlots = r.integer(m.value, "governance.live_promotion.max_live_slots", in: 0...100_000) }
        if let m = p["canary_fraction"], let f = r.number(m.value, "governance.live_promotion.canary_fraction", in: 0...1) {
            if f == 0 {
                r.fail(
                    "governance.live_promotion.canary_fraction 0 would never promote anything; use mode: disabled", at: m.value.position,
                    code: .policyImpossible)
            }
            g.canaryFraction = f
        }
        if let m = p["approvers"] {
            guard case .array(let items) = m.value.value else {
                r.fail(
                    "governance.live_promotion.approvers must be a list of role:<role> or user:<name>", at: m.value.position, code: .policyType)
                return
            }
            g.approvers = items.compactMap { item in
                guard let s = r.string(item, "an approver") else { return nil }
                let roles = ["viewer", "submitter", "operator", "admin"]
                if s.hasPrefix("role:"), roles.contains(String(s.dropFirst(5))) { return .role(String(s.dropFirst(5))) }
                if s.hasPrefix("user:"), s.count > 5 { return .user(String(s.dropFirst(5))) }
                r.fail("approver \(s) must be role:<\(roles.joined(separator: "|"))> or user:<name>", at: item.position, code: .policyApprover)
                return nil
            }
        }
    }
}
