extension BLAKE3 {
    /// The state of the chunk being absorbed: up to 16 blocks of 64 bytes.
    struct ChunkState: Sendable {
        var cv: CV
        var counter: UInt64
        var flags: UInt32
        /// The block being filled, 64 bytes.
        var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var bufferLength = 0
        var blocksCompressed = 0

        init(key: CV, counter: UInt64, flags: UInt32) {
            self.cv = key
            self.counter = counter
            self.flags = flags
        }

        var length: Int { blocksCompressed &* BLAKE3.blockLength &+ bufferLength }

        var startFlag: UInt32 { blocksCompressed == 0 ? Flag.chunkStart : 0 }

        /// Absorbs `count` bytes; the caller never passes more than the chunk can hold.
        mutating func update(_ input: UnsafeRawPointer, count: Int) {
            var p = input
            var remaining = count
            while remaining > 0 {
                if bufferLength == BLAKE3.blockLength {
                    let block = withUnsafeBytes(of: &buffer) { Block(loading: $0.baseAddress!) }
                    cv = compress(cv, block, counter: counter, blockLength: 64, flags: flags | startFlag)
                    blocksCompressed &+= 1
                    bufferLength = 0
                    buffer = (0, 0, 0, 0, 0, 0, 0, 0)
                }
                if bufferLength == 0 && remaining > BLAKE3.blockLength {
                    // More input follows in this chunk, so this block is not its last.
                    cv = compress(cv, Block(loading: p), counter: counter, blockLength: 64, flags: flags | startFlag)
                    blocksCompressed &+= 1
                    p += BLAKE3.blockLength
                    remaining -= BLAKE3.blockLength
                    continue
                }
                let take = min(BLAKE3.blockLength - bufferLength, remaining)
                let offset = bufferLength
                withUnsafeMutableBytes(of: &buffer) { ($0.baseAddress! + offset).copyMemory(from: p, byteCount: take) }
                bufferLength += take
                p += take
                remaining -= take
            }
        }

        func output() -> Output {
            var copy = buffer
            let block = withUnsafeBytes(of: &copy) { Block(loading: $0.baseAddress!) }
            return Output(
                inputCV: cv, block: block, counter: counter, blockLength: UInt32(bufferLength),
                flags: flags | startFlag | Flag.chunkEnd
            )
        }

        /// The chaining value of a whole 1024-byte chunk read straight from `p`.
        @inline(__always)
        static func compressWholeChunk(_ p: UnsafeRawPointer, key: CV, counter: UInt64, flags: UInt32) -> CV {
            var cv = compress(key, Block(loading: p), counter: counter, blockLength: 64, flags: flags | Flag.chunkStart)
            var offset = BLAKE3.blockLength
            while offset < BLAKE3.chunkLength - BLAKE3.blockLength {
                cv = compress(cv, Block(loading: p + offset), counter: counter, blockLength: 64, flags: flags)
                offset &+= BLAKE3.blockLength
            }
            return compress(cv, Block(loading: p + offset), counter: counter, blockLength: 64, flags: flags | Flag.chunkEnd)
        }
    }

    /// A compression not yet run: either a chaining value or (with the root flag) output bytes.
    struct Output: Sendable {
        var inputCV: CV
        var block: Block
        var counter: UInt64
        var blockLength: UInt32
        var flags: UInt32

        var chainingValue: CV {
            compress(inputCV, block, counter: counter, blockLength: blockLength, flags: flags)
        }

        /// Writes root output bytes `seek ..< seek + out.count` into `out`.
        func write(to out: UnsafeMutableRawBufferPointer, seek: UInt64) {
            guard let base = out.baseAddress else { return }
            var blockCounter = seek / 64
            var skip = Int(seek % 64)
            var written = 0
            var tmp: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
            while written < out.count {
                let state = CompressionState(
                    cv: inputCV, block: block, counter: blockCounter, blockLength: blockLength, flags: flags | Flag.root
                )
                withUnsafeMutableBytes(of: &tmp) { t in
                    state.storeOutput(feedForward: inputCV, to: t.baseAddress!)
                    let n = min(64 - skip, out.count - written)
                    (base + written).copyMemory(from: t.baseAddress! + skip, byteCount: n)
                    written += n
                }
                skip = 0
                blockCounter &+= 1
            }
        }
    }
}
