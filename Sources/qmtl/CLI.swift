import Foundation
import QMTLCore

/// Rendering of results and errors for the terminal.
enum CLI {
    /// A line on standard output, written at once (not held in a buffer when stdout is a pipe):
    /// for long-running commands whose output another process waits for.
    static func printFlushed(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    /// Prints a typed error as one line and exits with its code's exit status (R-CLI).
    static func fail(_ error: QMTLError) -> Never {
        printError("\(error.message) [\(error.code)]")
        exit(error.code.exitCode)
    }

    /// Reads a whole file (or standard input for `-`).
    /// - Throws: ``QMTLError`` `E_FILE_UNREADABLE` saying why.
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw QMTLError(.fileUnreadable, "cannot read \(path): \(reason(error))", details: ["path": path])
        }
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, let text = String(validatingCString: strerror(Int32(underlying.code))) {
            return text
        }
        return ns.localizedDescription
    }

    /// Reads a text file as UTF-8.
    /// A JSON decoding error as "field: what is wrong".
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty
                ? "the document" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .keyNotFound(let key, let c): return "\(path(c.codingPath + [key])) is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(path(c.codingPath)) has the wrong type"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not valid JSON" : "\(path(c.codingPath)) is invalid"
        @unknown default: return "not valid JSON"
        }
    }

    static func readText(_ path: String) throws -> String {
        guard let text = String(data: try read(path), encoding: .utf8) else {
            throw QMTLError(.fileNotUTF8, "\(path) is not UTF-8 text", details: ["path": path])
        }
        return text
    }

    /// Writes bytes to standard output.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a JSON value in canonical form on one line.
    static func printJSON(_ value: JSONValue) throws {
        var bytes = try JCS.bytes(value)
        bytes.append(0x0A)
        write(bytes)
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
}

extension CLI {
    /// Prints rows as a table with a header, columns padded to their widest cell.
    static func printTable(header: [String], rows: [[String]]) {
        for line in tableLines(header: header, rows: rows) { print(line) }
    }

    /// The header's line and each row's, columns padded to their widest cell.
    static func tableLines(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c.padding(widths[i]) }.joined(separator: "  ")
        }
        return [line(header)] + rows.map(line)
    }
}

extension CLI {
    /// `1d`, `4h`, `15m`, `30s` for whole units, else seconds.
    static func durationText(_ seconds: Int) -> String {
        for (unit, size) in [("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }

    /// Prints any encodable value as JSON on one line, keys sorted.
    static func printEncoded(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }
}

extension CLI {
    /// A number as a person reads it: whole numbers without `.0`, others to 6 significant digits.
    static func number(_ x: Double) -> String {
        if x.rounded() == x && abs(x) < 1e12 { return String(Int64(x)) }
        return String(format: "%.6g", x)
    }
}
