/// Typed reading of a positioned policy document that collects every error (the CLI prints
/// them all) as `file:line:column: message`.
final class PolicyReader {
    let fileName: String
    private(set) var errors: [QMTLError] = []

    init(fileName: String) {
        self.fileName = fileName
    }

    func fail(_ message: String, at position: SourcePosition, code: QMTLError.Code) {
        errors.append(SourceParser.error(code, message, fileName: fileName, at: position))
    }

    /// The members of a mapping; unknown keys are errors with a did-you-mean.
    func object(_ node: SourceNode, allowed: [String], what: String) -> [String: SourceNode.Member]? {
        guard let members = node.members else {
            fail("\(what) must be a mapping, got a \(node.typeName)", at: node.position, code: .policyType)
            return nil
        }
        var out: [String: SourceNode.Member] = [:]
        for m in members {
            if allowed.contains(m.key) {
                out[m.key] = m
            } else {
                fail(
                    "unknown key \(m.key) in \(what)\(DidYouMean.suffix(m.key, allowed)); allowed: \(allowed.joined(separator: ", "))",
                    at: m.keyPosition, code: .policyUnknownKey)
            }
        }
        return out
    }

    func number(_ node: SourceNode, _ what: String, in range: ClosedRange<Double>? = nil) -> Double? {
        guard case .number(let x) = node.value else {
            fail("\(what) must be a number, got a \(node.typeName)", at: node.position, code: .policyType)
            return nil
        }
        if let range, !range.contains(x) {
            fail(
                "\(what) must be in \(Self.show(range.lowerBound))…\(Self.show(range.upperBound)), got \(Self.show(x))", at: node.position,
                code: .policyRange)
            return nil
        }
        return x
    }

    func integer(_ node: SourceNode, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard case .number(let x) = node.value, x.rounded() == x, x.magnitude < 1e15 else {
            fail(
                "\(what) must be a whole number, got \(node.typeName == "number" ? "a fraction" : "a \(node.typeName)")", at: node.position,
                code: .policyType)
            return nil
        }
        guard range.contains(Int(x)) else {
            fail("\(what) must be in \(range.lowerBound)…\(range.upperBound), got \(Int(x))", at: node.position, code: .policyRange)
            return nil
        }
        return Int(x)
    }

    func string(_ node: SourceNode, _ what: String) -> String? {
        guard case .string(let s) = node.value else {
            fail("\(what) must be a string, got a \(node.typeName)", at: node.position, code: .policyType)
            return nil
        }
        return s
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: SourceNode, _ what: String, as: T.Type) -> T? where T.RawValue == String {
        guard let s = string(node, what) else { return nil }
        guard let v = T(rawValue: s) else {
            let all = T.allCases.map(\.rawValue)
            fail(
                "\(what) must be one of \(all.joined(separator: ", ")), got \(s)\(DidYouMean.suffix(s, all))", at: node.position,
                code: .policyEnum)
            return nil
        }
        return v
    }

    /// A duration `<n>[smhdw]` in seconds.
    func duration(_ node: SourceNode, _ what: String) -> Int? {
        guard let s = string(node, what) else { return nil }
        guard let seconds = DurationText.seconds(s) else {
            fail("\(what) must be a duration like 30s, 15m, 4h, 2d or 1w, got \(s)", at: node.position, code: .policyDuration)
            return nil
        }
        return seconds
    }

    func metric(_ node: SourceNode) -> MetricName? {
        guard let s = string(node, "metric") else { return nil }
        do {
            return try MetricName(parsing: s)
        } catch let e as QMTLError {
            fail(e.message, at: node.position, code: e.code)
            return nil
        } catch {
            return nil
        }
    }

    /// `{metric?, min?, max?}`; `metric` is required unless given (the key named the metric).
    func bound(_ node: SourceNode, metric given: MetricName?, what: String) -> Policy.Bound? {
        let allowed = given == nil ? ["metric", "min", "max"] : ["min", "max"]
        guard let o = object(node, allowed: allowed, what: what) else { return nil }
        var metric = given
        if given == nil {
            guard let m = o["metric"] else {
                fail("\(what) needs a metric", at: node.position, code: .policyMissing)
                return nil
            }
            metric = self.metric(m.value)
        }
        let min = o["min"].flatMap { number($0.value, "\(what).min") }
        let max = o["max"].flatMap { number($0.value, "\(what).max") }
        if o["min"] == nil && o["max"] == nil {
            fail("\(what) needs min, max or both", at: node.position, code: .policyMissing)
            return nil
        }
        if let lo = min, let hi = max, lo > hi, let at = o["min"] {
            fail(
                "\(what).min \(Self.show(lo)) is above its max \(Self.show(hi)): nothing can pass", at: at.value.position, code: .policyImpossible
            )
        }
        guard let metric else { return nil }
        return Policy.Bound(metric: metric, min: min, max: max)
    }

    static func show(_ x: Double) -> String { (try? ECMAScriptNumber.format(x)) ?? "\(x)" }
}
