import ArgumentParser
import Foundation
import QMTLBacktest
import QMTLCore

/// `qmtl init DIR`: a project to start from — a strategy, a world policy, sample bars and
/// `NEXT.md` with the steps that take the strategy to live.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a project: a strategy, a world policy, sample data and NEXT.md.",
        discussion: """
            Writes into a new or empty directory only. The sample bars are the demo's generated market.
            Example: qmtl init my-project && cd my-project && cat NEXT.md
            """)

    @Argument(help: "The project's directory (created; must be new or empty).") var dir: String
    @Option(help: "The sample market's seed.") var seed: UInt64 = 3
    @Flag(help: "Print {dir, files} as JSON.") var json = false

    struct Output: Encodable {
        var dir: String
        var files: [String]
    }

    func run() throws {
        let root = URL(fileURLWithPath: dir)
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: root.path), !existing.isEmpty {
            throw QMTLError(
                .directoryNotEmpty, "\(dir) already has files (\(existing.sorted().prefix(3).joined(separator: ", ")))", details: ["path": dir])
        }
        let files: [(String, String)] = [
            ("strategy.yaml", DemoFiles.trend.text),
            ("policy.yaml", DemoFiles.starterPolicy),
            ("data/bars.csv", BarCSV.format(DemoMarket(seed: seed).generate())),
            ("NEXT.md", DemoFiles.next(dir: dir)),
        ]
        do {
            try fm.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
        } catch {
            throw QMTLError(.fileUnwritable, "cannot write into \(dir): \(CLI.reason(error))", details: ["path": dir])
        }
        if json { return try CLI.printEncoded(Output(dir: root.path, files: files.map(\.0))) }
        print("created \(dir)")
        for (name, _) in files { print("  \(name)") }
        print("next: cd \(dir) && cat NEXT.md")
    }
}
