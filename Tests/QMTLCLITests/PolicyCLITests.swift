import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@Suite("qmtl policy (CLI)")
struct PolicyCLITests {
    @Test(arguments: ["equities_conservative.yaml", "crypto_auto.yaml", "research.json"])
    func examplesAreValid(_ name: String) async throws {
        let r = try await CLIRunner.run(["policy", "check", "examples/policies/\(name)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.hasPrefix("examples/policies/\(name): valid (contract policy:blake3:"))
    }

    @Test func checkPrintsEveryErrorInFileOrderAndExits1() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-pol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try "selection:\n  top_k: {metric: sharp, k: 0}\nfoo: 1\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await CLIRunner.run(["policy", "check", file.path])
        #expect(r.status == 1)
        #expect(r.out.isEmpty)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.map { $0.split(separator: ":")[1...2].joined(separator: ":") } == ["2:19", "2:29", "3:1"])
        #expect(lines.allSatisfy { $0.hasPrefix(file.path + ":") })
        let json = try await CLIRunner.run(["policy", "check", file.path, "--json"])
        let doc = try JSONSerialization.jsonObject(with: json.stdout) as! [String: Any]
        #expect(doc["valid"] as? Bool == false && (doc["errors"] as? [Any])?.count == 3)
    }

    @Test func explainJSONHasTheSelectionInRankOrderAndRuleResults() async throws {
        let r = try await CLIRunner.run([
            "policy", "explain", "examples/policies/equities_conservative.yaml", "--metrics", "examples/metrics/equities_candidates.json",
            "--now", "2026-11-21T00:00:00Z", "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        #expect(doc["selected"] as? [String] == ["mom-us", "value-us"])
        let candidates = doc["candidates"] as! [String: [String: Any]]
        let momEU = try #require(candidates["mom-eu"])
        #expect(momEU["selected"] as? Bool == false && momEU["rank"] as? Int == 2)
        let rules = momEU["rules"] as! [[String: Any]]
        let corr = try #require(rules.first { $0["rule"] as? String == "correlation" })
        #expect(corr["status"] as? String == "fail" && corr["reason_code"] as? String == "correlation_too_high:mom-us")
        #expect(corr["observed"] as? Double == 0.83)
        #expect(Set(rules.first!.keys) == ["rule", "status", "severity", "reason_code", "observed", "required"])
        #expect((candidates["meanrev"]?["explanation"] as? String)?.hasSuffix("→ not eligible") == true)
    }

    @Test func explainHumanOutputAndBadMetricsFile() async throws {
        let r = try await CLIRunner.run([
            "policy", "explain", "examples/policies/equities_conservative.yaml", "--metrics", "examples/metrics/equities_candidates.json",
            "--now", "2026-11-21T00:00:00Z",
        ])
        #expect(r.out.contains("selected: mom-us, value-us"))
        #expect(r.out.contains("correlation 0.83 with mom-us exceeds 0.6"))
        let bad = try await CLIRunner.run(
            ["policy", "explain", "examples/policies/research.json", "--metrics", "-"], stdin: Data(#"{"candidates": {"a": {"sharp": 1}}}"#.utf8))
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown metric \"sharp\" (did you mean \"sharpe\"?)"))
        let usage = try await CLIRunner.run(["policy", "explain", "examples/policies/research.json", "--metrics", "x.json", "--now", "yesterday"])
        #expect(usage.status == 2)
    }
}

@Suite("qmtl policy what-if (CLI)")
struct PolicyWhatIfCLITests {
    @Test func draftThatLoosensCorrelationLetsMomEUIn() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-wi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = String(decoding: try TestData.repoFile("examples/policies/equities_conservative.yaml"), as: UTF8.self)
        let draft = dir.appendingPathComponent("draft.yaml")
        try base.replacingOccurrences(of: "correlation: {max: 0.6, min_overlap: 40}", with: "correlation: {max: 0.9, min_overlap: 40}")
            .write(to: draft, atomically: true, encoding: .utf8)
        let r = try await CLIRunner.run([
            "policy", "what-if", "examples/policies/equities_conservative.yaml", draft.path, "--metrics", "examples/metrics/equities_candidates.json",
            "--now", "2026-11-21T00:00:00Z", "--json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        let entering = doc["entering"] as! [[String: Any]]
        #expect(entering.map { $0["id"] as? String } == ["mom-eu"])
        #expect(entering.first?["rule"] as? String == "correlation")
        #expect((doc["leaving"] as! [Any]).isEmpty)
        #expect(doc["staying"] as? [String] == ["mom-us", "value-us"])
        #expect(doc["current_contract"] as? String != doc["draft_contract"] as? String)
    }
}
