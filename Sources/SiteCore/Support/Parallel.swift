import Dispatch

/// Runs `body` for 0..<count on all cores and returns the results in index order,
/// so parallel work never changes the output's order (builds stay byte-identical).
@inlinable
package func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    if count == 0 { return [] }
    let slots = Slots<T>(count)
    if count == 1 {
        slots.set(0, body(0))
    } else {
        DispatchQueue.concurrentPerform(iterations: count) { i in slots.set(i, body(i)) }
    }
    return slots.values()
}

/// `parallelMap` in chunks of `chunk` indices, each chunk with a state of its own made by `each`
/// (a stamper, say: something one thread uses in turn) and passed to `body` with each index.
/// Inlinable: made for the caller's types, not called through generic witnesses for each index.
@inlinable
package func parallelMap<T: Sendable, State>(_ count: Int, chunk: Int, each: @Sendable () -> State,
                                             _ body: @Sendable (State, Int) -> T) -> [T] {
    parallelMap((count + chunk - 1) / chunk) { c in
        let state = each()
        return ((c * chunk)..<Swift.min(count, (c + 1) * chunk)).map { body(state, $0) }
    }.flatMap { $0 }
}

/// Calls `body` for 0..<count on all cores, in chunks so that tiny jobs do not pay per-job overhead.
package func parallelForEach(_ count: Int, chunk: Int = 16, _ body: @Sendable (Int) -> Void) {
    if count == 0 { return }
    let chunks = (count + chunk - 1) / chunk
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let end = Swift.min(count, (c + 1) * chunk)
        for i in (c * chunk)..<end { body(i) }
    }
}

/// One slot per index, each written exactly once by one thread: no two threads touch the same
/// slot, and all writes happen before `values()` is read after `concurrentPerform` returns.
/// The buffer is allocated once: an `Array`'s `withUnsafeMutableBufferPointer` briefly moves its
/// storage out, which concurrent callers must not do. `values()` moves the results out (one copy
/// of the bytes, no retain or generic call per element: unspecialized, copying each out of an
/// optional cost a metadata lookup per element, 7 % of a title edit's instructions); it is called
/// exactly once, after every slot is set, so the buffer holds nothing when it is freed.
@usableFromInline
final class Slots<T>: @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutablePointer<T>
    @usableFromInline let count: Int

    @inlinable
    init(_ count: Int) {
        self.count = count
        buffer = .allocate(capacity: count)
    }

    @inlinable
    deinit { buffer.deallocate() }

    @inlinable
    func set(_ i: Int, _ value: T) { (buffer + i).initialize(to: value) }

    @inlinable
    func values() -> [T] {
        Array(unsafeUninitializedCapacity: count) { out, initialized in
            out.baseAddress!.moveInitialize(from: buffer, count: count)
            initialized = count
        }
    }
}

/// A value made on another thread while the caller goes on with other work; `wait()` returns it.
package final class Background<T: Sendable>: Sendable {
    private let result = Locked<T?>(nil)
    private let done = DispatchSemaphore(value: 0)

    package init(_ make: @escaping @Sendable () -> T) {
        let result = self.result, done = self.done
        DispatchQueue.global().async {
            let value = make()
            result.withLock { $0 = value }
            done.signal()
        }
    }

    /// The value, once made (at once when it already is).
    package func wait() -> T {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}
