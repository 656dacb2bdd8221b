// The BLAKE3 compression function: the one hot loop of the hash (R-ID-1).
// Kept scalar, on local values, with the message schedule unrolled so the optimiser keeps
// the whole state in registers. No allocation, no bounds checks.

extension BLAKE3 {
    static let iv: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6A09_E667, 0xBB67_AE85, 0x3C6E_F372, 0xA54F_F53A, 0x510E_527F, 0x9B05_688C, 0x1F83_D9AB, 0x5BE0_CD19
    )

    /// Flag bits of the compression function's `flags` word.
    enum Flag {
        static let chunkStart: UInt32 = 1 << 0
        static let chunkEnd: UInt32 = 1 << 1
        static let parent: UInt32 = 1 << 2
        static let root: UInt32 = 1 << 3
        static let keyedHash: UInt32 = 1 << 4
        static let deriveKeyContext: UInt32 = 1 << 5
        static let deriveKeyMaterial: UInt32 = 1 << 6
    }

    static let chunkLength = 1024
    static let blockLength = 64
}

/// Eight 32-bit words: a chaining value or a key.
@usableFromInline
struct CV: Sendable, Equatable {
    var w0, w1, w2, w3, w4, w5, w6, w7: UInt32

    @inline(__always)
    init(_ w0: UInt32, _ w1: UInt32, _ w2: UInt32, _ w3: UInt32, _ w4: UInt32, _ w5: UInt32, _ w6: UInt32, _ w7: UInt32) {
        (self.w0, self.w1, self.w2, self.w3, self.w4, self.w5, self.w6, self.w7) = (w0, w1, w2, w3, w4, w5, w6, w7)
    }

    static var iv: CV {
        let v = BLAKE3.iv
        return CV(v.0, v.1, v.2, v.3, v.4, v.5, v.6, v.7)
    }

    /// Reads eight little-endian words from 32 bytes.
    @inline(__always)
    init(loading p: UnsafeRawPointer) {
        func w(_ i: Int) -> UInt32 { UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)) }
        self.init(w(0), w(1), w(2), w(3), w(4), w(5), w(6), w(7))
    }

    /// Writes the eight words little-endian into 32 bytes.
    @inline(__always)
    func store(to p: UnsafeMutableRawPointer) {
        let words = (
            w0.littleEndian, w1.littleEndian, w2.littleEndian, w3.littleEndian,
            w4.littleEndian, w5.littleEndian, w6.littleEndian, w7.littleEndian
        )
        withUnsafeBytes(of: words) { p.copyMemory(from: $0.baseAddress!, byteCount: 32) }
    }
}

/// Sixteen message words of one 64-byte block.
@usableFromInline
struct Block: Sendable {
    var m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15: UInt32

    /// Reads sixteen little-endian words from 64 bytes.
    @inline(__always)
    init(loading p: UnsafeRawPointer) {
        func w(_ i: Int) -> UInt32 { UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self)) }
        (m0, m1, m2, m3, m4, m5, m6, m7) = (w(0), w(1), w(2), w(3), w(4), w(5), w(6), w(7))
        (m8, m9, m10, m11, m12, m13, m14, m15) = (w(8), w(9), w(10), w(11), w(12), w(13), w(14), w(15))
    }

    /// Builds a block from two chaining values (a parent node's input).
    @inline(__always)
    init(left l: CV, right r: CV) {
        (m0, m1, m2, m3, m4, m5, m6, m7) = (l.w0, l.w1, l.w2, l.w3, l.w4, l.w5, l.w6, l.w7)
        (m8, m9, m10, m11, m12, m13, m14, m15) = (r.w0, r.w1, r.w2, r.w3, r.w4, r.w5, r.w6, r.w7)
    }
}

/// The 16-word internal state of one compression.
@usableFromInline
struct CompressionState {
    var s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15: UInt32

    @inline(__always)
    static func g(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32, _ x: UInt32, _ y: UInt32
    ) -> (UInt32, UInt32, UInt32, UInt32) {
        var a = a, b = b, c = c, d = d
        a = a &+ b &+ x
        d ^= a
        d = (d >> 16) | (d << 16)
        c = c &+ d
        b ^= c
        b = (b >> 12) | (b << 20)
        a = a &+ b &+ y
        d ^= a
        d = (d >> 8) | (d << 24)
        c = c &+ d
        b ^= c
        b = (b >> 7) | (b << 25)
        return (a, b, c, d)
    }

