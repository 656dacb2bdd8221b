import Synchronization

/// A test step that took longer than its bound: the test fails naming the step instead of
/// hanging the suite.
public struct StepTimedOut: Error, CustomStringConvertible {
    /// What was awaited.
    public let step: String
    /// The bound, seconds.
    public let seconds: Double

    public var description: String { "\(step) did not finish within \(Int(seconds)) s" }
}

/// Awaits `body`, or throws ``StepTimedOut`` naming `step` once `seconds` pass (leaving
/// `body` running, unawaited): for clean-up steps (stopping servers, closing stores) that
/// should never block a whole test run.
public func bounded<T: Sendable>(_ step: String, seconds: Double = 60, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    return try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        let once = Once(c)
        Task {
            do { once.finish(.success(try await body())) } catch { once.finish(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: .seconds(seconds))
            once.finish(.failure(StepTimedOut(step: step, seconds: seconds)))
        }
    }
}

/// A continuation resumed by whichever of two tasks finishes first.
private final class Once<T: Sendable>: Sendable {
    let continuation: Mutex<CheckedContinuation<T, any Error>?>
    init(_ c: CheckedContinuation<T, any Error>) { continuation = Mutex(c) }
    func finish(_ result: Result<T, any Error>) { continuation.withLock { $0.take() }?.resume(with: result) }
}
