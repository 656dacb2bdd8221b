#!/usr/bin/env bash
# The core loop on an embedded SQLite store in a temporary directory: a world with a campaign
# policy, a strategy submitted (backtested on the bars before the paper start), the campaign
# carried out (the paper run replayed on the later bars, which writes the world's risk
# snapshot), the live candidate waiting for an operator, approved, applied (two phases), and
# the world's status with the strategy live. `qmtl demo` will replace it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product qmtl >/dev/null 2>&1 || swift build --product qmtl
QMTL="$PWD/.build/debug/qmtl"
BARS="$PWD/../shared/data/bars/synthetic_daily_2000.csv"
STRATEGY="$PWD/examples/strategies/sma_cross.yaml"
WORK=$(mktemp -d -t qmtl-loop.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export QMTL_STORE="$WORK/qmtl.sqlite"
cat > "$WORK/policy.yaml" <<'POLICY'
campaign:
  backtest: {window: 365d}
  paper: {window: 60d}
  common: {min_trades_per_window: 1}
validation:
  risk: {max_drawdown: {max: 0.5}}
POLICY

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "a world on daily bars, with a campaign policy"
"$QMTL" world create eq --data "$BARS" --symbol SYN --allow-live | head -3
"$QMTL" world policy set eq "$WORK/policy.yaml"
step "submit: backtested here on the bars before the paper start"
"$QMTL" submit "$STRATEGY" --world eq
step "the campaign's next action (changes nothing)"
"$QMTL" world campaign-tick eq
step "carry it out: the paper run replays the later bars on warm indicators"
"$QMTL" world campaign-execute eq --execute
step "the world now: the paper campaign is done"
"$QMTL" world status eq
ID=$("$QMTL" graph ids "$STRATEGY" --json | sed -n 's/.*"strategy_id" *: *"\([^"]*\)".*/\1/p' | head -1)
step "live promotion waits for an operator (manual approval is the default)"
"$QMTL" world live-candidates eq
step "an operator approves, and the two-phase apply makes it live"
"$QMTL" world live-approve eq --strategy "$ID" --comment "paper run checked"
"$QMTL" world live-apply eq --strategy "$ID"
step "the world now: live"
"$QMTL" world status eq
