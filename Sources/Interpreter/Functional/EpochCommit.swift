import ISA

/// The end of an epoch: every core's logged GM writes land in core order, then every atomic
/// add in core order and, within a core, program order. fp32 sums therefore come out the same
/// on every run and with any number of host threads.
enum EpochCommit {
    static func apply(_ cores: [Core], gm: GlobalMemory) {
        for c in cores {
            for e in c.wlog.writes { gm.pointer(e.addr).copyMemory(from: e.data, byteCount: e.len) }
        }
        for c in cores {
            for e in c.wlog.atomics {
                if e.sparse { addSparse(gm.pointer(e.addr), e.data, e.len) }
                else { add(gm.pointer(e.addr), e.data, e.len, ElementType(rawValue: e.type) ?? .f32) }
            }
        }
        for c in cores {
            c.wlog.reset(bindings: gm.bindings.count)
            c.gmReads.removeAll()
            c.gmWrites.removeAll()
            c.gmAtomics.removeAll()
        }
    }

    /// `add` of f32 addends logged sparse: a bitmap of the non-zero words, then those words.
    /// A zero word is added as +0.0, exactly as the dense form adds it (-0.0 becomes +0.0).
    static func addSparse(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ len: Int) {
        let words = len / 4
        var next = src + (words + 7) / 8
        for i in 0..<words {
            var v: Float = 0
            if src.load(fromByteOffset: i >> 3, as: UInt8.self) & UInt8(1 << (i & 7)) != 0 {
                v = Float(bitPattern: next.loadUnaligned(as: UInt32.self))
                next += 4
            }
            dst.storeBytes(of: dst.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) + v, toByteOffset: 4 * i, as: Float.self)
        }
    }

    /// dst[i] += src[i] element-wise: f32 in f32, f16 in f32 rounded once to f16, i32 wrapping.
    static func add(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ len: Int, _ t: ElementType) {
        switch t {
        case .f32:
            for i in stride(from: 0, to: len, by: 4) {
                dst.storeBytes(of: dst.loadUnaligned(fromByteOffset: i, as: Float.self) + src.loadUnaligned(fromByteOffset: i, as: Float.self), toByteOffset: i, as: Float.self)
            }
        case .f16:
            for i in stride(from: 0, to: len, by: 2) {
                let v = Half.toFloat(dst.loadUnaligned(fromByteOffset: i, as: UInt16.self)) + Half.toFloat(src.loadUnaligned(fromByteOffset: i, as: UInt16.self))
                dst.storeBytes(of: Half.fromFloat(v, .rn), toByteOffset: i, as: UInt16.self)
            }
        default:
            for i in stride(from: 0, to: len, by: 4) {
                dst.storeBytes(of: dst.loadUnaligned(fromByteOffset: i, as: UInt32.self) &+ src.loadUnaligned(fromByteOffset: i, as: UInt32.self), toByteOffset: i, as: UInt32.self)
            }
        }
    }
}
