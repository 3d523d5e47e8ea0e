import ISA
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a GM binding starts with: bytes to copy in (fewer than its size, or none, leave zeros)
/// or a block to use in place.
enum GMContent {
    case bytes([UInt8])
    case block(GMBlock)
}

/// Global memory: the bound GM parameters at 512-byte-aligned addresses from 4096 up (so that
/// address 0 and small addresses fault), each parameter's bytes in a `GMBlock` of its own.
///
/// During an epoch (between sync_alls) GM is read-only: cores log their writes and atomic adds
/// (`GMWriteLog`) and the simulator applies them at the epoch's end in core order. A core's reads
/// see the epoch's starting contents plus its own logged writes, so the data every core sees is
/// independent of host thread scheduling even when a kernel races. (Write-only parameters,
/// which no core reads, take their writes at once: `RunOptions.writeOnly`.)
final class GlobalMemory: @unchecked Sendable {
    static let base: UInt64 = 4096
    static let alignment: UInt64 = 512

    let bindings: [GMBinding]
    /// Binding starts, sorted (bindings are laid out in parameter order).
    let starts: [UInt64]
    let ends: [UInt64]
    /// Each binding's memory: mapped zero pages (a page is zeroed by the system when first
    /// touched, and returned when the block goes), or the caller's block.
    let blocks: [GMBlock]
    /// `blocks[i].base`, for the address arithmetic of every access.
    private let hosts: [UnsafeMutableRawPointer]

    /// `contents[i]` is copied in (or adopted, for a block), then released (set to empty bytes),
    /// so that a large host buffer the caller gave up dies here.
    init(bindings: [GMBinding], contents: inout [GMContent]) {
        self.bindings = bindings
        starts = bindings.map(\.address)
        ends = bindings.map { $0.address + UInt64($0.size) }
        var blocks: [GMBlock] = []
        for (i, b) in bindings.enumerated() {
            if i < contents.count, case .block(let k) = contents[i] {
                blocks.append(k)
            } else {
                let k = GMBlock(zeros: b.size)
                if i < contents.count, case .bytes(let bytes) = contents[i] {
                    bytes.withUnsafeBytes { src in
                        if let p = src.baseAddress { k.base.copyMemory(from: p, byteCount: min(src.count, b.size)) }
                    }
                }
                blocks.append(k)
            }
            if i < contents.count { contents[i] = .bytes([]) }
        }
        self.blocks = blocks
        hosts = blocks.map(\.base)
    }

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

    /// The host address of GM `addr`, which lies in binding `b`.
    @inline(__always) func pointer(_ addr: UInt64, in b: Int) -> UnsafeMutableRawPointer { hosts[b] + Int(addr &- starts[b]) }

    /// Human-readable description of where an address lies, for error messages.
    func describe(_ addr: UInt64) -> String {
        for (i, b) in bindings.enumerated() where addr >= starts[i] && addr < ends[i] {
            return "0x\(String(addr, radix: 16)) (\(b.name)+\(addr - starts[i]))"
        }
        return "0x\(String(addr, radix: 16))"
    }
}