    @inline(__always)
    mutating func round(
        _ m0: UInt32, _ m1: UInt32, _ m2: UInt32, _ m3: UInt32, _ m4: UInt32, _ m5: UInt32, _ m6: UInt32, _ m7: UInt32,
        _ m8: UInt32, _ m9: UInt32, _ m10: UInt32, _ m11: UInt32, _ m12: UInt32, _ m13: UInt32, _ m14: UInt32, _ m15: UInt32
    ) {
        (s0, s4, s8, s12) = Self.g(s0, s4, s8, s12, m0, m1)
        (s1, s5, s9, s13) = Self.g(s1, s5, s9, s13, m2, m3)
        (s2, s6, s10, s14) = Self.g(s2, s6, s10, s14, m4, m5)
        (s3, s7, s11, s15) = Self.g(s3, s7, s11, s15, m6, m7)
        (s0, s5, s10, s15) = Self.g(s0, s5, s10, s15, m8, m9)
        (s1, s6, s11, s12) = Self.g(s1, s6, s11, s12, m10, m11)
        (s2, s7, s8, s13) = Self.g(s2, s7, s8, s13, m12, m13)
        (s3, s4, s9, s14) = Self.g(s3, s4, s9, s14, m14, m15)
    }

    /// Runs the seven rounds of the compression function.
    @inline(__always)
    init(cv: CV, block m: Block, counter: UInt64, blockLength: UInt32, flags: UInt32) {
        let iv = BLAKE3.iv
        (s0, s1, s2, s3, s4, s5, s6, s7) = (cv.w0, cv.w1, cv.w2, cv.w3, cv.w4, cv.w5, cv.w6, cv.w7)
        (s8, s9, s10, s11) = (iv.0, iv.1, iv.2, iv.3)
        (s12, s13, s14, s15) = (UInt32(truncatingIfNeeded: counter), UInt32(truncatingIfNeeded: counter >> 32), blockLength, flags)
        // The message schedule (each row is the previous one permuted), unrolled.
        round(m.m0, m.m1, m.m2, m.m3, m.m4, m.m5, m.m6, m.m7, m.m8, m.m9, m.m10, m.m11, m.m12, m.m13, m.m14, m.m15)
        round(m.m2, m.m6, m.m3, m.m10, m.m7, m.m0, m.m4, m.m13, m.m1, m.m11, m.m12, m.m5, m.m9, m.m14, m.m15, m.m8)
        round(m.m3, m.m4, m.m10, m.m12, m.m13, m.m2, m.m7, m.m14, m.m6, m.m5, m.m9, m.m0, m.m11, m.m15, m.m8, m.m1)
        round(m.m10, m.m7, m.m12, m.m9, m.m14, m.m3, m.m13, m.m15, m.m4, m.m0, m.m11, m.m2, m.m5, m.m8, m.m1, m.m6)
        round(m.m12, m.m13, m.m9, m.m11, m.m15, m.m10, m.m14, m.m8, m.m7, m.m2, m.m5, m.m3, m.m0, m.m1, m.m6, m.m4)
        round(m.m9, m.m14, m.m11, m.m5, m.m8, m.m12, m.m15, m.m1, m.m13, m.m3, m.m0, m.m10, m.m2, m.m6, m.m4, m.m7)
        round(m.m11, m.m15, m.m5, m.m0, m.m1, m.m9, m.m8, m.m6, m.m14, m.m10, m.m2, m.m12, m.m3, m.m4, m.m7, m.m13)
    }

    /// The new chaining value: the first eight output words.
    @inline(__always)
    var chainingValue: CV {
        CV(s0 ^ s8, s1 ^ s9, s2 ^ s10, s3 ^ s11, s4 ^ s12, s5 ^ s13, s6 ^ s14, s7 ^ s15)
    }

    /// All sixteen output words (extended output), written little-endian into 64 bytes.
    @inline(__always)
    func storeOutput(feedForward cv: CV, to p: UnsafeMutableRawPointer) {
        let words:
            (
                UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32
            ) = (
                s0 ^ s8, s1 ^ s9, s2 ^ s10, s3 ^ s11, s4 ^ s12, s5 ^ s13, s6 ^ s14, s7 ^ s15,
                s8 ^ cv.w0, s9 ^ cv.w1, s10 ^ cv.w2, s11 ^ cv.w3, s12 ^ cv.w4, s13 ^ cv.w5, s14 ^ cv.w6, s15 ^ cv.w7
            )
        // Words are host order and BLAKE3 output is little-endian: every supported host is.
        withUnsafeBytes(of: words) { p.copyMemory(from: $0.baseAddress!, byteCount: 64) }
    }
}

@inline(__always)
func compress(_ cv: CV, _ block: Block, counter: UInt64, blockLength: UInt32, flags: UInt32) -> CV {
    CompressionState(cv: cv, block: block, counter: counter, blockLength: blockLength, flags: flags).chainingValue
}
