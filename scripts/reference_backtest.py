#!/usr/bin/env python3
"""Independent reference for the backtest engine (issue 6): SMA 10/30 crossover on a bar CSV
under ../shared/data/bars/CONVENTIONS.md, computed with numpy only.

  reference_backtest.py BARS.csv > reference.json

Prints, for commission 0 and 0.001 per side: the closed trades, the open trade and the metrics
(sharpe, sortino, cagr, max_drawdown, ulcer_index, win_rate, total_return, final_equity,
num_trades). The Swift tests compare trades exactly and metrics within 1e-9 relative.
"""
import datetime
import json
import sys

import numpy as np


def load(path):
    ts, o, h, l, c = [], [], [], [], []
    with open(path) as f:
        assert f.readline().strip() == "ts,open,high,low,close,volume"
        for line in f:
            t, a, b, d, e, _ = line.strip().split(",")
            when = datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
            ts.append(int(when.timestamp()))
            o.append(float(a)); h.append(float(b)); l.append(float(d)); c.append(float(e))
    return np.array(ts), np.array(o), np.array(c)


def sma(x, n):
    out = np.full(len(x), np.nan)
    cs = np.cumsum(x)
    out[n - 1:] = (cs[n - 1:] - np.concatenate(([0.0], cs[:-n]))) / n
    return out


def backtest(ts, o, c, comm, fast=10, slow=30, start=10_000.0):
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
    for t in range(n):
        if t > 0 and signal[t - 1] != 0:
            price = o[t]
            if signal[t - 1] > 0 and shares == 0:
                spent = cash
                shares = cash / (price * (1 + comm))
                cash = 0.0
                entry = (int(ts[t]), price, spent)
            elif signal[t - 1] < 0 and shares > 0:
                proceeds = shares * price * (1 - comm)
                cash += proceeds
                shares = 0.0
                pnl = proceeds - entry[2]
                trades.append({"entry_ts": entry[0], "entry_price": entry[1], "exit_ts": int(ts[t]), "exit_price": price,
                               "pnl": pnl, "return": pnl / entry[2]})
                entry = None
        equity[t] = cash + shares * c[t]
    r = equity[1:] / equity[:-1] - 1
    peak = np.maximum.accumulate(equity)
    dd = 1 - equity / peak
    down = np.minimum(r, 0)
    wins = [t for t in trades if t["pnl"] > 0]
    metrics = {
        "sharpe": float(r.mean() / r.std(ddof=1) * np.sqrt(252)),
        "sortino": float(r.mean() / np.sqrt((down ** 2).mean()) * np.sqrt(252)),
        "cagr": float((equity[-1] / equity[0]) ** (252 / (n - 1)) - 1),
        "max_drawdown": float(dd.max()),
        "ulcer_index": float(np.sqrt(((100 * dd) ** 2).mean())),
        "win_rate": len(wins) / len(trades) if trades else 0.0,
        "total_return": float(equity[-1] / equity[0] - 1),
        "final_equity": float(equity[-1]),
        "num_trades": len(trades),
    }
    open_trade = None if entry is None else {"entry_ts": entry[0], "entry_price": entry[1], "shares": shares}
    return {"commission": comm, "trades": trades, "open_trade": open_trade, "metrics": metrics}


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    ts, o, c = load(argv[0])
    out = {"source": "scripts/reference_backtest.py (numpy " + np.__version__.split(".")[0] + ".x)", "bars": len(c),
           "runs": [backtest(ts, o, c, 0.0), backtest(ts, o, c, 0.001)]}
    print(json.dumps(out, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
