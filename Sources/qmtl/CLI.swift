import Foundation
import QMTLCore

/// Rendering of results and errors for the terminal.
enum CLI {
    /// A failure that is not a ``QMTLError`` (e.g. an unreadable file), with its exit code.
    struct Failure: Error {
        var message: String
        var exitCode: Int32 = 1
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    /// Prints a typed error as one line and exits 1.
    static func fail(_ error: QMTLError) -> Never {
        printError("\(error.message) [\(error.code)]")
        exit(1)
    }

    /// Reads a whole file (or standard input for `-`).
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure(message: "cannot read \(path): \(reason(error))")
        }
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, let text = String(validatingCString: strerror(Int32(underlying.code))) {
            return text
        }
        return ns.localizedDescription
    }

    /// Reads a text file as UTF-8.
    static func readText(_ path: String) throws -> String {
        guard let text = String(data: try read(path), encoding: .utf8) else {
            throw Failure(message: "\(path) is not UTF-8 text")
        }
        return text
    }

    /// Writes bytes to standard output.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a JSON value in canonical form on one line.
    static func printJSON(_ value: JSONValue) throws {
        var bytes = try JCS.bytes(value)
        bytes.append(0x0A)
        write(bytes)
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Hashes a file by streaming it in 1 MiB pieces.
    static func blake3(ofFile path: String) throws -> Hash256 {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            var isDir: ObjCBool = false
            let why =
                FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
                ? (isDir.boolValue ? "is a directory" : "permission denied") : "no such file"
            throw Failure(message: "cannot read \(path): \(why)")
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

    /// Resolves `{"file": path}` parameters relative to the directory of `strategyPath`.
    static func artifactResolver(relativeTo strategyPath: String) -> ArtifactResolver {
        let base = URL(fileURLWithPath: strategyPath).deletingLastPathComponent()
        return { path in
            let full = path.hasPrefix("/") ? path : base.appendingPathComponent(path).path
            do {
                return try blake3(ofFile: full)
            } catch let failure as Failure {
                throw QMTLError("E_ARTIFACT", failure.message)
            }
        }
    }
}
