/// ISO-8601 UTC timestamps ↔ epoch seconds, without Foundation or a clock.
public enum UTCTimestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (also `+00:00` for `Z`, a space for `T`, or a bare date
    /// `YYYY-MM-DD` meaning midnight UTC) to epoch seconds. Only UTC is accepted: bar data
    /// in other offsets is a mistake we refuse rather than guess.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        var text = String(text)
        return text.withUTF8 { parse(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// ``parse(_:)`` of UTF-8 bytes, without allocating (the bar loader's hot path).
    public static func parse(utf8 u: UnsafeRawBufferPointer) -> Int64? {
        let count = u.count
        @inline(__always) func num(_ from: Int, _ digits: Int) -> Int? {
            guard from + digits <= count else { return nil }
            var v = 0
            for i in from..<from + digits {
                let d = u[i] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard count >= 10, let y = num(0, 4), u[4] == 0x2D, let m = num(5, 2), u[7] == 0x2D, let d = num(8, 2) else { return nil }
        var hh = 0, mm = 0, ss = 0
        if count > 10 {
            guard u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "), let h = num(11, 2), count > 13, u[13] == 0x3A,
                let mi = num(14, 2), count > 16, u[16] == 0x3A, let s = num(17, 2)
            else { return nil }
            // "Z" or "+00:00", compared byte by byte (no generic sequence comparison per bar).
            let zulu = count == 20 && u[19] == UInt8(ascii: "Z")
            let offset =
                count == 25 && u[19] == UInt8(ascii: "+") && u[20] == 0x30 && u[21] == 0x30 && u[22] == UInt8(ascii: ":") && u[23] == 0x30
                && u[24] == 0x30
            guard zulu || offset else { return nil }
            (hh, mm, ss) = (h, mi, s)
        }
        guard (1...12).contains(m), d >= 1, d <= daysInMonth(y, m), hh < 24, mm < 60, ss < 60 else { return nil }
        return Int64(daysFromCivil(y, m, d)) * 86_400 + Int64(hh * 3600 + mm * 60 + ss)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of epoch seconds.
    public static func format(_ epoch: Int64) -> String {
        let days = Int(epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400)
        let secs = Int(epoch - Int64(days) * 86_400)
        let (y, m, d) = civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year
            + "-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
