import Foundation
import QMTLCore

extension Backtester {
    /// The hot loop's body: one kernel on one bar. Reads inputs from earlier slots, writes its
    /// own slot. NaN means "not ready"; a kernel skips NaN inputs so warm-ups chain.
    @inline(__always)
    static func evaluate(
        _ k: inout Kernel, slot: Int, tick: UnsafeBufferPointer<Bar>, ring: UnsafeMutableBufferPointer<Double>,
        values: UnsafeMutableBufferPointer<Double>
    ) {
        @inline(__always) func input() -> Double {
            guard k.readsBar else { return values[Int(k.input)] }
            // Bar is (ts, open, high, low, close, volume): the field is the 8-byte word after ts.
            return UnsafeRawPointer(tick.baseAddress! + Int(k.source)).load(fromByteOffset: 8 &+ 8 &* Int(k.field.rawValue), as: Double.self)
        }
        switch k.kind {
        case .source:
            return  // bars are read directly by their consumers; the slot stays NaN
        case .sma:
            // (cs_t − cs_{t−n}) / n over a cumulative sum, as numpy's cumsum-based SMA.
            let x = input()
            guard !x.isNaN else { values[slot] = .nan; return }
            k.sum += x
            let n = Int(k.window)
            let base = Int(k.ring)
            let cap = Int(k.capacity)
            ring[base + Int(k.position)] = k.sum
            k.count += 1
            var oldest = Int(k.position) + 1
            if oldest == cap { oldest = 0 }  // no division in the hot loop
            k.position = Int32(oldest)
            values[slot] = k.count >= n ? (k.sum - (k.count > n ? ring[base + oldest] : 0)) / Double(n) : .nan
        case .ema:
            let x = input()
            guard !x.isNaN else { values[slot] = .nan; return }
            let n = Double(k.window)
            k.count += 1
            if k.count < Int64(k.window) {
                k.sum += x
                values[slot] = .nan
            } else if k.count == Int64(k.window) {
                k.average = (k.sum + x) / n  // seeded with the simple average
                values[slot] = k.average
            } else {
                let alpha = 2 / (n + 1)
                k.average = alpha * x + (1 - alpha) * k.average
                values[slot] = k.average
            }
        case .rsi:
            let x = input()
            guard !x.isNaN else { values[slot] = .nan; return }
            defer { k.previous = x }
            guard !k.previous.isNaN else { values[slot] = .nan; return }
            let change = x - k.previous
            let gain = max(change, 0)
            let loss = max(-change, 0)
            let n = Double(k.window)
            k.count += 1
            if k.count < Int64(k.window) {
                k.averageGain += gain
                k.averageLoss += loss
                values[slot] = .nan
                return
            }
            if k.count == Int64(k.window) {
                k.averageGain = (k.averageGain + gain) / n
                k.averageLoss = (k.averageLoss + loss) / n
            } else {
                k.averageGain = (k.averageGain * (n - 1) + gain) / n
                k.averageLoss = (k.averageLoss * (n - 1) + loss) / n
            }
            values[slot] = k.averageLoss == 0 ? 100 : 100 - 100 / (1 + k.averageGain / k.averageLoss)
        case .atr:
            let bar = tick[Int(k.source)]
            defer { k.previous = bar.close }
            guard !k.previous.isNaN else { values[slot] = .nan; return }
            let tr = max(bar.high - bar.low, abs(bar.high - k.previous), abs(bar.low - k.previous))
            let n = Double(k.window)
            k.count += 1
            if k.count < Int64(k.window) {
                k.averageTrueRange += tr
                values[slot] = .nan
                return
            }
            k.averageTrueRange = k.count == Int64(k.window) ? (k.averageTrueRange + tr) / n : (k.averageTrueRange * (n - 1) + tr) / n
            values[slot] = k.averageTrueRange
        case .bollinger, .zscore:
            let x = input()
            guard !x.isNaN else { values[slot] = .nan; return }
            let n = Int(k.window)
            let base = Int(k.ring)
            let p = Int(k.position)
            if k.count >= Int64(n) {
                let old = ring[base + p]
                k.sum -= old
                k.sumOfSquares -= old * old
            }
            ring[base + p] = x
            k.position = p + 1 == n ? 0 : Int32(p + 1)
            k.sum += x
            k.sumOfSquares += x * x
            k.count += 1
            guard k.count >= Int64(n) else { values[slot] = .nan; return }
            let mean = k.sum / Double(n)
            let variance = max(0, k.sumOfSquares / Double(n) - mean * mean)
            if k.kind == .zscore {
                let sample = variance * Double(n) / Double(max(1, n - 1))
                values[slot] = sample > 0 ? (x - mean) / sample.squareRoot() : 0
            } else {
                let sd = variance.squareRoot()
                let upper = mean + k.bandWidth * sd
                let lower = mean - k.bandWidth * sd
                switch k.band {
                case 1: values[slot] = upper
                case -1: values[slot] = lower
                case 2: values[slot] = upper > lower ? (x - lower) / (upper - lower) : 0.5
                default: values[slot] = mean
                }
            }
        case .returns:
            let x = input()
            guard !x.isNaN else { values[slot] = .nan; return }
            let lag = Int(k.window)
            let cap = Int(k.capacity)
            let base = Int(k.ring)
            let p = Int(k.position)
            ring[base + p] = x
            k.count += 1
            k.position = p + 1 == cap ? 0 : Int32(p + 1)
            guard k.count > Int64(lag) else { values[slot] = .nan; return }
            let back = p - lag
            let old = ring[base + (back < 0 ? back + cap : back)]
            values[slot] = k.logReturns ? Foundation.log(x / old) : x / old - 1
        case .crossover:
            let fast = values[Int(k.input)]
            let slow = values[Int(k.input2)]
            defer {
                k.previous = fast
                k.previousSlow = slow
            }
            guard !fast.isNaN, !slow.isNaN, !k.previous.isNaN, !k.previousSlow.isNaN else { values[slot] = 0; return }
            if fast > slow && k.previous <= k.previousSlow {
                values[slot] = 1
            } else if fast < slow && k.previous >= k.previousSlow {
                values[slot] = -1
            } else {
                values[slot] = 0
            }
        case .threshold:
            let x = values[Int(k.input)]
            if !k.upper.isNaN && x > k.upper {
                values[slot] = 1
            } else if !k.lower.isNaN && x < k.lower {
                values[slot] = -1
            } else {
                values[slot] = 0
            }
        case .positionTarget:
            let signal = values[Int(k.input)]
            if signal > 0 { k.heldTarget = k.longFraction } else if signal < 0 { k.heldTarget = -k.shortFraction }
            values[slot] = k.heldTarget
        }
    }
}
