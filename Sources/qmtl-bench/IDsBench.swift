import ArgumentParser
import Foundation
import QMTLCore

/// `qmtl-bench ids`: NodeIDs per second over distinct generated nodes (5–8 params, 2
/// dependencies), and BLAKE3 throughput on 1 KiB and 1 MiB inputs. One core.
struct IDsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ids", abstract: "NodeID and BLAKE3 throughput.")

    @Option(help: "Distinct nodes to canonicalise.")
    var nodes = 1_000_000

    @Option(help: "Bytes hashed per BLAKE3 figure.")
    var bytes = 1 << 30

    func run() async throws {
        let (registry, inputs, params) = try Self.generate(count: nodes)
        let clock = ContinuousClock()
        var check = 0 as UInt64
        // Best of three passes over the same distinct nodes: this machine's neighbours are noisy.
        var best = Duration.seconds(1_000_000)
        for _ in 0..<3 {
            check = 0
            let elapsed = try clock.measure {
                for i in 0..<params.count {
                    let node = try registry.canonicalize(type: "BenchNode", params: params[i], inputs: inputs[i % inputs.count])
                    check &+= UInt64(node.nodeID.hash.bytes[0])
                }
            }
            best = min(best, elapsed)
        }
        print("node_ids_per_sec \(Int(Double(params.count) / best.seconds))  # best of 3 passes")
        print("node_ids_checksum \(check)")

        for size in [1024, 1 << 20] {
            let input = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let rounds = max(1, bytes / size)
            var sink = 0 as UInt64
            let t = clock.measure {
                input.withUnsafeBytes { buf in
                    for _ in 0..<rounds { sink &+= UInt64(BLAKE3.hash(buf).bytes[1]) }
                }
            }
            let label = size == 1024 ? "1kib" : "1mib"
            print("blake3_mb_per_sec_\(label) \(Int(Double(rounds * size) / 1e6 / t.seconds))  # MB = 10^6 bytes, checksum \(sink % 1000)")
        }
    }

    /// A registry with one 8-parameter user type, 64 input pairs, and `count` distinct
    /// parameter objects of 5–8 fields (the rest take defaults). Not timed.
    static func generate(count: Int) throws -> (NodeRegistry, [NodeInputs], [JSONValue]) {
        var registry = NodeRegistry.builtins
        try registry.register(
            NodeTypeSpec(
                name: "BenchNode", kind: .operator, output: .series, inputs: .list(accepts: [.series], min: 2),
                params: [
                    ParamSpec("window", .integer(1...10_000_000)),
                    ParamSpec("alpha", .number(0...1)),
                    ParamSpec("side", .enumeration(["long", "short", "both"])),
                    ParamSpec("symbol", .string),
                    ParamSpec("leverage", .number(0...100)),
                    ParamSpec("fee_bps", .number(0...1000), default: 1),
                    ParamSpec("slippage_bps", .number(0...1000), default: 2),
                    ParamSpec("normalise", .boolean, default: false),
                ],
                period: .param("window"), codeHash: BLAKE3.hash("bench")))
        let inputs: [NodeInputs] = (0..<64).map { i in
            .list([
                NodeInput(nodeID: NodeID(BLAKE3.hash("a\(i)")), schema: .series, interval: 60, name: "a"),
                NodeInput(nodeID: NodeID(BLAKE3.hash("b\(i)")), schema: .series, interval: 60, name: "b"),
            ])
        }
        let sides = ["long", "short", "both"]
        let params: [JSONValue] = (0..<count).map { i in
            var o = JSONObject()
            o["window"] = .number(Double(i % 9_999_999 + 1))
            o["alpha"] = .number(Double(i % 1000) / 1000)
            o["side"] = .string(sides[i % 3])
            o["symbol"] = .string("SYM\(i / 9_999_999)")
            o["leverage"] = .number(Double(i % 7) + 0.5)
            if i % 4 >= 1 { o["fee_bps"] = .number(Double(i % 50) / 10) }
            if i % 4 >= 2 { o["slippage_bps"] = .number(Double(i % 30)) }
            if i % 4 >= 3 { o["normalise"] = .bool(i % 2 == 0) }
            return .object(o)
        }
        return (registry, inputs, params)
    }
}

extension Duration {
    /// Seconds as a double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
