#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The host memory of one GM buffer, which a run uses in place: bound with
/// `KernelArgument.block`, the kernel reads and writes these very bytes (no copy in), and asked
/// for with `RunOptions.blockOutputs`, a run hands its buffer out as one (no copy out).
///
/// Why: the MSDA training forward stores gigabytes of corners that the backward reads. Copied
/// out of the forward's GM into an array and then into the backward's GM, they were touched three
/// times, and the fresh pages of the two copies (faulted in and zeroed by the system) were most
/// of the system time of `vrun msda bwd --workload paper`; as a block they are written once and
/// read in place.
///
/// A reference type: a run that binds a block writes into it, so every holder of the block sees
/// the final contents afterwards. A block may be bound to one parameter of one run at a time
/// (`args.block-shared` otherwise). Equal blocks are the same block.
public final class GMBlock: @unchecked Sendable, Equatable {
    /// Bytes in the block.
    public let count: Int
    let base: UnsafeMutableRawPointer
    /// Mapped zero pages (freed with munmap) or, if the system refused a mapping, a heap block.
    private let mapped: Bool

    /// `count` zero bytes. Mapped pages: no memset up front, the system zeroes a page when it is
    /// first touched.
    public init(zeros count: Int) {
        precondition(count >= 0, "GMBlock(zeros:) needs a count >= 0")
        self.count = count
        if let p = PageMapping.zeroed(max(count, 1)) {
            base = p
            mapped = true
        } else {
            base = .allocate(byteCount: max(count, 1), alignment: 64)
            base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
            mapped = false
        }
    }

    /// A block holding a copy of `bytes`.
    public convenience init(copying bytes: [UInt8]) {
        self.init(zeros: bytes.count)
        bytes.withUnsafeBytes { if let p = $0.baseAddress { base.copyMemory(from: p, byteCount: $0.count) } }
    }

    deinit { if mapped { munmap(base, max(count, 1)) } else { base.deallocate() } }

    /// The contents, copied into an array.
    public var bytes: [UInt8] { withUnsafeBytes { [UInt8]($0) } }

    /// Reads the contents in place.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    public static func == (a: GMBlock, b: GMBlock) -> Bool { a === b }
}
