import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@Suite("qmtl graph ids / hash (CLI)")
struct GraphAndHashCLITests {
    static func golden(_ example: String) throws -> String {
        let json = try JSONSerialization.jsonObject(with: try TestData.repoFile("examples/strategies/golden_ids.json")) as! [String: Any]
        return ((json["strategies"] as! [String: Any])[example] as! [String: Any])["strategy_id"] as! String
    }

    @Test func graphIDsJSON() async throws {
        let r = try await CLIRunner.run(["graph", "ids", "examples/strategies/sma_cross.yaml", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        #expect(doc["strategy_id"] as? String == (try Self.golden("sma_cross.yaml")))
        let nodes = doc["nodes"] as! [[String: Any]]
        #expect(nodes.map { $0["name"] as! String } == ["price", "sma_fast", "sma_slow", "cross", "position", "(root)"])
        for node in nodes {
            let canonical = node["canonical"] as! String
            #expect(node["node_id"] as? String == BLAKE3.hash(canonical).description)
            #expect(node["excluded_keys"] as? [String] == [])
        }
    }

    @Test func rewrittenFileHasTheSameStrategyID() async throws {
        let r = try await CLIRunner.run(["graph", "ids", "Tests/QMTLCoreTests/Fixtures/sma_cross_rewritten.json", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try JSONSerialization.jsonObject(with: r.stdout) as! [String: Any]
        #expect(doc["strategy_id"] as? String == (try Self.golden("sma_cross.yaml")))
        let excluded = (doc["nodes"] as! [[String: Any]]).flatMap { $0["excluded_keys"] as! [String] }
        #expect(Set(excluded) == ["/params/seed", "/params/timestamp", "/params/env_host"])
    }

    @Test func graphIDsTable() async throws {
        let r = try await CLIRunner.run(["graph", "ids", "examples/strategies/rsi_momentum.yaml"])
        #expect(r.status == 0)
        #expect(r.out.contains("strategy rsi_momentum  \(try Self.golden("rsi_momentum.yaml"))"))
        #expect(r.out.contains("canonical {\"code_hash\""))
    }

    @Test func badStrategyFileIsOneLineAndExit1() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        try "nodes:\n  p: {type: BarSorce, params: {symbol: S, interval: 60}}\noutputs: [p]\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try await CLIRunner.run(["graph", "ids", file.path])
        #expect(r.status == 1)
        #expect(r.out.isEmpty)
        #expect(
            r.stderr
                == "error: \(file.path):2:13: unknown node type \"BarSorce\" (did you mean \"BarSource\"?); this runtime knows ATR, BarSource, Bollinger, Crossover, EMA, PositionTarget, RSI, Returns, SMA, StrategyRoot, Threshold, ZScore [E_UNKNOWN_NODE_TYPE]\n"
        )
    }

    @Test func missingFileIsExit1() async throws {
        let r = try await CLIRunner.run(["graph", "ids", "no/such/file.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error: cannot read no/such/file.yaml"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: [["graph", "ids"], ["graph", "idz", "x"], ["hash", "blake3", "a", "b"], ["--nope"]])
    func usageErrorsAreExit2(_ args: [String]) async throws {
        let r = try await CLIRunner.run(args)
        #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.hasPrefix("error: "))
    }

    @Test func helpIsExit0() async throws {
        let r = try await CLIRunner.run(["graph", "ids", "--help"])
        #expect(r.status == 0)
        #expect(r.out.contains("USAGE: qmtl graph ids"))
    }

    @Test(arguments: ["arrays.json", "french.json", "structures.json", "unicode.json", "values.json", "weird.json"])
    func hashCanonMatchesTheRFCVectors(_ name: String) async throws {
        let input = TestData.shared.appendingPathComponent("jcs/input/\(name)").path
        let r = try await CLIRunner.run(["hash", "canon", input])
        #expect(r.status == 0)
        #expect(r.stdout == (try TestData.sharedFile("jcs/output/\(name)")))
    }

    @Test func hashCanonFromStdinAndBadJSON() async throws {
        let ok = try await CLIRunner.run(["hash", "canon", "-"], stdin: Data("{\"b\": 1.0, \"a\": [true]}".utf8))
        #expect(ok.out == "{\"a\":[true],\"b\":1}")
        let bad = try await CLIRunner.run(["hash", "canon", "-"], stdin: Data("{\"a\": NaN}".utf8))
        #expect(bad.status == 1)
        #expect(bad.stderr == "error: -:1:7: unexpected character 'N', expected a value [E_PARSE]\n")
    }

    @Test func hashBLAKE3OfAFile() async throws {
        let path = TestData.shared.appendingPathComponent("bars/synthetic_daily_2000.csv").path
        let r = try await CLIRunner.run(["hash", "blake3", path])
        #expect(r.status == 0)
        #expect(r.out == BLAKE3.hash(Array(try TestData.sharedFile("bars/synthetic_daily_2000.csv"))).description + "\n")
        let empty = try await CLIRunner.run(["hash", "blake3", "-"], stdin: Data())
        #expect(empty.out == "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262\n")
    }

    @Test func graphShowFromTheFileAndFromTheGSGAndGraphStats() async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func qmtl(_ args: [String]) async throws -> CLIRunner.Result { try await CLIRunner.run(args, directory: dir) }
        let file = TestData.repoRoot.appendingPathComponent("examples/strategies/sma_cross.yaml").path
        let ids = try WorldDataCLITests.json(try await qmtl(["graph", "ids", file, "--json"]))
        let expected = Set(try #require(ids["nodes"] as? [[String: Any]]).compactMap { $0["node_id"] as? String })
        let strategyID = try #require(ids["strategy_id"] as? String)
        // From the file: the tree from the root, a node reached twice shown once more as (above).
        let tree = try await qmtl(["graph", "show", file])
        #expect(tree.status == 0)
        let lines = tree.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("sma_cross  StrategyRoot  ") == true && lines.count == 7, "\(tree.out)")
        #expect(lines.last?.hasSuffix("(above)") == true && tree.out.contains("sma_fast  SMA {field: \"close\", window: 10}"))
        let shown = try WorldDataCLITests.json(try await qmtl(["graph", "show", file, "--json"]))
        #expect(Set(try #require(shown["nodes"] as? [[String: Any]]).compactMap { $0["node_id"] as? String }) == expected)
        // From the GSG, after a submission to two worlds: the same nodes, stored once.
        for w in ["a", "b"] { #expect(try await qmtl(["world", "create", w, "--data", WorldDataCLITests.bars, "--symbol", "SYN"]).status == 0) }
        #expect(try await qmtl(["submit", file, "--world", "a", "--world", "b"]).status == 0)
        let stored = try WorldDataCLITests.json(try await qmtl(["graph", "show", strategyID, "--json"]))
        #expect(Set(try #require(stored["nodes"] as? [[String: Any]]).compactMap { $0["node_id"] as? String }) == expected)
        let stats = try WorldDataCLITests.json(try await qmtl(["graph", "stats", "--json"]))
        #expect(stats["nodes"] as? Int == expected.count && stats["strategies"] as? Int == 1 && stats["edges"] as? Int == 6)
        #expect(stats["worlds"] as? Int == 2 && stats["bindings"] as? Int == 2 && stats["strategies_in_several_worlds"] as? Int == 1)
        #expect(stats["node_dup_rate"] as? Double == 0 && (stats["nodes_by_type"] as? [String: Int])?["SMA"] == 2)
        let unknown = try await qmtl(["graph", "show", "blake3:" + String(repeating: "0", count: 64)])
        #expect(unknown.status == 1 && unknown.stderr.contains("[E_"), "\(unknown.stderr)")
    }
}
