/// "Did you mean …?" suggestions by edit distance, for unknown names in files and commands.
public enum DidYouMean {
    /// The closest candidate within a small edit distance, else the shortest one that starts
    /// with `word` (two characters or more), if any.
    public static func suggestion(for word: String, in candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased())
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased()))
            if d <= max(1, min(3, w.count / 3)) && (best == nil || d < best!.1) { best = (c, d) }
        }
        if let best { return best.0 }
        // A beginning typed short: the shortest name it starts (`mi` → `mine`).
        guard w.count >= 2 else { return nil }
        let prefix = word.lowercased()
        return candidates.filter { $0.lowercased().hasPrefix(prefix) }.min { ($0.count, $0) < ($1.count, $1) }
    }

    /// `" (did you mean \"x\"?)"` or the empty string.
    public static func suffix(_ word: String, _ candidates: some Sequence<String>) -> String {
        suggestion(for: word, in: candidates).map { " (did you mean \"\($0)\"?)" } ?? ""
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions (`slwo` → `slow` is one edit).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
