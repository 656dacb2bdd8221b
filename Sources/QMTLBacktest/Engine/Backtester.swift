import QMTLCore

/// Costs and sizing of a backtest (from the world's `market_config`).
public struct ExecutionConfig: Sendable, Hashable, Codable {
    /// Commission per side, in basis points of notional.
    public var commissionBps: Double
    /// Slippage per side, in basis points of the fill price.
    public var slippageBps: Double
    /// Shares are rounded down to multiples of `lot`; 0 means fractional.
    public var lot: Double
    /// Cash at the start (the equity curve's first value).
    public var startingCash: Double

    /// Execution settings; the defaults trade without costs, fractionally, from 10,000.
    public init(commissionBps: Double = 0, slippageBps: Double = 0, lot: Double = 0, startingCash: Double = 10_000) {
        self.commissionBps = commissionBps
        self.slippageBps = slippageBps
        self.lot = lot
        self.startingCash = startingCash
    }
}

/// A closed (or still open) round trip from flat to flat, in one symbol.
public struct Trade: Sendable, Hashable, Codable {
    /// The instrument traded.
    public var symbol: String
    /// Time of the entry fill, epoch seconds.
    public var entryTs: Int64
    /// The entry price, slippage included.
    public var entryPrice: Double
    /// Time of the exit fill; nil while open.
    public var exitTs: Int64?
    /// The exit price, slippage included; nil while open.
    public var exitPrice: Double?
    /// Cash paid to open (long) or received (short), costs included.
    public var invested: Double
    /// Sum of the trade's cash flows; the profit once closed.
    public var pnl: Double
    /// Shares held now (the open trade) or at the last change.
    public var shares: Double

    /// `pnl / invested`.
    public var returnFraction: Double { pnl / invested }
}

/// The streaming backtest engine (R-SDK-2): one pass, O(1) state per kernel, a target computed
/// on bar t's close fills at bar t+1's open. Several symbols run on one shared clock: a tick
/// carries one bar per symbol. `step` takes one tick; a batch run is the same steps, so batch
/// and incremental runs are bit-identical. The whole state is a value: a copy is a checkpoint.
public struct Backtester: Sendable, Codable {
    /// The compiled strategy.
    public let plan: BacktestPlan
    /// Costs, lots and starting cash.
    public let config: ExecutionConfig
    var kernels: [Kernel]
    var ring: [Double]
    var values: [Double]
    // Portfolio: one cash account, a position per symbol.
    /// Cash now.
    public private(set) var cash: Double
    /// Shares held, by symbol index.
    public private(set) var holdings: [Double]
    var heldTargets: [Double]
    var pendingTargets: [Double?]
    /// Symbols with a pending target (so most ticks skip the scan).
    var pendingCount = 0
    /// Closed round trips, in order.
    public private(set) var trades: [Trade] = []
    /// The open trade of each symbol.
    public private(set) var openTrades: [Trade?]
    /// Equity marked at every bar's close.
    public private(set) var equity: [Double] = []
    /// The time of every bar run, beside `equity`.
    public private(set) var timestamps: [Int64] = []
    /// Every order the engine executed in its own simulation, for an ``OrderGate`` to route in
    /// paper and live runs.
    public private(set) var orders: [Order] = []
    /// Notional traded, for turnover.
    public private(set) var tradedNotional = 0.0
    /// Ticks that closed with a position.
    public private(set) var barsInMarket = 0
    /// Time of the last tick processed.
    public private(set) var lastTs: Int64?

    /// A fresh engine for `plan`: flat, with `config.startingCash`.
    public init(plan: BacktestPlan, config: ExecutionConfig = ExecutionConfig()) {
        self.plan = plan
        self.config = config
        kernels = plan.kernels
        ring = [Double](repeating: 0, count: plan.ringSize)
        values = [Double](repeating: .nan, count: plan.kernels.count)
        cash = config.startingCash
        holdings = [Double](repeating: 0, count: plan.symbols.count)
        heldTargets = [Double](repeating: 0, count: plan.symbols.count)
        pendingTargets = [Double?](repeating: nil, count: plan.symbols.count)
        openTrades = [Trade?](repeating: nil, count: plan.symbols.count)
    }

    /// Shares of the first symbol (single-symbol strategies).
    public var shares: Double { holdings[0] }
    /// The open trade of the first symbol (single-symbol strategies).
    public var openTrade: Trade? { openTrades[0] }

