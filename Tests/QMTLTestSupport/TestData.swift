import Foundation

/// Paths of the repository and of the shared test data (`../shared/data` from the repo root).
public enum TestData {
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()  // Tests/QMTLTestSupport/x

    public static let shared: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    public static func sharedFile(_ relative: String) throws -> Data {
        try Data(contentsOf: shared.appendingPathComponent(relative))
    }

    public static func repoFile(_ relative: String) throws -> Data {
        try Data(contentsOf: repoRoot.appendingPathComponent(relative))
    }
}

extension TestData {
    /// A product built next to the test bundle (`qmtl`, `qmtl-bench`).
    public static func executable(_ name: String) -> URL {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        fatalError("\(name) not found next to \(dir.path)")
    }
}
