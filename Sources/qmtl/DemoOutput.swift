import Foundation
import QMTLCore

/// What `qmtl demo` prints: numbered sections, tables and progress bars for a person, or with
/// `--json` one event per line (`{"event": name, …}`, canonical JSON) for a machine — never both.
struct DemoOutput: Sendable {
    /// Events instead of prose.
    var json: Bool
    /// Standard output is a terminal: bold titles, progress bars redrawn in place.
    var terminal = CLI.stdoutIsTerminal

    func bold(_ text: String) -> String { terminal ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// A numbered section's title.
    func section(_ number: Int, _ title: String) {
        guard !json else { return }
        let head = "── \(number) · \(title) "
        CLI.printFlushed("\n" + bold(head + String(repeating: "─", count: max(3, 78 - head.count))))
    }

    /// Lines of prose, indented under the section.
    func say(_ lines: String...) {
        guard !json else { return }
        for line in lines { CLI.printFlushed("  " + line) }
    }

    /// A table under the section.
    func table(_ header: [String], _ rows: [[String]]) {
        guard !json else { return }
        for (i, line) in CLI.tableLines(header: header, rows: rows).enumerated() { CLI.printFlushed("  " + (i == 0 ? bold(line) : line)) }
    }

    /// A progress bar: redrawn in place on a terminal, printed once when done otherwise.
    func progress(_ label: String, _ fraction: Double, detail: String) {
        guard !json else { return }
        let done = fraction >= 1
        let text = "  \(label) \(Self.bar(fraction)) \(detail)"
        if terminal {
            FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + text + (done ? "\n" : "")).utf8))
        } else if done {
            CLI.printFlushed(text)
        }
    }

    /// `[██████░░░░░░░░░░]  37%`.
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let p = min(1, max(0, fraction.isFinite ? fraction : 0))
        let filled = Int((p * Double(width)).rounded(.down))
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]"
            + String(format: " %3.0f%%", p * 100)
    }

    /// One machine-readable event (with `--json` only).
    func event(_ name: String, _ fields: [String: JSONValue] = [:]) {
        guard json else { return }
        var o = Demo.object(fields)
        o["event"] = .string(name)
        try? CLI.printJSON(.object(o))
    }
}
