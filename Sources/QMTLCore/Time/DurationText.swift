/// Durations written `<n>[smhdw]` (R-POL-1): `30s`, `15m`, `4h`, `2d`, `1w`.
public enum DurationText {
    /// Seconds of a duration text, or `nil` if it is not `<n>[smhdw]` with a whole `n`.
    public static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, text.count >= 2, let n = Int(text.dropLast()), n >= 0,
            text.first != "+"
        else { return nil }
        let scale: Int
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        case "w": scale = 604_800
        default: return nil
        }
        let (v, overflow) = n.multipliedReportingOverflow(by: scale)
        return overflow ? nil : v
    }
}
