import Foundation
import QMTLTestSupport
import Testing

/// The seed's scenario through the built `qmtl` binary on a temporary embedded store: the same
/// story as the service's SeedScenarioTests, as a user types it.
@Suite("CLI: the seed's story")
struct SeedStoryCLITests {
    @Test func oneStrategyTwoWorldsFromTheTerminal() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func qmtl(_ args: [String]) async throws -> CLIRunner.Result {
            let r = try await CLIRunner.run(args, directory: dir)
            return r
        }
        func ok(_ args: [String]) async throws -> String {
            let r = try await qmtl(args)
            #expect(r.status == 0, "qmtl \(args.joined(separator: " ")): \(r.stderr)")
            return r.out
        }
        func json(_ args: [String]) async throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: try await qmtl(args + ["--json"]).stdout) as? [String: Any])
        }
        let strategy = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path
        let strict = dir.appendingPathComponent("strict.yaml")
        try Data("selection: {thresholds: {sharpe: {metric: sharpe, min: 0.5}}}\n".utf8).write(to: strict)
        let lines = try String(contentsOfFile: WorldDataCLITests.bars, encoding: .utf8).split(separator: "\n")
        let shorter = dir.appendingPathComponent("shorter.csv")
        try Data((lines.prefix(1501).joined(separator: "\n") + "\n").utf8).write(to: shorter)

        _ = try await ok(["world", "create", "a", "--data", WorldDataCLITests.bars, "--symbol", "SYN"])
        let fingerprint = try #require(
            (try await json(["world", "show", "a"])["spec"] as? [String: Any]).flatMap { $0["dataset"] as? [String: Any] }?["fingerprint"] as? String)
        _ = try await ok(["world", "create", "b", "--dataset", fingerprint])
        #expect(try await ok(["submit", strategy, "--world", "a", "--world", "b"]).contains("world:b  evaluated  bound, backtested"))

        // A's policy invalidates it; an operator stops it there only.
        #expect(try await ok(["world", "policy", "set", "a", strict.path]).contains("1 re-evaluation queued"))
        #expect(try await ok(["world", "revalidate", "a", "--run-queue"]).contains("rejected  (contract_id)"))
        #expect(try await ok(["decision", "post", "stop", strategy, "--world", "a", "--reason", "VAL_FAIL"]).contains(": applied"))
        #expect(try await ok(["status", strategy, "--world", "a"]).contains("in world:a: stopped"))
        #expect(try await ok(["status", strategy, "--world", "b"]).contains("in world:b: valid"))

        // A global stop waits for approval, then applies in both.
        let global = try await json(["decision", "post", "stop", strategy, "--scope", "global", "--reason", "OP_INCIDENT"])
        let globalID = try #require(global["event_id"] as? String)
        #expect(global["state"] as? String == "pending")
        #expect(try await ok(["status", strategy, "--world", "b"]).contains("in world:b: valid"))
        #expect(try await ok(["decision", "approve", globalID]).contains("in world:a, world:b: applied"))
        #expect(try await ok(["status", strategy, "--world", "b"]).contains("in world:b: stopped"))

        // A global resume restores each world's prior status.
        let resume = try await json(["decision", "post", "resume", strategy, "--scope", "global"])
        _ = try await ok(["decision", "approve", try #require(resume["event_id"] as? String)])
        #expect(try await ok(["status", strategy, "--world", "a"]).contains("in world:a: invalid"))
        #expect(try await ok(["status", strategy, "--world", "b"]).contains("in world:b: valid"))

        // A new dataset for A: validating, with the reason, then a cache miss.
        let added = try await json(["data", "add", shorter.path, "--symbol", "SYN"])
        let shorterFP = try #require(added["fingerprint"] as? String)
        #expect(try await ok(["world", "update", "a", "--dataset", shorterFP]).contains("world_ref, dataset_fingerprint changed"))
        let status = try await ok(["status", strategy, "--world", "a"])
        #expect(
            status.contains("in world:a: validating") && status.contains("re-evaluation queued: world_ref, dataset_fingerprint changed"), "\(status)")
        #expect(try await ok(["world", "revalidate", "a", "--run-queue"]).contains("(world_ref, dataset_fingerprint)"))
        let runStatus = try await ok(["world", "run-status", "a", "--strategy", strategy])
        #expect(runStatus.contains("why       re-evaluated: world_ref, dataset_fingerprint changed"), "\(runStatus)")

        // Resubmitting changes nothing; the audit chain is intact.
        let audit = try await ok(["audit", "verify"])
        let again = try await qmtl(["submit", strategy, "--world", "a", "--world", "b"])
        #expect(again.status == 1, "the verdict in a is still rejected")
        #expect(again.out.components(separatedBy: "cached (same EvalKey, nothing ran)").count == 3, "\(again.out)")
        #expect(try await ok(["audit", "verify"]) == audit)
        let decisions = try #require(
            try JSONSerialization.jsonObject(with: try await qmtl(["decision", "list", "--json"]).stdout) as? [[String: Any]])
        #expect(decisions.map { $0["state"] as? String } == ["applied", "applied", "applied"])
        // The stream: the local stop, then the two global ones once approved; b's view has only those.
        let events = try await ok(["decision", "events"]).split(separator: "\n")
        #expect(events.count == 3 && events[0].hasPrefix("1  ") && events[1].contains("applied  stop (global, OP_INCIDENT)"), "\(events)")
        #expect(try await ok(["decision", "events", "--world", "b", "--after", "1"]).split(separator: "\n").count == 2)
        let world = try await ok(["world", "status", "a"])
        #expect(world.contains("world:a  ACTIVE  policy v1") && world.contains("decision "), "\(world)")
        // Bad input: a one-line typed error and a non-zero exit.
        let bad = try await qmtl(["decision", "approve", globalID])
        #expect(bad.status == 1 && bad.stderr.hasSuffix("[E_DECISION_STATE]\n"), "\(bad.stderr)")
    }
}