    /// The latest output of a node (NaN while it warms up); nil for a node not in the plan.
    public func output(of node: NodeID) -> Double? {
        plan.slots[node].map { values[$0] }
    }

    /// Runs every bar of a single-symbol strategy.
    public mutating func run(_ bars: [Bar]) {
        run(bars[...])
    }

    /// Runs every bar of a single-symbol strategy (a concrete type: a generic public function
    /// called from another module would run unspecialised, through witness tables, per bar).
    public mutating func run(_ bars: ArraySlice<Bar>) {
        precondition(plan.symbols.count == 1, "a strategy of several symbols runs on ticks: use run(ticks:)")
        withPlanBuffers(bars.count) { engine, buffers in
            bars.withUnsafeBufferPointer { all in
                for i in all.indices { engine.advance(UnsafeBufferPointer(rebasing: all[i..<(i + 1)]), buffers) }
            }
        }
    }

    /// Runs every bar of a single-symbol strategy.
    public mutating func run(_ bars: some Collection<Bar>) {
        run(ArraySlice(bars))
    }

    /// Runs ticks of a strategy on several symbols: each tick has one bar per symbol, in the
    /// order of `plan.symbols`, all with the same time (see ``BarAlignment``).
    public mutating func run(ticks: [[Bar]]) {
        withPlanBuffers(ticks.count) { engine, buffers in
            for tick in ticks { tick.withUnsafeBufferPointer { engine.advance($0, buffers) } }
        }
    }

    /// Processes one bar (single-symbol strategies).
    public mutating func step(_ bar: Bar) {
        precondition(plan.symbols.count == 1, "a strategy of several symbols steps on ticks: use step(tick:)")
        withPlanBuffers(1) { engine, buffers in
            var tick = bar
            withUnsafeMutablePointer(to: &tick) { engine.advance(UnsafeBufferPointer(start: $0, count: 1), buffers) }
        }
    }

    /// Processes one tick.
    public mutating func step(tick: [Bar]) {
        run(ticks: [tick])
    }

    /// Opens a fresh account on an engine whose indicators are warm (R-CAMP-5): the paper stage
    /// runs the bars before its start to warm every kernel, then trades from its first bar with
    /// the starting cash, as if it had just been switched on.
    ///
    /// Kernel state is kept; cash, holdings, trades, orders and the equity series start over. A
    /// target the strategy holds at this point is placed again, to fill at the next bar's open —
    /// the first bar of the paper stage.
    public mutating func openAccount() {
        cash = config.startingCash
        holdings = [Double](repeating: 0, count: plan.symbols.count)
        heldTargets = [Double](repeating: 0, count: plan.symbols.count)
        pendingTargets = [Double?](repeating: nil, count: plan.symbols.count)
        pendingCount = 0
        for (slot, symbol) in plan.positions {
            let target = values[slot]
            if target.isFinite && target != 0 {
                pendingTargets[symbol] = target
                pendingCount += 1
            }
        }
        trades = []
        openTrades = [Trade?](repeating: nil, count: plan.symbols.count)
        equity = []
        timestamps = []
        orders = []
        tradedNotional = 0
        barsInMarket = 0
    }

    /// The plan's buffers, lent to the hot loop for a whole run.
    struct PlanBuffers {
        var kernels: UnsafeMutableBufferPointer<Kernel>
        var ring: UnsafeMutableBufferPointer<Double>
        var values: UnsafeMutableBufferPointer<Double>
        var positions: UnsafeBufferPointer<(slot: Int, symbol: Int)>
    }

    /// Lends the plan's buffers for a whole run (every entry point does the same per-tick work,
    /// so results are bit-identical). The buffers are moved out of `self` so the loop can hold
    /// them while it updates the portfolio.
    @inline(__always)
    mutating func withPlanBuffers(_ count: Int, _ body: (inout Backtester, PlanBuffers) -> Void) {
        equity.reserveCapacity(equity.count + count)
        timestamps.reserveCapacity(timestamps.count + count)
        var planKernels = kernels, planRing = ring, planValues = values
        (kernels, ring, values) = ([], [], [])
        let positions = plan.positions
        planKernels.withUnsafeMutableBufferPointer { kernelBuffer in
            planRing.withUnsafeMutableBufferPointer { ringBuffer in
                planValues.withUnsafeMutableBufferPointer { valueBuffer in
                    positions.withUnsafeBufferPointer { positionBuffer in
                        body(&self, PlanBuffers(kernels: kernelBuffer, ring: ringBuffer, values: valueBuffer, positions: positionBuffer))
                    }
                }
            }
        }
        (kernels, ring, values) = (planKernels, planRing, planValues)
    }

