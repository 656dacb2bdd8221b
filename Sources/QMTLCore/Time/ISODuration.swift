/// ISO-8601 durations as DecisionEvent TTLs use them (R-DEC, R-DEC-4): `P0D` (no expiry),
/// `P2D`, `PT12H`, `P1DT6H30M`, `P1W`, `PT90S`.
///
/// Years and months are refused: their length depends on the calendar, and a TTL must mean
/// the same number of seconds wherever it is read.
public enum ISODuration {
    /// The seconds of `text`.
    /// - Throws: ``QMTLError`` `E_DECISION_TTL` saying what is wrong.
    public static func seconds(_ text: String) throws -> Int64 {
        func bad(_ why: String) -> QMTLError {
            QMTLError(.decisionTTL, "ttl \"\(text.prefix(40))\" is not an ISO-8601 duration like P0D, P2D, PT12H or P1DT6H: \(why)")
        }
        var rest = Substring(text)
        guard rest.first == "P" else { throw bad("it must start with P") }
        rest = rest.dropFirst()
        guard !rest.isEmpty, rest != "T" else { throw bad("it has no amount") }
        var total: Int64 = 0
        var inTime = false
        var lastRank = -1
        var digits = ""
        for ch in rest {
            if ch.isASCII && ch.isNumber {
                digits.append(ch)
                continue
            }
            if ch == "T" {
                guard !inTime, digits.isEmpty else { throw bad("T appears twice or after a number") }
                inTime = true
                continue
            }
            guard !digits.isEmpty, digits.count <= 12, let n = Int64(digits) else { throw bad("each unit needs a whole number before it") }
            let (rank, scale): (Int, Int64)
            switch (ch, inTime) {
            case ("W", false): (rank, scale) = (0, 604_800)
            case ("D", false): (rank, scale) = (1, 86_400)
            case ("H", true): (rank, scale) = (2, 3600)
            case ("M", true): (rank, scale) = (3, 60)
            case ("S", true): (rank, scale) = (4, 1)
            case ("Y", false), ("M", false): throw bad("years and months have no fixed length; use days or weeks")
            default: throw bad("unexpected \(ch)")
            }
            guard rank > lastRank else { throw bad("units must appear once, largest first") }
            lastRank = rank
            total += n * scale
            digits = ""
        }
        guard digits.isEmpty else { throw bad("a number has no unit") }
        guard lastRank >= 0 else { throw bad("it has no amount") }
        return total
    }
}
