import Dispatch
import QMTLCore

/// Hashes a dataset fingerprint's blocks on a serial queue while the loader parses the next
/// ones, so parsing and BLAKE3 use two cores. At most `window` blocks wait at a time.
final class BlockHasher: @unchecked Sendable {
    // @unchecked: `hasher` is touched only on `queue` (submit enqueues; finish waits on it).
    private let queue = DispatchQueue(label: "qmtl.fingerprint")
    private let slots: DispatchSemaphore
    private var hasher: DatasetFingerprint.Hasher

    init(_ hasher: DatasetFingerprint.Hasher, window: Int = 8) {
        self.hasher = hasher
        slots = DispatchSemaphore(value: window)
    }

    /// Queues a block; waits while `window` blocks are already waiting.
    func submit(_ block: [UInt8]) {
        slots.wait()
        queue.async {
            self.hasher.update(block)
            self.slots.signal()
        }
    }

    /// The fingerprint of every block submitted, once they are all hashed.
    func finish() -> DatasetFingerprint {
        queue.sync { hasher.finalize() }
    }
}
