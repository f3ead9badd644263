import CPlatform

/// Starts bringing the cache line at `address` in, for a lookup a few steps later (a hint: it
/// never faults, whatever the address). For tables far bigger than the caches, where each probe
/// otherwise waits on memory: the search index's builder (`SearchIndex.Builder`).
@inline(__always)
package func prefetch(_ address: UnsafeRawPointer) { cplatform_prefetch(address) }
