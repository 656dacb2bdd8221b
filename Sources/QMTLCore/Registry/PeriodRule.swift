/// How a node type's `period` (history bars it needs, R-ID-3) follows from its parameters.
///
/// Built-in types use the declarative cases, so `qmtl graph types --json` can publish the rule
/// and anyone can re-derive NodeIDs; user types may compute it in code.
public enum PeriodRule: Sendable {
    /// Always `n` bars.
    case constant(Int)
    /// The integer parameter `name` plus `plus` bars (e.g. RSI: `window + 1`).
    case param(String, plus: Int = 0)
    /// Computed by the type's code (user types).
    case custom(@Sendable (JSONObject) -> Int)

    /// The period for normalised parameters.
    public func callAsFunction(_ params: JSONObject) -> Int {
        switch self {
        case .constant(let n): n
        case .param(let name, let plus): Int(params[name]?.numberValue ?? 0) + plus
        case .custom(let rule): rule(params)
        }
    }

    /// The rule as JSON: `{"constant": n}`, `{"param": name, "plus": k}` or `"custom"`.
    public var json: JSONValue {
        switch self {
        case .constant(let n): ["constant": .number(Double(n))]
        case .param(let name, let plus): ["param": .string(name), "plus": .number(Double(plus))]
        case .custom: "custom"
        }
    }
}
