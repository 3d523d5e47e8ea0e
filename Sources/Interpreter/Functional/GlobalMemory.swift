import ISA
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Global memory: one byte array shared by every core, holding the bound GM parameters at
/// 512-byte-aligned addresses from 4096 up (so that address 0 and small addresses fault).
///
/// During an epoch (between sync_alls) the array is read-only: cores log their writes and
/// atomic adds (`GMWriteLog`) and the simulator applies them at the epoch's end in core order.
/// A core's reads see the epoch's starting contents plus its own logged writes, so the data
/// every core sees is independent of host thread scheduling even when a kernel races.
final class GlobalMemory: @unchecked Sendable {
    static let base: UInt64 = 4096
    static let alignment: UInt64 = 512

    let bindings: [GMBinding]
    /// Binding starts, sorted (bindings are laid out in parameter order).
    let starts: [UInt64]
    let ends: [UInt64]
    let bytes: UnsafeMutableRawPointer
    let size: Int
    /// `bytes` are mapped zero pages (freed with munmap), not a heap block: no memset of the
    /// whole GM up front (the kernel hands out zero pages as they are touched), and the pages
    /// go back to the system when the run ends.
    private let mapped: Bool

    /// `contents[i]` (possibly shorter than binding i: the rest stays zero) is copied in, then
    /// released (set to empty), so that a large host buffer the caller gave up dies here.
    init(bindings: [GMBinding], contents: inout [[UInt8]]) {
        self.bindings = bindings
        starts = bindings.map(\.address)
        ends = bindings.map { $0.address + UInt64($0.size) }
        let total = Int((ends.last ?? GlobalMemory.base) - GlobalMemory.base)
        size = total
        if let p = PageMapping.zeroed(max(total, 1)) {
            bytes = p
            mapped = true
        } else {
            bytes = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1), alignment: 64)
            bytes.initializeMemory(as: UInt8.self, repeating: 0, count: max(total, 1))
            mapped = false
        }
        for (i, b) in bindings.enumerated() where i < contents.count {
            contents[i].withUnsafeBytes { src in
                if let p = src.baseAddress { (bytes + Int(b.address - GlobalMemory.base)).copyMemory(from: p, byteCount: min(src.count, b.size)) }
            }
            contents[i] = []
        }
    }

    deinit { if mapped { munmap(bytes, max(size, 1)) } else { bytes.deallocate() } }

    /// Lays out GM parameters: 512-byte aligned from 4096, in order. Zero-size buffers get one
    /// alignment unit of address space so that no two parameters share an address.
    /// `layout`, or nil if the addresses overflow (sizes summing past 2^63).
    static func layout(checked sizes: [Int]) -> [UInt64]? {
        var a = base
        for s in sizes {
            let (rounded, o1) = UInt64(max(s, 1)).addingReportingOverflow(alignment - 1)
            let (next, o2) = a.addingReportingOverflow(rounded / alignment * alignment)
            if o1 || o2 || next > UInt64(Int.max) { return nil }
            a = next
        }
        return layout(sizes)
    }

    static func layout(_ sizes: [Int]) -> [UInt64] {
        var a = base
        var out: [UInt64] = []
        for s in sizes {
            out.append(a)
            a += (UInt64(max(s, 1)) + alignment - 1) / alignment * alignment
        }
        return out
    }

    /// Index of the binding holding all of [addr, addr + len), or -1.
    @inline(__always) func buffer(containing addr: UInt64, _ len: Int) -> Int {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= addr { lo = mid + 1 } else { hi = mid }
        }
        let i = lo - 1
        if i < 0 { return -1 }
        let end = addr &+ UInt64(len)
        return end >= addr && end <= ends[i] && (len > 0 || addr < ends[i]) ? i : -1
    }

    @inline(__always) func pointer(_ addr: UInt64) -> UnsafeMutableRawPointer { bytes + Int(addr - GlobalMemory.base) }

    /// Human-readable description of where an address lies, for error messages.
    func describe(_ addr: UInt64) -> String {
        for (i, b) in bindings.enumerated() where addr >= starts[i] && addr < ends[i] {
            return "0x\(String(addr, radix: 16)) (\(b.name)+\(addr - starts[i]))"
        }
        return "0x\(String(addr, radix: 16))"
    }
}
