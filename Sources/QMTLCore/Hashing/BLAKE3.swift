/// BLAKE3, implemented in pure Swift (R-ID-1): hash, keyed hash, key derivation and extendable
/// output, incremental (``update(_:)-(UnsafeRawBufferPointer)`` then ``finalize()``) or one-shot
/// (``hash(_:)-(UnsafeRawBufferPointer)``).
///
/// Verified against every case of the official test vectors, in all three modes and for the
/// full extended output length. The project writes hashes as `blake3:<64 lowercase hex>`
/// (see ``Hash256``).
///
/// ```swift
/// var hasher = BLAKE3()
/// hasher.update(Array("abc".utf8))
/// let digest = hasher.finalize()   // Hash256
/// ```
public struct BLAKE3: Sendable {
    var key: CV
    var flags: UInt32
    var chunk: ChunkState
    /// Chaining values of completed subtrees, one per set bit of the chunk count (at most 54).
    var stack: [CV]

    init(key: CV, flags: UInt32) {
        self.key = key
        self.flags = flags
        self.chunk = ChunkState(key: key, counter: 0, flags: flags)
        self.stack = []
        stack.reserveCapacity(8)
    }

    /// A hasher for the default (unkeyed) mode.
    public init() {
        self.init(key: .iv, flags: 0)
    }

    /// A hasher for the keyed mode.
    /// - Parameter key: exactly 32 bytes.
    /// - Throws: ``QMTLError`` `E_BLAKE3_KEY_LENGTH` when the key is not 32 bytes long.
    public init(key: [UInt8]) throws {
        guard key.count == 32 else {
            throw QMTLError(.blake3KeyLength, "a BLAKE3 key is 32 bytes, got \(key.count)")
        }
        let cv = key.withUnsafeBytes { CV(loading: $0.baseAddress!) }
        self.init(key: cv, flags: Flag.keyedHash)
    }

    /// A hasher for the key-derivation mode.
    /// - Parameter context: a hard-coded, globally unique, application-specific context string.
    public init(deriveKeyContext context: String) {
        var contextHasher = BLAKE3(key: .iv, flags: Flag.deriveKeyContext)
        contextHasher.update(Array(context.utf8))
        var contextKey = [UInt8](repeating: 0, count: 32)
        contextHasher.finalize(into: &contextKey)
        let cv = contextKey.withUnsafeBytes { CV(loading: $0.baseAddress!) }
        self.init(key: cv, flags: Flag.deriveKeyMaterial)
    }

    /// Absorbs more input.
    public mutating func update(_ input: UnsafeRawBufferPointer) {
        guard var p = input.baseAddress else { return }
        var remaining = input.count
        while remaining > 0 {
            if chunk.length == BLAKE3.chunkLength {
                let cv = chunk.output().chainingValue
                let total = chunk.counter &+ 1
                addChunkChainingValue(cv, totalChunks: total)
                chunk = ChunkState(key: key, counter: total, flags: flags)
            }
            if chunk.length == 0 && remaining > BLAKE3.chunkLength {
                // Whole chunks straight from the input; the last chunk always stays in `chunk`
                // because only `finalize` knows whether it is the root.
                let cv = ChunkState.compressWholeChunk(p, key: key, counter: chunk.counter, flags: flags)
                let total = chunk.counter &+ 1
                addChunkChainingValue(cv, totalChunks: total)
                chunk = ChunkState(key: key, counter: total, flags: flags)
                p += BLAKE3.chunkLength
                remaining -= BLAKE3.chunkLength
                continue
            }
            let take = min(BLAKE3.chunkLength - chunk.length, remaining)
            chunk.update(p, count: take)
            p += take
            remaining -= take
        }
    }

    /// Absorbs more input.
    public mutating func update(_ input: [UInt8]) {
        input.withUnsafeBytes { update($0) }
    }

    /// Absorbs the UTF-8 bytes of a string.
    public mutating func update(_ input: String) {
        var s = input
        s.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    mutating func addChunkChainingValue(_ newCV: CV, totalChunks: UInt64) {
        var cv = newCV
        var total = totalChunks
        while total & 1 == 0 {
            cv = parentChainingValue(left: stack.removeLast(), right: cv)
            total >>= 1
        }
        stack.append(cv)
    }

    func parentOutput(left: CV, right: CV) -> Output {
        Output(inputCV: key, block: Block(left: left, right: right), counter: 0, blockLength: 64, flags: Flag.parent | flags)
    }

    func parentChainingValue(left: CV, right: CV) -> CV {
        compress(key, Block(left: left, right: right), counter: 0, blockLength: 64, flags: Flag.parent | flags)
    }

    func rootOutput() -> Output {
        var output = chunk.output()
        var i = stack.count
        while i > 0 {
            i -= 1
            output = parentOutput(left: stack[i], right: output.chainingValue)
        }
        return output
    }

    /// The 32-byte digest of everything absorbed so far. The hasher can keep absorbing.
    public func finalize() -> Hash256 {
        var out = Hash256.zero
        withUnsafeMutableBytes(of: &out.storage) { rootOutput().write(to: $0, seek: 0) }
        return out
    }

    /// Fills `output` with extended output (XOF) starting at byte `seek`.
    public func finalize(into output: inout [UInt8], seek: UInt64 = 0) {
        output.withUnsafeMutableBytes { rootOutput().write(to: $0, seek: seek) }
    }

    /// Returns `count` bytes of extended output (XOF).
    public func finalize(count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        finalize(into: &out)
        return out
    }
}

extension BLAKE3 {
    /// One-shot BLAKE3-256 of `input`. Inputs of one chunk (≤ 1 KiB) never allocate.
    public static func hash(_ input: UnsafeRawBufferPointer) -> Hash256 {
        if input.count <= chunkLength {
            return hashSingleChunk(input)
        }
        var hasher = BLAKE3()
        hasher.update(input)
        return hasher.finalize()
    }

    /// The root hash of an input of at most one chunk: full blocks straight from the input,
    /// the last one zero-padded, and only the eight output words the digest needs.
    static func hashSingleChunk(_ input: UnsafeRawBufferPointer) -> Hash256 {
        var cv = CV.iv
        var flags = Flag.chunkStart
        var offset = 0
        if let base = input.baseAddress {
            while input.count - offset > blockLength {
                cv = compress(cv, Block(loading: base + offset), counter: 0, blockLength: 64, flags: flags)
                flags = 0
                offset += blockLength
            }
        }
        var last: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let tail = input.count - offset
        let block = withUnsafeMutableBytes(of: &last) { buf in
            if tail > 0 { buf.baseAddress!.copyMemory(from: input.baseAddress! + offset, byteCount: tail) }
            return Block(loading: buf.baseAddress!)
        }
        let root = compress(cv, block, counter: 0, blockLength: UInt32(tail), flags: flags | Flag.chunkEnd | Flag.root)
        var out = Hash256.zero
        withUnsafeMutableBytes(of: &out.storage) { root.store(to: $0.baseAddress!) }
        return out
    }

    /// One-shot BLAKE3-256 of a byte array.
    public static func hash(_ input: [UInt8]) -> Hash256 {
        input.withUnsafeBytes { hash($0) }
    }

    /// One-shot BLAKE3-256 of the UTF-8 bytes of a string.
    public static func hash(_ input: String) -> Hash256 {
        var s = input
        return s.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }
}
