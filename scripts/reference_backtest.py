#!/usr/bin/env python3
"""Independent reference for the backtest engine: SMA 10/30 crossover on a bar CSV under
../shared/data/bars/CONVENTIONS.md and docs/metrics.md, computed with numpy only.

  reference_backtest.py BARS.csv > reference.json
      daily bars: commission 0 and 0.001 per side
  reference_backtest.py --minute BARS.csv > reference.json
      minute bars (annualised with 365.25 x 86400 / 60 periods a year): plain, commission with
      slippage on both sides, and commission with slippage and lots of 7 shares
  reference_backtest.py minute-bars N OUT.csv
      writes N minute bars generated as ../shared/data/bars/synthetic_1m_params.json describes
      (numpy PCG64, seed 42), prices at 4 decimals, with every 97th bar (from the 14th) left out
      so that coverage is below 1

Prints, per case: the closed trades, the open trade and the metrics. The Swift tests compare
trades exactly and metrics within 1e-9 relative.
"""
import datetime
import json
import os
import sys

import numpy as np

HEADER = "ts,open,high,low,close,volume"


def load(path):
    ts, o, c = [], [], []
    with open(path) as f:
        assert f.readline().strip() == HEADER
        for line in f:
            t, a, _, _, e, _ = line.strip().split(",")
            when = datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
            ts.append(int(when.timestamp()))
            o.append(float(a)); c.append(float(e))
    return np.array(ts, dtype=np.int64), np.array(o), np.array(c)


def sma(x, n):
    out = np.full(len(x), np.nan)
    cs = np.cumsum(x)
    out[n - 1:] = (cs[n - 1:] - np.concatenate(([0.0], cs[:-n]))) / n
    return out


def periods_per_year(interval):
    return 252 * 86400 / interval if interval >= 86400 else 365.25 * 86400 / interval


