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

extension DemoFiles {
    /// The policy `qmtl init` starts a project with: the demo's manual-approval world, explained.
    static let starterPolicy = """
        # Your world's policy. Every field is in docs/policy.md; try a change first with
        # `qmtl world policy what-if mine policy.yaml`.
        selection:
          thresholds:
            sharpe: {metric: sharpe, min: 1.0}        # annualised Sharpe of daily returns
          top_k: {metric: sharpe, k: 3}               # at most three, best Sharpe first
          correlation: {max: 0.8, min_overlap: 60}    # skip one too close to a strategy already selected
        campaign:
          backtest: {window: 365d}                    # a year of backtest before paper
          paper: {window: 120d}                       # then 120 days of paper (dry-run) on bars the backtest never saw
          common: {min_trades_per_window: 2}
        validation:
          risk: {max_drawdown: {max: 0.25}}           # checked in paper and, once live, on every new bar
        governance:
          live_promotion:
            mode: manual_approval                     # an operator approves every live promotion
            max_live_slots: 2
            approvers: [role:operator]

        """

    /// The steps `NEXT.md` and the README's tutorial walk through, one command a line.
    static let tutorial = """
        qmtl world create mine --data data/bars.csv --symbol DEMO --commission-bps 10 --allow-live
        qmtl world policy set mine policy.yaml
        qmtl submit strategy.yaml --world mine
        qmtl world campaign-execute mine --execute
        qmtl world status mine --strategy strategy.yaml
        qmtl world live-candidates mine
        qmtl world live-approve mine --strategy strategy.yaml --comment "paper run checked"
        qmtl world live-apply mine --strategy strategy.yaml
        qmtl world status mine
        qmtl world report mine --format html --output report.html
        """

    /// `NEXT.md` of a new project.
    static func next(dir: String) -> String {
        """
        # Next steps

        This project has a strategy (`strategy.yaml`), a world policy (`policy.yaml`) and two and a
        half years of daily sample bars (`data/bars.csv`). Run these here, in `\(dir)`; the store is
        `./.qmtl/qmtl.sqlite`, created by the first command.

        ```bash
        \(tutorial)
        ```

        1. `world create` makes a world on the sample bars: 10 bps commission, live allowed.
        2. `world policy set` publishes `policy.yaml` as the world's contract.
        3. `submit` gives the strategy its id, backtests it on the bars before the paper start and
           lets the policy decide (`evaluated`, or `rejected` with the rule and the numbers).
        4. `campaign-execute` carries out the campaign's next action: the paper run, replaying the
           later bars on warm indicators, by a worker in this process.
        5. `status` shows the campaign; `live-candidates` shows the run waiting for an approver.
        6. `live-approve` and `live-apply` make it live with a two-phase apply.
        7. `report` writes the verdict, the numbers and the equity chart to `report.html`.

        Then edit `strategy.yaml` (`qmtl graph types` lists the nodes) and submit again: a changed
        strategy is a new id and a new campaign. `qmtl --help` lists every command.

        """
    }
}
