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
