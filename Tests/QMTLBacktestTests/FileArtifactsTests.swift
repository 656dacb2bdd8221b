import Foundation
import QMTLBacktest
import QMTLCore
import Testing

/// Decision #8: `{"file": path}` anywhere in params — however deep — becomes the content hash
/// of the file, found relative to the strategy file's directory, not the working directory.
@Suite("File parameters")
struct FileArtifactsTests {
    static func registry() throws -> NodeRegistry {
        var reg = NodeRegistry.builtins
        try reg.register(
            NodeTypeSpec(
                name: "Model", kind: .operator, output: .series, inputs: .single(accepts: [.bar]), params: [], acceptsAnyParams: true,
                period: .constant(1), codeHash: BLAKE3.hash("model")))
        return reg
    }

    static func strategy(_ file: String) -> String {
        """
        nodes:
          p: {type: BarSource, params: {symbol: S, interval: 1d}}
          m:
            type: Model
            params: {layers: [{name: a}, {name: b, init: {weights: {file: \(file)}, scale: 2}}]}
            inputs: [p]
        outputs: [m]
        """
    }

    @Test func nestedFileParametersAreResolvedFromTheStrategysDirectory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-art-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights: [UInt8] = [7, 1, 2, 9]
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("strat/models"), withIntermediateDirectories: true)
        try Data(weights).write(to: dir.appendingPathComponent("strat/models/w.bin"))
        try Data([0]).write(to: dir.appendingPathComponent("w.bin"))  // a decoy beside the working directory's idea of "models"
        let path = dir.appendingPathComponent("strat/s.yaml").path
        let graph = try StrategyFile.load(
            Self.strategy("models/w.bin"), fileName: path, registry: Self.registry(), artifacts: FileArtifacts.resolver(relativeTo: path))
        let model = try #require(graph.nodes.first { $0.name == "m" })
        let expected = "{\"artifact\":\"\(BLAKE3.hash(weights))\"}"
        #expect(model.canonical.canonicalText.contains("\"init\":{\"scale\":2,\"weights\":\(expected)}"))
        #expect(!model.canonical.canonicalText.contains("w.bin"))
        // The same bytes named by an absolute path, or written as the artifact, give the same id.
        let absolute = try StrategyFile.load(
            Self.strategy(dir.appendingPathComponent("strat/models/w.bin").path), fileName: path, registry: Self.registry(),
            artifacts: FileArtifacts.resolver(relativeTo: "/elsewhere/s.yaml"))
        #expect(absolute.strategyID == graph.strategyID)
        let written = try StrategyFile.load(
            Self.strategy("x").replacingOccurrences(of: "{file: x}", with: "{artifact: \"\(BLAKE3.hash(weights))\"}"), fileName: path,
            registry: Self.registry())
        #expect(written.strategyID == graph.strategyID)
    }

    @Test func aMissingFileIsAnArtifactErrorNamingIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-none-\(UUID().uuidString)/s.yaml").path
        let error = #expect(throws: QMTLError.self) {
            try StrategyFile.load(
                Self.strategy("models/w.bin"), fileName: path, registry: Self.registry(), artifacts: FileArtifacts.resolver(relativeTo: path))
        }
        #expect(error?.code == .artifact)
        #expect(error?.message.contains("models/w.bin: no such file") == true, "\(error?.message ?? "")")
    }
}