def expected_bars(t0, t1, interval):
    if interval < 86400:
        return (t1 - t0) // interval + 1
    days = np.arange(t0 // 86400, t1 // 86400 + 1, interval // 86400)
    weekday = (days + 4) % 7  # 1970-01-01 was a Thursday; 0 = Sunday
    return max(int(np.count_nonzero((weekday != 0) & (weekday != 6))), 1)


def backtest(ts, o, c, interval, comm, slip=0.0, lot=0.0, fast=10, slow=30, start=10_000.0):
    f, s = sma(c, fast), sma(c, slow)
    n = len(c)
    signal = np.zeros(n)
    for t in range(1, n):
        if np.isnan(s[t - 1]):
            continue
        if f[t] > s[t] and f[t - 1] <= s[t - 1]:
            signal[t] = 1
        elif f[t] < s[t] and f[t - 1] >= s[t - 1]:
            signal[t] = -1
    cash, shares = start, 0.0
    equity = np.zeros(n)
    trades, entry = [], None
    in_market, notional = 0, 0.0
    for t in range(n):
        if t > 0 and signal[t - 1] != 0:
            if signal[t - 1] > 0 and shares == 0:
                price = o[t] * (1 + slip)
                qty = cash / (price * (1 + comm))
                if lot > 0:
                    qty = np.floor(qty / lot) * lot
                if qty > 0:
                    spent = qty * price * (1 + comm) if lot > 0 else cash  # all-in spends all cash
                    cash -= spent
                    shares = qty
                    notional += qty * price
                    entry = (int(ts[t]), price, spent)
            elif signal[t - 1] < 0 and shares > 0:
                price = o[t] * (1 - slip)
                proceeds = shares * price * (1 - comm)
                cash += proceeds
                notional += shares * price
                shares = 0.0
                pnl = proceeds - entry[2]
                trades.append({"entry_ts": entry[0], "entry_price": entry[1], "exit_ts": int(ts[t]), "exit_price": price,
                               "pnl": pnl, "return": pnl / entry[2]})
                entry = None
        equity[t] = cash + shares * c[t]
        in_market += shares != 0
    p = periods_per_year(interval)
    r = equity[1:] / equity[:-1] - 1
    peak = np.maximum.accumulate(equity)
    dd = 1 - equity / peak
    down = np.minimum(r, 0)
    wins = [t["pnl"] for t in trades if t["pnl"] > 0]
    losses = [t["pnl"] for t in trades if t["pnl"] < 0]
    under = dd > 0
    metrics = {
        "sharpe": float(r.mean() / r.std(ddof=1) * np.sqrt(p)),
        "sortino": float(r.mean() / np.sqrt((down ** 2).mean()) * np.sqrt(p)),
        "cagr": float((equity[-1] / equity[0]) ** (p / (n - 1)) - 1),
        "max_drawdown": float(dd.max()),
        "ulcer_index": float(np.sqrt(((100 * dd) ** 2).mean())),
        "drawdown_episodes": int(np.count_nonzero(under[1:] & ~under[:-1]) + int(under[0])),
        "time_under_water": float(under.mean()),
        "win_rate": len(wins) / len(trades) if trades else 0.0,
        "total_return": float(equity[-1] / start - 1),
        "final_equity": float(equity[-1]),
        "num_trades": len(trades),
        "gain_to_pain": float(r.sum() / abs(down.sum())),
        "exposure": in_market / n,
        "turnover": notional / float(equity.mean()),
        "effective_history_years": (n - 1) / p,
        "sample_days": len(set((ts // 86400).tolist())),
        "coverage": n / expected_bars(int(ts[0]), int(ts[-1]), interval),
    }
    for name, level in (("95", 0.05), ("99", 0.01)):
        q = np.quantile(r, level)  # linear interpolation, numpy's default
        metrics["var_" + name] = float(-q)
        metrics["es_" + name] = float(-r[r <= q].mean())
    if losses:
        metrics["profit_factor"] = float(sum(wins) / abs(sum(losses)))
    open_trade = None if entry is None else {"entry_ts": entry[0], "entry_price": entry[1], "shares": shares}
    return {"commission": comm, "slippage": slip, "lot": lot, "trades": trades, "open_trade": open_trade, "metrics": metrics}


def minute_bars(n, out):
    params_path = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "bars", "synthetic_1m_params.json")
    P = json.load(open(params_path))
    rng = np.random.default_rng(P["seed"])
    z = rng.standard_normal((4, n))
    volume = rng.integers(100, 10000, n)
    close = P["start"] * np.exp(np.cumsum(P["drift"] + P["vol"] * z[0]))
    prev = np.concatenate(([P["start"]], close[:-1]))
    open_ = prev * (1 + P["open_noise"] * z[1])
    high = np.maximum(open_, close) * (1 + P["wick"] * np.abs(z[2]))
    low = np.minimum(open_, close) * (1 - P["wick"] * np.abs(z[3]))
    open_, close, high, low = (np.round(x, 4) for x in (open_, close, high, low))
    high = np.maximum(high, np.maximum(open_, close))
    low = np.minimum(low, np.minimum(open_, close))
    t0 = int(datetime.datetime(2015, 1, 2, tzinfo=datetime.timezone.utc).timestamp())
    with open(out, "w") as f:
        f.write(HEADER + "\n")
        for i in range(n):
            if i % 97 == 13:
                continue
            when = datetime.datetime.fromtimestamp(t0 + 60 * i, tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            f.write(f"{when},{open_[i]:.4f},{high[i]:.4f},{low[i]:.4f},{close[i]:.4f},{volume[i]}\n")


def main(argv):
    if len(argv) == 3 and argv[0] == "minute-bars":
        minute_bars(int(argv[1]), argv[2])
        return 0
    minute = argv[:1] == ["--minute"]
    if minute:
        argv = argv[1:]
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    ts, o, c = load(argv[0])
    source = "scripts/reference_backtest.py (numpy " + np.__version__.split(".")[0] + ".x)"
    if minute:
        runs = [backtest(ts, o, c, 60, 0.0), backtest(ts, o, c, 60, 0.001, 0.0005), backtest(ts, o, c, 60, 0.0005, 0.0002, 7.0)]
    else:
        runs = [backtest(ts, o, c, 86400, 0.0), backtest(ts, o, c, 86400, 0.001)]
    print(json.dumps({"source": source, "bars": len(c), "runs": runs}, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
