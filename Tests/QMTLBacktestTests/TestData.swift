import Foundation

/// Paths of the repository and of the shared test data (`../shared/data` from the repo root).
enum TestData {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let shared: URL = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    static func sharedFile(_ relative: String) throws -> Data {
        try Data(contentsOf: shared.appendingPathComponent(relative))
    }

    static func repoFile(_ relative: String) throws -> Data {
        try Data(contentsOf: repoRoot.appendingPathComponent(relative))
    }
}