    /// One tick: fills pending targets at this tick's open, evaluates every kernel, marks equity
    /// at the close and queues changed targets for the next tick.
    @inline(__always)
    mutating func advance(_ tick: UnsafeBufferPointer<Bar>, _ buffers: PlanBuffers) {
        let (kernels, ring, values, positions) = (buffers.kernels, buffers.ring, buffers.values, buffers.positions)
        let ts = tick[0].ts
        if pendingCount > 0 {
            for s in 0..<pendingTargets.count {
                if let target = pendingTargets[s] {
                    rebalance(s, to: target, tick: tick)
                    pendingTargets[s] = nil
                }
            }
            pendingCount = 0
        }
        for slot in 0..<kernels.count { Self.evaluate(&kernels[slot], slot: slot, tick: tick, ring: ring, values: values) }
        var marked = cash
        var inMarket = false
        for symbol in 0..<holdings.count where holdings[symbol] != 0 {
            marked += holdings[symbol] * tick[symbol].close
            inMarket = true
        }
        equity.append(marked)
        timestamps.append(ts)
        if inMarket { barsInMarket += 1 }
        for (slot, symbol) in positions {
            let target = values[slot]
            if target.isFinite && target != heldTargets[symbol] {
                pendingTargets[symbol] = target
                pendingCount += 1
            }
        }
        lastTs = ts
    }

    // MARK: Execution

    mutating func rebalance(_ s: Int, to target: Double, tick: UnsafeBufferPointer<Bar>) {
        heldTargets[s] = target
        let open = tick[s].open
        let ts = tick[s].ts
        let commission = config.commissionBps / 10_000
        let slip = config.slippageBps / 10_000
        var equityAtOpen = cash
        for j in 0..<holdings.count where holdings[j] != 0 { equityAtOpen += holdings[j] * tick[j].open }
        let shares = holdings[s]
        let wanted = target * equityAtOpen  // signed notional at the open price
        let current = shares * open
        guard abs(wanted - current) > 1e-12 * max(1, abs(equityAtOpen)) else { return }
        var delta: Double
        let price: Double
        if wanted > current {
            price = open * (1 + slip)
            // Spend so that notional plus commission equals the value to add.
            delta = (wanted - current) / (price * (1 + commission))
        } else {
            price = open * (1 - slip)
            delta = (wanted - current) / price
        }
        // Closing, long or short: exactly the shares held (a short bought back with the
        // commission taken out of the shares would stay open by a sliver forever).
        if target == 0 { delta = -shares }
        if config.lot > 0 { delta = (delta / config.lot).rounded(.towardZero) * config.lot }
        guard delta != 0 else { return }
        let flow = delta > 0 ? -delta * price * (1 + commission) : -delta * price * (1 - commission)
        cash += flow
        var after = shares + delta
        if abs(after) < 1e-12 * max(1, abs(shares)) { after = 0 }
        holdings[s] = after
        tradedNotional += abs(delta) * price
        orders.append(Order(ts: ts, symbol: plan.symbols[s], quantity: delta, price: price))
        record(s, flow: flow, before: shares, price: price, at: ts)
    }

    mutating func record(_ s: Int, flow: Double, before: Double, price: Double, at ts: Int64) {
        let shares = holdings[s]
        let symbol = plan.symbols[s]
        if before == 0 {
            openTrades[s] = Trade(
                symbol: symbol, entryTs: ts, entryPrice: price, exitTs: nil, exitPrice: nil, invested: abs(flow), pnl: flow, shares: shares)
            return
        }
        openTrades[s]?.pnl += flow
        openTrades[s]?.shares = shares
        if shares == 0 || (before > 0) != (shares > 0), var t = openTrades[s] {
            t.exitTs = ts
            t.exitPrice = price
            trades.append(t)
            openTrades[s] = nil
            if shares != 0 {  // flipped: the rest opens a new trade
                let carried = shares * price
                openTrades[s] = Trade(
                    symbol: symbol, entryTs: ts, entryPrice: price, exitTs: nil, exitPrice: nil, invested: abs(carried), pnl: 0, shares: shares)
            }
        }
    }
}
