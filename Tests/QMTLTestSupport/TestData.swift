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
