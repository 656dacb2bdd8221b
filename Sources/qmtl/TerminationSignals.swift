import Foundation

/// SIGTERM and SIGINT for long-running commands (`qmtl worker`, `qmtl world campaign-loop`):
/// the first one cancels the work, which stops at its next suspension point.
enum TerminationSignals {
    /// Runs `body`, cancelled by SIGTERM or SIGINT.
    static func cancelling<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        return try await task.value
    }
}
