import Foundation

/// Runs blocking work — waiting for a child process, draining its pipes — on a thread of its
/// own and resumes the caller when it is done.
///
/// Swift's cooperative pool has one thread per core: two on the CI machine. A test that blocks
/// one of them while a `qmtl` child runs for half a minute starves every other test's timers,
/// leases and heartbeats, which then fail for want of a thread rather than for a defect.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}

/// What a started `process` writes to `pipe`, once it has exited; waited for off the pool.
/// The pipe is read to its end before the wait, so a child that fills it never blocks.
public func output(of process: Process, from pipe: Pipe) async throws -> String {
    try await offThePool {
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
