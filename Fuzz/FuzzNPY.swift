// libFuzzer target: the .npy reader on arbitrary bytes (scripts/fuzz.sh npy SECONDS).
//
// Properties: reading never traps and never allocates what the file does not hold; an array
// that reads back encodes (as np.save would) to a file that reads to the same array.
import NPY

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let array: NPYArray
    do { array = try NPY.read(bytes: bytes, name: "fuzz.npy") } catch { return 0 }
    if array.data.count > size { fatalError("read more data than the file holds") }
    do {
        let again = try NPY.read(bytes: try NPY.encode(array), name: "again.npy")
        if again.dtype != array.dtype || again.shape != array.shape || again.data != array.data {
            fatalError("encode/read round trip changed the array")
        }
    } catch {
        fatalError("an array that was read does not encode and read back: \(error)")
    }
    return 0
}
