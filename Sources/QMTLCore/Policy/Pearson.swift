/// Pearson correlation of two strategies' daily returns over the days both have (R-POL-2).
public enum Pearson {
    /// The correlation over overlapping days and the number of such days, or nil with fewer
    /// than `minOverlap` overlapping days (insufficient evidence) or a constant series.
    /// - Parameters:
    ///   - a: daily returns keyed by day (e.g. epoch day number).
    ///   - b: daily returns keyed by day.
    ///   - minOverlap: the fewest common days that count as evidence.
    public static func correlation(_ a: [Int64: Double], _ b: [Int64: Double], minOverlap: Int) -> (corr: Double, overlap: Int)? {
        var xs: [Double] = []
        var ys: [Double] = []
        // Days in order, so the sums (and the result) do not depend on dictionary order.
        for day in a.keys.sorted() {
            if let x = a[day], let y = b[day], x.isFinite, y.isFinite {
                xs.append(x)
                ys.append(y)
            }
        }
        let n = xs.count
        guard n >= max(2, minOverlap) else { return nil }
        let mx = xs.reduce(0, +) / Double(n)
        let my = ys.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = xs[i] - mx
            let dy = ys[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0 && syy > 0 else { return nil }
        return (max(-1, min(1, sxy / (sxx * syy).squareRoot())), n)
    }
}
