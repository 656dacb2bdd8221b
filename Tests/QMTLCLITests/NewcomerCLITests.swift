import Foundation
import QMTLTestSupport
import Testing

/// The newcomer's path through the built binary: the README's tutorial exactly as written,
/// `qmtl init`, and the help of every command.
@Suite("CLI: the newcomer's path")
struct NewcomerCLITests {
    /// The README's tutorial block: the lines after the `<!-- tutorial` marker, up to the fence.
    static func tutorial() throws -> [String] {
        let readme = String(decoding: try TestData.repoFile("README.md"), as: UTF8.self)
        let marker = try #require(readme.range(of: "<!-- tutorial"))
        let fence = try #require(readme.range(of: "```bash\n", range: marker.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "\n```", range: fence.upperBound..<readme.endIndex))
        return readme[fence.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
    }

    @Test func theReadmeTutorialWorksAsWritten() async throws {
        let lines = try Self.tutorial()
        // The first line builds qmtl and puts it on PATH; the test has built it already.
        #expect(lines.first?.hasPrefix("swift build --product qmtl && export PATH=") == true, "\(lines.first ?? "")")
        let home = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: home) }
        let script = home.appendingPathComponent("tutorial.sh")
        try (["set -euo pipefail"] + lines.dropFirst() + ["echo TUTORIAL-DONE"]).joined(separator: "\n").write(
            to: script, atomically: true, encoding: .utf8)
        let run = try await Self.shell(["bash", script.path], home: home)
        let seconds = run.seconds
        #expect(run.status == 0, "\(run.out)\n\(run.stderr)")
        #expect(run.out.contains("TUTORIAL-DONE"), "every step ran")
        #expect(run.out.contains("world:mine  evaluated  bound, backtested"), "the submission passes the starter policy")
        #expect(run.out.contains("paper job") && run.out.contains("evaluated on 2023-12-23"), "the paper run")
        #expect(run.out.contains("pending   eligible; waiting for an approver"), "the candidate waits for an operator")
        #expect(run.out.contains(": completed") && run.out.contains("policy v1  mode live"), "applied and live")
        // The strategy given as its file is named by the file's name in what the commands say.
        #expect(run.out.contains("days observed, 120 required"), "the campaign window")
        #expect(run.out.contains(" of trend (blake3:b8644dab100d…) for live in world:mine"), "live-approve names it")
        #expect(run.out.contains("activated    trend (blake3:b8644dab100d…)"), "live-apply names it")
        let report = home.appendingPathComponent("my-project/report.html")
        #expect(try String(contentsOf: report, encoding: .utf8).contains("<svg"))
        #expect(seconds < 60, "\(seconds) s")
    }

    /// Runs a command with `qmtl` on PATH and HOME at `home`.
    static func shell(_ arguments: [String], home: URL) async throws -> CLIRunner.Result {
        let path = CLIRunner.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try await CLIRunner.run(
            arguments, environment: ["HOME": home.path, "PATH": path], directory: home, timeout: 300,
            executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    @Test func initWritesAProjectAndRefusesADirectoryWithFiles() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let made = try await CLIRunner.run(["init", "p", "--json"], directory: dir)
        #expect(made.status == 0, "\(made.stderr)")
        let json = try WorldDataCLITests.json(made)
        #expect(json["files"] as? [String] == ["strategy.yaml", "policy.yaml", "data/bars.csv", "NEXT.md"])
        // What it wrote is valid: the policy parses, the strategy has an id, the bars load.
        #expect(try await CLIRunner.run(["policy", "check", "p/policy.yaml"], directory: dir).status == 0)
        #expect(try await CLIRunner.run(["graph", "ids", "p/strategy.yaml"], directory: dir).status == 0)
        let bars = try await CLIRunner.run(["backtest", "p/strategy.yaml", "--data", "p/data/bars.csv"], directory: dir)
        #expect(bars.status == 0 && bars.out.contains("960 bars of DEMO"), "\(bars.out)")
        let next = try String(contentsOf: dir.appendingPathComponent("p/NEXT.md"), encoding: .utf8)
        for line in try Self.tutorial().dropFirst(2) { #expect(next.contains(line.split(separator: "#")[0].trimmingCharacters(in: .whitespaces))) }
        // A second init into the same directory writes nothing and says why.
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("p").path).sorted()
        let again = try await CLIRunner.run(["init", "p"], directory: dir)
        #expect(again.status == 1 && again.stderr.contains("[E_DIR_NOT_EMPTY]"), "\(again.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("p").path).sorted() == before)
    }

    /// The command tree from `--help`: every command's SUBCOMMANDS section, recursively.
    static func commands(_ path: [String] = []) async throws -> [[String]] {
        let help = try await CLIRunner.run(path + ["--help"])
        #expect(help.status == 0, "\(path) --help: \(help.stderr)")
        guard let section = help.out.range(of: "SUBCOMMANDS:\n") else { return [path] }
        var out: [[String]] = []
        for line in help.out[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("  ") else { break }
            let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
            // Wrapped descriptions are indented further; `help` is ArgumentParser's own.
            guard !name.isEmpty, !line.hasPrefix("   "), name != "help" else { continue }
            out += try await commands(path + [name])
        }
        return out
    }

    @Test func everyCommandsHelpHasAnExample() async throws {
        let leaves = try await Self.commands()
        #expect(leaves.count > 60, "\(leaves.count) commands")
        for path in leaves {
            let help = try await CLIRunner.run(path + ["--help"])
            #expect(help.out.contains("Example"), "qmtl \(path.joined(separator: " ")) --help has no example")
        }
        // Every command that reads has --json (serve runs, hash canon prints canonical JSON already).
        let writesOnly: Set<String> = ["serve", "hash canon"]
        for path in leaves where !writesOnly.contains(path.joined(separator: " ")) {
            #expect(try await CLIRunner.run(path + ["--help"]).out.contains("--json"), "qmtl \(path.joined(separator: " ")) has no --json")
        }
        // SPEC §12's commands, except the later wave's `migrate`.
        let names = Set(leaves.map { $0.joined(separator: " ") })
        for command in [
            "init", "demo", "serve", "worker", "submit", "backtest", "status", "graph ids", "graph show", "graph stats", "graph types",
            "hash canon", "hash blake3", "policy check", "policy explain", "policy what-if", "data add", "data synth", "data list",
            "data show", "data append", "world create", "world list", "world show", "world policy set", "world policy what-if",
            "world status", "world run-status", "world revalidate", "world live-candidates", "world live-approve", "world live-reject",
            "world live-apply", "world apply", "world campaign-tick", "world campaign-execute", "world campaign-loop", "world report",
            "decision post", "decision approve", "decision reject", "decision revoke", "decision list", "decision quarantine-non-local",
            "risk-hub push", "risk-hub latest", "token create", "token list", "token revoke", "audit list", "audit verify",
        ] {
            #expect(names.contains(command), "qmtl \(command) is missing")
        }
        let completion = try await CLIRunner.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.out.contains("complete") && completion.out.contains("live-approve"))
    }
}
