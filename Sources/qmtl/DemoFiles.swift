/// The files `qmtl demo` writes and runs, and `qmtl init` starts a project from: three
/// strategies on the demo market and the two worlds' policies. Nothing in them names an
/// outcome: which strategy goes live is for the policies to decide on the numbers.
enum DemoFiles {
    /// A strategy file of the demo.
    struct Strategy {
        /// File name, also the short name the demo prints.
        var file: String
        /// What a person should know about it.
        var role: String
        /// The YAML text.
        var text: String
    }

    /// The symbol of the demo market's bars.
    static let symbol = "DEMO"

    /// A trend follower on the market's slow cycle: SMA 8/24, long or flat.
    static let trend = Strategy(
        file: "trend.yaml", role: "a trend follower (SMA 8/24, long or flat)",
        text: """
            # A trend follower on daily bars of DEMO: long when the 8-day average crosses above the
            # 24-day average, flat when it crosses below.
            name: trend
            description: SMA 8/24 crossover, long or flat
            nodes:
              price: {type: BarSource, params: {symbol: DEMO, interval: 1d}}
              fast: {type: SMA, params: {window: 8}, inputs: [price]}
              slow: {type: SMA, params: {window: 24}, inputs: [price]}
              cross: {type: Crossover, inputs: {fast: fast, slow: slow}}
              position: {type: PositionTarget, params: {long: 1.0, short: 0.0}, inputs: [cross]}
            outputs: [position]

            """)

    /// Nearly the same strategy, a little slower: SMA 10/26.
    static let trendCopy = Strategy(
        file: "trend_copy.yaml", role: "nearly a copy of trend (SMA 10/26)",
        text: """
            # The trend follower again with slightly slower averages (10/26): nearly the same trades.
            name: trend_copy
            description: SMA 10/26 crossover, long or flat
            nodes:
              price: {type: BarSource, params: {symbol: DEMO, interval: 1d}}
              fast: {type: SMA, params: {window: 10}, inputs: [price]}
              slow: {type: SMA, params: {window: 26}, inputs: [price]}
              cross: {type: Crossover, inputs: {fast: fast, slow: slow}}
              position: {type: PositionTarget, params: {long: 1.0, short: 0.0}, inputs: [cross]}
            outputs: [position]

            """)

    /// Fast momentum with a band tuned on the history: RSI(3) 52/48, long or short.
    static let fastMomentum = Strategy(
        file: "fast_momentum.yaml", role: "fast momentum tuned on the history (RSI(3) 52/48, long or short)",
        text: """
            # Fast momentum: long when RSI(3) is above 52, short below 48. The window and the band
            # were tuned until the backtest looked excellent.
            name: fast_momentum
            description: RSI(3) 52/48 momentum, long or short
            nodes:
              price: {type: BarSource, params: {symbol: DEMO, interval: 1d}}
              rsi: {type: RSI, params: {window: 3}, inputs: [price]}
              band: {type: Threshold, params: {upper: 52, lower: 48}, inputs: [rsi]}
              position: {type: PositionTarget, params: {long: 1.0, short: 1.0}, inputs: [band]}
            outputs: [position]

            """)

    /// The three, in the order the demo submits them.
    static let strategies = [trend, fastMomentum, trendCopy]

    /// Selection, campaign and validation rules both demo worlds share.
    static let rules = """
        selection:
          thresholds:
            sharpe: {metric: sharpe, min: 1.0}
          top_k: {metric: sharpe, k: 3}
          correlation: {max: 0.8, min_overlap: 60}   # Pearson of daily returns
        campaign:
          backtest: {window: 365d}
          paper: {window: 120d}
          common: {min_trades_per_window: 2}
        validation:
          risk: {max_drawdown: {max: 0.25}}

        """

    /// The policy of the world where an operator approves every live promotion.
    static let manualPolicy = """
        # An operator approves every live promotion.
        \(rules)\
        governance:
          live_promotion: {mode: manual_approval, max_live_slots: 2, approvers: [role:operator]}

        """

    /// The policy of the world that promotes inside its canary by itself.
    static let autoPolicy = """
        # Promotes by itself after the paper campaign and validation, for runs inside the canary.
        \(rules)\
        governance:
          live_promotion: {mode: auto_apply, canary_fraction: 0.5, max_live_slots: 2, approvers: [role:operator]}

        """
}
