extension NodeRegistry {
    /// The built-in node types of R-SDK-1, all at version 1.
    public static let builtins = NodeRegistry(types: BuiltinNodes.all)
}

/// Specs of the built-in node types. Periods (R-ID-3): `SMA`/`EMA`/`ZScore`/`Bollinger` → window,
/// `RSI`/`ATR` → window + 1, `Returns` → lag + 1, `Crossover` → 2, `BarSource` → 0, rules → 1.
enum BuiltinNodes {
    static let fields = ["open", "high", "low", "close", "volume"]
    static let barOrSeries: [SchemaID] = [.bar, .series]
    static let maxWindow = 100_000

    static func window(default d: Int? = nil) -> ParamSpec {
        ParamSpec("window", .integer(1...maxWindow), default: d.map { .number(Double($0)) }, summary: "bars in the window")
    }

    static let field = ParamSpec("field", .enumeration(fields), default: "close", summary: "bar column (bar inputs only)")

    static let all: [NodeTypeSpec] = [
        NodeTypeSpec(
            name: "BarSource", kind: .source, output: .bar, inputs: .none,
            params: [
                ParamSpec("symbol", .string, summary: "instrument symbol"),
                ParamSpec("interval", .interval, summary: "bar interval: seconds or 1d, 4h, 15m"),
            ],
            intervalParam: "interval", period: .constant(0), summary: "OHLCV bars of one symbol"),
        NodeTypeSpec(
            name: "SMA", kind: .operator, output: .series, inputs: .single(accepts: barOrSeries),
            params: [window(), field], hasFieldParam: true, period: .param("window"),
            summary: "simple moving average"),
        NodeTypeSpec(
            name: "EMA", kind: .operator, output: .series, inputs: .single(accepts: barOrSeries),
            params: [window(), field], hasFieldParam: true, period: .param("window"),
            summary: "exponential moving average, alpha = 2 / (window + 1)"),
        NodeTypeSpec(
            name: "RSI", kind: .operator, output: .series, inputs: .single(accepts: barOrSeries),
            params: [window(default: 14), field], hasFieldParam: true, period: .param("window", plus: 1),
            summary: "Wilder's relative strength index, 0…100"),
        NodeTypeSpec(
            name: "ATR", kind: .operator, output: .series, inputs: .single(accepts: [.bar]),
            params: [window(default: 14)], period: .param("window", plus: 1),
            summary: "Wilder's average true range"),
        NodeTypeSpec(
            name: "Bollinger", kind: .operator, output: .series, inputs: .single(accepts: barOrSeries),
            params: [
                window(default: 20), field,
                ParamSpec("k", .number(0...100), default: 2, summary: "band width in standard deviations"),
                ParamSpec("band", .enumeration(["upper", "middle", "lower", "percent_b"]), default: "middle", summary: "which output"),
            ],
            hasFieldParam: true, period: .param("window"), summary: "Bollinger band (population std)"),
        NodeTypeSpec(
            name: "Returns", kind: .operator, output: .series, inputs: .single(accepts: barOrSeries),
            params: [
                ParamSpec("lag", .integer(1...maxWindow), default: 1, summary: "bars between the two prices"),
                ParamSpec("method", .enumeration(["simple", "log"]), default: "simple", summary: "simple or log return"),
                field,
            ],
            hasFieldParam: true, period: .param("lag", plus: 1), summary: "price change over lag bars"),
        NodeTypeSpec(
            name: "ZScore", kind: .operator, output: .series, inputs: .single(accepts: barOrSeries),
            params: [window(), field], hasFieldParam: true, period: .param("window"),
            summary: "(x − mean) / sample std over the window"),
        NodeTypeSpec(
            name: "Crossover", kind: .rule, output: .signal,
            inputs: .roles([.init("fast", accepts: [.series]), .init("slow", accepts: [.series])]),
            params: [], period: .constant(2), summary: "+1 when fast crosses above slow, −1 below, else 0"),
        NodeTypeSpec(
            name: "Threshold", kind: .rule, output: .signal, inputs: .single(accepts: [.series]),
            params: [
                ParamSpec("upper", .number(-1e15...1e15), default: .null, nullable: true, summary: "+1 while above"),
                ParamSpec("lower", .number(-1e15...1e15), default: .null, nullable: true, summary: "−1 while below"),
            ],
            period: .constant(1),
            validate: { p in
                let upper = p["upper"]?.numberValue
                let lower = p["lower"]?.numberValue
                if upper == nil && lower == nil {
                    throw QMTLError(.paramMissing, "Threshold needs upper, lower or both")
                }
                if let u = upper, let l = lower, l > u {
                    throw QMTLError(.paramRange, "Threshold lower (\(l)) must not exceed upper (\(u))")
                }
            },
            summary: "+1 above upper, −1 below lower, else 0"),
        NodeTypeSpec(
            name: "PositionTarget", kind: .rule, output: .position, inputs: .single(accepts: [.signal]),
            params: [
                ParamSpec("long", .number(0...10), default: 1, summary: "fraction of equity held long on +1"),
                ParamSpec("short", .number(0...10), default: 0, summary: "fraction of equity held short on −1 (0 = flat)"),
            ],
            period: .constant(1), summary: "target position from a signal; holds it on 0"),
        NodeTypeSpec(
            name: "StrategyRoot", kind: .root, output: .strategy, inputs: .list(accepts: nil, min: 1),
            params: [], period: .constant(0), summary: "the strategy: depends on its outputs"),
    ]
}
