import CPlatform

/// Starts bringing the cache line at `address` in, for a lookup a few steps later (a hint: it
/// never faults, whatever the address). For tables far bigger than the caches, where each probe
/// otherwise waits on memory: the search index's builder (`SearchIndex.Builder`).
@inline(__always)
package func prefetch(_ address: UnsafeRawPointer) { cplatform_prefetch(address) }

/// Where a `[UInt8]` keeps its count and its bytes, so that they can be fetched ahead of their use
/// from the array's buffer address alone, without going through the array (which would wait for
/// them). This is the Swift runtime's layout of an array buffer: an object header of two words,
/// the count, the capacity, then the elements; a test pins it (`byteArrayLayout`, in
/// `SearchTests.swift`). Only prefetch addresses are made from it, so were it ever to change,
/// lookups would be slower, never wrong.
package enum ByteArrayLayout {
    package static let countOffset = 16
    package static let elementsOffset = 32

    /// The address of the buffer of the `[UInt8]` stored at `array`.
    @inline(__always)
    package static func buffer(ofArrayAt array: UnsafeRawPointer) -> UnsafeRawPointer {
        array.load(as: UnsafeRawPointer.self)
    }

    /// Starts fetching the head of the `[UInt8]` stored at `array` (its count and capacity).
    @inline(__always)
    package static func prefetchHead(ofArrayAt array: UnsafeRawPointer) {
        prefetch(buffer(ofArrayAt: array))
    }

    /// Starts fetching where the next byte appended to the `[UInt8]` stored at `array` goes: reads
    /// its count, so best called once its head is in the cache (`prefetchHead` a few steps before).
    @inline(__always)
    package static func prefetchEnd(ofArrayAt array: UnsafeRawPointer) {
        let buffer = buffer(ofArrayAt: array)
        prefetch(buffer + elementsOffset + buffer.load(fromByteOffset: countOffset, as: Int.self))
    }
}
