import Foundation
import QMTLCore

/// File parameters read from disk (R-ID-4): a strategy's `{"file": path}` parameters are hashed
/// by content, with relative paths taken from the strategy file's directory (decision #8).
public enum FileArtifacts {
    /// `blake3:<hex>` of a file's bytes, read in 1 MiB pieces.
    /// - Throws: `QMTLError` `E_FILE_UNREADABLE` saying why (missing, a directory, not permitted).
    public static func blake3(ofFile path: String) throws -> Hash256 {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDir: ObjCBool = false
            let why =
                FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
                ? (isDir.boolValue ? "is a directory" : "permission denied") : "no such file"
            throw QMTLError(.fileUnreadable, "cannot read \(path): \(why)", details: ["path": path])
        }
        defer { try? handle.close() }
        var hasher = BLAKE3()
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            chunk.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalize()
    }

    /// Resolves `{"file": path}` parameters relative to the directory of `strategyPath`
    /// (absolute paths as they are).
    /// - Throws (from the resolver): `QMTLError` `E_ARTIFACT` naming the file.
    public static func resolver(relativeTo strategyPath: String) -> ArtifactResolver {
        let base = URL(fileURLWithPath: strategyPath).deletingLastPathComponent()
        return { path in
            let full = path.hasPrefix("/") ? path : base.appendingPathComponent(path).path
            do {
                return try blake3(ofFile: full)
            } catch let error as QMTLError {
                throw QMTLError(.artifact, error.message, details: error.details)
            }
        }
    }
}
